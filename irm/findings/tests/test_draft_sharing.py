"""Contributors read draft findings of their articles only, and the draft summary and report only once
the focal point shares them (issue 14 §5)."""

from __future__ import annotations

import pytest

from irm.checklists import services as checklist_services
from irm.convention.models import Article, Chapter
from irm.core.exceptions import PermissionDenied
from irm.core.models import AuditEvent
from irm.findings import services
from irm.findings.models import DraftSharing, Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(review, cast):
    checklist = checklist_services.start_checklist(actor=cast["fp-kenya"], review=review)
    checklist_services.assign_article(
        actor=cast["fp-kenya"],
        checklist=checklist,
        article=Article.objects.get(number=5),
        user=cast["contrib-kenya"],
    )
    for number in (5, 9):
        finding = Finding.objects.create(
            review=review,
            type="challenge",
            chapter=Chapter.objects.get(number=2),
            text=f"Draft on article {number}",
        )
        finding.articles.set([Article.objects.get(number=number)])
    return review


def test_a_contributor_sees_the_drafts_of_assigned_articles_only(client, cast, drafts):
    client.force_login(cast["contrib-kenya"])
    page = client.get(f"/findings/reviews/{drafts.pk}/").content.decode()
    assert "Draft on article 5" in page and "Draft on article 9" not in page
    other = Finding.objects.get(text="Draft on article 9")
    assert client.post(f"/findings/findings/{other.pk}/comment/", {"body": "x"}).status_code == 404
    assert not other.comments.exists()
    client.force_login(cast["fp-kenya"])
    page = client.get(f"/findings/reviews/{drafts.pk}/").content.decode()
    assert "Draft on article 5" in page and "Draft on article 9" in page


def test_the_focal_point_shares_the_draft_documents_with_the_contributors(client, cast, drafts):
    document = f"/findings/reviews/{drafts.pk}/documents/executive_summary/?language=en"
    client.force_login(cast["contrib-kenya"])
    assert client.get(document).status_code == 404
    assert client.post(f"/findings/reviews/{drafts.pk}/share-drafts/", {"shared": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.share_drafts(actor=cast["contrib-kenya"], review=drafts, shared=True)
    assert not DraftSharing.objects.exists()

    client.force_login(cast["fp-kenya"])
    page = client.get(f"/findings/reviews/{drafts.pk}/").content.decode()
    assert 'id="share-drafts"' in page and "Share the draft executive summary" in page
    client.post(f"/findings/reviews/{drafts.pk}/share-drafts/", {"shared": "1"})
    event = AuditEvent.objects.filter(action="findings.drafts_shared").get()
    assert event.object_id == str(drafts.pk) and event.actor_id == cast["fp-kenya"].pk

    client.force_login(cast["contrib-kenya"])
    assert client.get(document).status_code == 200

    client.force_login(cast["fp-kenya"])
    client.post(f"/findings/reviews/{drafts.pk}/share-drafts/", {"shared": "0"})
    assert AuditEvent.objects.filter(action="findings.drafts_unshared").count() == 1
    client.force_login(cast["contrib-kenya"])
    assert client.get(document).status_code == 404
