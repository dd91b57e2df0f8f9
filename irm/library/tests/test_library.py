"""The knowledge library: submission, publication, who sees what, the search (six languages, Chinese
segmented), the API, the downloads and the include on the checklist pages."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.library import indexing, permissions, selectors, services
from irm.library.models import LibraryDocument, Status
from irm.library.tests.conftest import docx_bytes
from irm.parties.models import State
from irm.search.models import PublicEntry, RestrictedEntry

pytestmark = pytest.mark.django_db


def _search(user, **kw):
    return list(selectors.search(user, selectors.Filters(**kw)))


def test_a_focal_point_submits_for_their_state_and_the_secretariat_publishes(submit, publish, cast):
    document = submit()
    assert document.status == Status.SUBMITTED
    assert sorted(a.number for a in document.articles.all()) == [15, 17]
    item = document.files.get()
    assert item.language == "en" and item.file_type == "txt" and "bribery" in item.text
    event = AuditEvent.objects.get(action="library.document_submitted", object_id=str(document.pk))
    assert event.after is not None
    assert event.after["state"] == "KEN" and event.after["articles"] == [15, 17]
    # Unpublished: in the restricted index only; the public neither sees nor finds it.
    assert RestrictedEntry.objects.filter(kind=indexing.KIND, object_id=document.pk).exists()
    assert not PublicEntry.objects.filter(kind=indexing.KIND, object_id=document.pk).exists()
    assert _search(AnonymousUser(), q="bribery") == []
    assert _search(cast["fp-france"], q="bribery") == []
    assert _search(cast["fp-kenya"], q="bribery") == [document]
    assert _search(cast["secretariat"], q="bribery") == [document]
    publish(document)
    assert AuditEvent.objects.filter(action="library.document_published", object_id=str(document.pk)).exists()
    assert PublicEntry.objects.filter(kind=indexing.KIND, object_id=document.pk).exists()
    assert _search(AnonymousUser(), q="embezzle") == [document]  # stemmed: embezzlement
    assert _search(AnonymousUser(), q="bribery extradition") == []  # every word must match


def test_submission_is_refused_for_another_state_and_to_those_without_a_role(submit, cast):
    with pytest.raises(PermissionDenied):
        submit(actor="fp-france", state="KEN")
    for who in ("observer", "delegate", "expert-nzl", "contrib-kenya"):
        with pytest.raises(PermissionDenied):
            submit(actor=who, state="KEN")
    assert submit(actor="secretariat", state="FRA").state.iso3 == "FRA"


def test_only_the_secretariat_publishes_and_takes_back(
    submit, publish, cast, django_capture_on_commit_callbacks
):
    document = submit()
    with pytest.raises(PermissionDenied):
        services.publish_document(actor=cast["fp-kenya"], document=document)
    publish(document)
    with pytest.raises(Conflict) as refused:
        services.publish_document(actor=cast["secretariat"], document=document)
    assert refused.value.code == "already_published"
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_document(actor=cast["secretariat"], document=document, reason="Repealed")
    event = AuditEvent.objects.get(action="library.document_unpublished")
    assert event.reason == "Repealed"
    assert not PublicEntry.objects.filter(kind=indexing.KIND, object_id=document.pk).exists()
    assert _search(AnonymousUser()) == []
    with pytest.raises(Conflict) as again:
        services.unpublish_document(actor=cast["secretariat"], document=document)
    assert again.value.code == "not_published"


def test_files_go_through_the_upload_validator(submit):
    with pytest.raises(InvalidInput) as wrong:
        submit(filename="act.docx", content=b"plain text named .docx")
    assert wrong.value.code == "attachment_content_mismatch"
    with pytest.raises(InvalidInput) as script:
        submit(filename="act.html", content=b"<html><script>x</script></html>")
    assert script.value.code == "attachment_wrong_type"
    with pytest.raises(InvalidInput) as article:
        submit(articles=[99])
    assert article.value.code == "unknown_article"
    with pytest.raises(InvalidInput) as language:
        submit(language="xx")
    assert language.value.code == "unknown_file_language"
    assert not LibraryDocument.objects.exists()


def test_translations_and_chinese_search(submit, publish, cast, django_capture_on_commit_callbacks):
    document = submit(
        title="中华人民共和国监察法",
        language="zh",
        filename="监察法.docx",
        content=docx_bytes(
            "为了深化国家监察体制改革，加强对所有行使公权力的公职人员的监督，深入开展反腐败工作。"
        ),
        state="FRA",
        actor="secretariat",
        articles=[6, 36],
    )
    assert "反腐败" in document.files.get().text
    with django_capture_on_commit_callbacks(execute=True):
        services.add_file(
            actor=cast["secretariat"],
            document=document,
            language="en",
            translation="machine",
            filename="supervision-law.txt",
            content=b"Supervision Law: deepening the reform of the national supervision system, anti-corruption work.",
        )
    assert AuditEvent.objects.filter(action="library.file_added", object_id=str(document.pk)).exists()
    with pytest.raises(Conflict) as taken:
        services.add_file(
            actor=cast["secretariat"], document=document, language="en", filename="again.txt", content=b"x"
        )
    assert taken.value.code == "language_taken"
    publish(document)
    public = AnonymousUser()
    assert _search(public, q="腐败") == [document]  # a word inside 反腐败 (jieba, search mode)
    assert _search(public, q="supervision") == [document]  # the English translation's text
    assert _search(public, language=["zh"], article=[36]) == [document]
    assert _search(public, language=["fr"]) == []
    assert _search(public, type=["case_law"]) == []


def test_a_focal_point_adds_files_only_before_publication(submit, publish, cast):
    document = submit()
    assert permissions.can_add_file(cast["fp-kenya"], document)
    assert not permissions.can_add_file(cast["fp-france"], document)
    publish(document)
    document.refresh_from_db()
    assert not permissions.can_add_file(cast["fp-kenya"], document)
    with pytest.raises(PermissionDenied):
        services.add_file(
            actor=cast["fp-kenya"], document=document, language="fr", filename="loi.txt", content=b"Loi"
        )


def test_pages_list_filter_and_show_documents(client, submit, publish, cast):
    published = submit(title="Public Procurement and Asset Disposal Act", articles=[9])
    publish(published)
    draft = submit(title="Draft Whistleblower Protection Bill", articles=[33])
    page = client.get(reverse("library:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Public Procurement and Asset Disposal Act" in body and "Whistleblower" not in body
    assert "Kenya" in body and "KEN<" not in body  # the State's name, never its code
    assert client.get(reverse("library:document", args=[draft.pk])).status_code == 404
    client.force_login(cast["fp-kenya"])
    body = client.get(reverse("library:list"), {"article": "33"}).content.decode()
    assert "Whistleblower" in body and "Procurement" not in body and "Not yet published" in body
    detail = client.get(reverse("library:document", args=[draft.pk]))
    assert "Add the document in another language" in detail.content.decode()
    assert detail["Cache-Control"].count("no-store")
    item = draft.files.get()
    download = client.get(reverse("library:file", args=[draft.pk, item.pk]))
    assert download["Content-Disposition"].startswith("attachment") and b"bribery" in b"".join(
        download.streaming_content
    )
    client.force_login(cast["fp-france"])
    assert client.get(reverse("library:file", args=[draft.pk, item.pk])).status_code == 404


def test_submit_page_and_publish_button(client, cast):
    client.force_login(cast["observer"])
    assert client.get(reverse("library:submit")).status_code == 404
    client.force_login(cast["fp-kenya"])
    form = client.get(reverse("library:submit")).content.decode()
    assert "Kenya" in form and "France" not in form  # only their own State
    kenya = State.objects.get(iso3="KEN")
    upload = io.BytesIO(b"Guidelines on the management of conflicts of interest.")
    upload.name = "guidelines.txt"
    answer = client.post(
        reverse("library:submit"),
        {
            "state": kenya.pk,
            "type": "policy",
            "title": "Conflict of interest guidelines",
            "language": "en",
            "translation": "original",
            "file": upload,
            "articles": [],
        },
    )
    document = LibraryDocument.objects.get(title="Conflict of interest guidelines")
    assert answer.status_code == 302 and answer["Location"] == reverse("library:document", args=[document.pk])
    bad = io.BytesIO(b"%PDF-1.4 not really")
    bad.name = "x.docx"
    refused = client.post(
        reverse("library:submit"),
        {
            "state": kenya.pk,
            "type": "law",
            "title": "X",
            "language": "en",
            "translation": "original",
            "file": bad,
        },
    )
    assert refused.status_code == 422 and "not a DOCX file" in refused.content.decode()
    assert client.post(reverse("library:publish", args=[document.pk])).status_code == 302
    document.refresh_from_db()
    assert document.status == Status.SUBMITTED  # a focal point cannot publish
    client.force_login(cast["secretariat"])
    client.post(reverse("library:publish", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED


def test_api_answers_count_and_items(client, submit, publish, cast):
    law = submit(title="Penal Code (bribery of foreign public officials)", articles=[16])
    publish(law)
    submit(title="Unpublished draft", articles=[16])
    answer = client.get("/api/v1/library/documents", {"state": "KEN", "article": "16", "q": "bribery"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["state"] == "KEN" and item["articles"] == [16] and item["languages"] == ["en"]
    assert item["files"][0]["url"].endswith(reverse("library:file", args=[law.pk, law.files.get().pk]))
    assert client.get("/api/v1/library/documents", {"language": "zh"}).json() == {"count": 0, "items": []}
    client.force_login(cast["fp-kenya"])
    assert client.get("/api/v1/library/documents", {"article": "16"}).json()["count"] == 2


def test_exports_are_formula_safe_and_name_things(client, submit, publish):
    document = submit(title='=HYPERLINK("http://x")', articles=[5])
    publish(document)
    answer = client.get(reverse("library:list"), {"format": "csv"})
    assert answer["Content-Disposition"] == 'attachment; filename="irm-library.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[1][2] == "KEN" and rows[1][3] == "Kenya" and rows[1][4] == "Law"
    assert rows[1][5].startswith("'=")
    xlsx = client.get(reverse("library:list"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_sync_and_rebuild_catch_up(submit, publish):
    document = submit()
    publish(document)
    PublicEntry.objects.filter(kind=indexing.KIND).delete()
    assert indexing.sync() == 1
    assert PublicEntry.objects.filter(kind=indexing.KIND, object_id=document.pk).exists()
    assert indexing.sync() == 0
    assert indexing.rebuild() == 1


def test_the_checklist_include_shows_what_the_user_may_see(rf, submit, publish, cast):
    from django.template import Context, Template

    published = submit(title="Public Officers Ethics Act", articles=[8])
    publish(published)
    submit(title="Draft code of conduct", articles=[8])
    template = Template("{% load library %}{% library_documents state 8 %}")
    request = rf.get("/")
    kenya = State.objects.get(iso3="KEN")
    request.user = cast["expert-nzl"]
    shown = template.render(Context({"request": request, "state": kenya}))
    assert "Public Officers Ethics Act" in shown and "Draft code of conduct" not in shown
    request.user = cast["fp-kenya"]
    shown = template.render(Context({"request": request, "state": kenya}))
    assert "Draft code of conduct" in shown and "not yet published" in shown


@pytest.fixture
def kenya_review(cast):
    from irm.cycles.models import Cycle
    from irm.reviews.models import Review

    states = {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NZL", "ZAF"])}
    return Review.objects.create(
        cycle=Cycle.objects.get(number=2),
        state=states["KEN"],
        year=1,
        reviewer_1=states["NZL"],
        reviewer_2=states["ZAF"],
    )


def test_the_executive_summary_cites_published_documents(kenya_review, submit, publish):
    from docx import Document

    from irm.findings.documents import collect, render_docx
    from irm.findings.models import DocumentKind, ReviewOutcome

    outcome = ReviewOutcome.objects.create(review=kenya_review, symbol="CAC/COSP/IRG/II/1/1/Add.99")
    before = collect(kenya_review, DocumentKind.EXECUTIVE_SUMMARY, "en", outcome)
    assert before.sources == []
    cited = submit(title="Public Procurement and Asset Disposal Act", articles=[9], date=date(2015, 12, 18))
    publish(cited)
    submit(title="Unpublished bill", articles=[9])
    submit(title="Witness Protection Act", articles=[32])  # chapter III: not under review in cycle 2
    data = collect(kenya_review, DocumentKind.EXECUTIVE_SUMMARY, "en", outcome)
    assert data.sources == ["Public Procurement and Asset Disposal Act, Law, Dec. 18, 2015"]
    assert data.source_key() != before.source_key()
    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(data))).paragraphs)
    assert "Sources in the knowledge library" in text and "Public Procurement and Asset Disposal Act" in text


def test_the_checklist_article_page_shows_the_states_documents(client, kenya_review, submit, publish, cast):
    from irm.checklists import services as checklist_services

    checklist = checklist_services.start_checklist(actor=cast["fp-kenya"], review=kenya_review)
    publish(submit(title="Public Procurement and Asset Disposal Act", articles=[9]))
    publish(submit(title="France's procurement code", articles=[9], state="FRA", actor="secretariat"))
    client.force_login(cast["fp-kenya"])
    body = client.get(reverse("checklists:article", args=[checklist.pk, 9])).content.decode()
    assert "Library documents of the State on this article" in body
    assert (
        "Public Procurement and Asset Disposal Act" in body and "France&#x27;s procurement code" not in body
    )


def test_the_executive_summary_cites_the_states_authorities_without_contacts(kenya_review, cast):
    from docx import Document

    from irm.directory.tests.factories import make_entry
    from irm.findings.documents import collect, render_docx
    from irm.findings.models import DocumentKind, ReviewOutcome

    outcome = ReviewOutcome.objects.create(review=kenya_review, symbol="CAC/COSP/IRG/II/1/1/Add.98")
    before = collect(kenya_review, DocumentKind.EXECUTIVE_SUMMARY, "en", outcome)
    assert before.authorities == []
    make_entry(cast["secretariat"], provision="6.3", authority="Ethics and Anti-Corruption Commission")
    make_entry(cast["secretariat"], provision="46.13")  # article 46: chapter IV, not under review in cycle 2
    data = collect(kenya_review, DocumentKind.EXECUTIVE_SUMMARY, "en", outcome)
    assert len(data.authorities) == 1 and "Ethics and Anti-Corruption Commission" in data.authorities[0]
    assert data.authorities[0].startswith("Article 6(3)") and "English" in data.authorities[0]
    assert data.source_key() != before.source_key()
    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(data))).paragraphs)
    assert "Competent authorities notified" in text and "Ethics and Anti-Corruption Commission" in text
    assert "mla@example.go.ke" not in text and "+254" not in text  # restricted contacts never cited
