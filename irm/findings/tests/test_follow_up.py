"""Follow-up as the State's own report: four statuses, evidence, history, options off by default, publication."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.test import Client

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.findings import permissions, services
from irm.findings.models import FollowUpEvidence, FollowUpReport, FollowUpStatus
from irm.findings.tests.conftest import agree_summary, make_review
from irm.reviews.models import Milestone, ReviewExpert, Stage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def earlier(cast):
    """Kenya's cycle-1 review (summary agreed) with one recommendation; its cycle-2 review, with expert-nzl."""
    first = make_review("KEN", cycle=1)
    rec = services.create_finding(
        actor=cast["secretariat"], review=first, type="recommendation", text="Adopt a whistle-blower law."
    )
    agree_summary(first)
    later = make_review("KEN", cycle=2)
    assert later.reviewer_1 is not None
    ReviewExpert.objects.get_or_create(
        review=later, user=cast["expert-nzl"], defaults={"state": later.reviewer_1}
    )
    return rec, later


def test_the_four_statuses_and_how_the_six_old_ones_map():
    migration = importlib.import_module("irm.findings.migrations.0004_follow_up_four_statuses")
    assert set(migration.FORWARD) == {
        "implemented",
        "partly_implemented",
        "in_progress",
        "not_started",
        "not_applicable",
    }
    assert set(migration.FORWARD.values()) <= set(FollowUpStatus.values)
    assert [s for s in FollowUpStatus.values if s] == [
        "implemented",
        "partially_implemented",
        "not_implemented",
        "no_longer_applicable",
    ]
    assert migration.FORWARD["in_progress"] == "partially_implemented"
    assert "in_progress         -> partially_implemented" in (migration.__doc__ or "")


def test_every_report_is_kept_with_its_author_and_fields(cast, earlier):
    rec, later = earlier
    services.submit_follow_up(
        actor=cast["fp-kenya"],
        recommendation=rec,
        measures="A bill is drafted.",
        status=FollowUpStatus.PARTIALLY_IMPLEMENTED,
        links=["https://kenyalaw.org/bill-12"],
        responsible_agency="Ministry of Justice",
        planned_date=date(2027, 6, 30),
        reported_on=date(2024, 2, 1),
        reported_in=later,
    )
    services.submit_follow_up(
        actor=cast["contrib-kenya"],
        recommendation=rec,
        measures="The law was adopted.",
        status=FollowUpStatus.IMPLEMENTED,
        reported_on=date(2024, 9, 1),
    )
    rec.refresh_from_db()
    assert rec.follow_up_status == "implemented"
    history = list(
        FollowUpReport.objects.filter(recommendation=rec).values_list(
            "status", "submitted_by__username", "responsible_agency", "planned_date", "links", "reported_in"
        )
    )
    assert history == [
        (
            "partially_implemented",
            "fp-kenya",
            "Ministry of Justice",
            date(2027, 6, 30),
            ["https://kenyalaw.org/bill-12"],
            later.pk,
        ),
        ("implemented", "contrib-kenya", "", None, [], None),
    ]
    assert AuditEvent.objects.filter(action="findings.follow_up_submit").count() == 2


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://x.org/a", "https://"]
)
def test_evidence_links_are_http_or_https_only(cast, earlier, link):
    rec, _later = earlier
    with pytest.raises(InvalidInput) as refused:
        services.submit_follow_up(
            actor=cast["fp-kenya"], recommendation=rec, measures="m", status="implemented", links=[link]
        )
    assert refused.value.code == "invalid_link"
    assert not FollowUpReport.objects.exists()


def test_evidence_documents_go_through_validate_upload(cast, earlier):
    rec, _later = earlier
    report = services.submit_follow_up(
        actor=cast["fp-kenya"], recommendation=rec, measures="m", status="implemented"
    )
    document = services.attach_follow_up_evidence(
        actor=cast["fp-kenya"], report=report, filename="gazette.pdf", content=PDF
    )
    assert (document.filename, document.file_type, document.size) == ("gazette.pdf", "pdf", len(PDF))
    with pytest.raises(InvalidInput) as refused:
        services.attach_follow_up_evidence(
            actor=cast["fp-kenya"], report=report, filename="page.pdf", content=b"<html><script>x</script>"
        )
    assert refused.value.code == "attachment_content_mismatch"
    with pytest.raises(PermissionDenied):
        services.attach_follow_up_evidence(
            actor=cast["fp-france"], report=report, filename="a.pdf", content=PDF
        )
    assert FollowUpEvidence.objects.count() == 1
    assert AuditEvent.objects.filter(action="findings.follow_up_evidence_added").count() == 1


def test_nothing_is_validated_and_the_options_are_off_by_default(cast, earlier):
    """docs/RULES.md "Follow-up of recommendations": ToR para. 40, res. 8/2, CAC/COSP/2023/8."""
    rec, later = earlier
    report = services.submit_follow_up(
        actor=cast["fp-kenya"], recommendation=rec, measures="m", status="not_implemented", reported_in=later
    )
    assert not hasattr(services, "validate_follow_up")
    assert not hasattr(report, "validation")
    options = permissions.follow_up_options(later.cycle)
    assert (options.reviewer_comments, options.secretariat_acknowledgement) == (False, False)
    with pytest.raises(PermissionDenied):
        services.acknowledge_follow_up(actor=cast["secretariat"], report=report)
    with pytest.raises(PermissionDenied):
        services.comment_on_follow_up(actor=cast["expert-nzl"], report=report, text="Which bill?")
    with pytest.raises(PermissionDenied):
        services.set_follow_up_options(
            actor=cast["fp-kenya"],
            cycle=later.cycle,
            reviewer_comments=True,
            secretariat_acknowledgement=True,
        )
    services.set_follow_up_options(
        actor=cast["secretariat"], cycle=later.cycle, reviewer_comments=True, secretariat_acknowledgement=True
    )
    services.comment_on_follow_up(actor=cast["expert-nzl"], report=report, text="Which bill?")
    with pytest.raises(PermissionDenied):
        services.comment_on_follow_up(actor=cast["fp-france"], report=report, text="x")
    with pytest.raises(PermissionDenied):
        services.acknowledge_follow_up(actor=cast["fp-kenya"], report=report)
    services.acknowledge_follow_up(actor=cast["secretariat"], report=report, note="Received.")
    with pytest.raises(Conflict):
        services.acknowledge_follow_up(actor=cast["secretariat"], report=report)
    report.refresh_from_db()
    assert report.acknowledgement_note == "Received." and report.comments.get().text == "Which bill?"
    assert report.status == "not_implemented"  # acknowledgement changes nothing in the State's report
    for action in (
        "findings.follow_up_options",
        "findings.follow_up_comment",
        "findings.follow_up_acknowledge",
    ):
        assert AuditEvent.objects.filter(action=action).exists(), action


def test_experts_of_the_later_review_read_the_follow_up_and_others_do_not(cast, earlier):
    rec, _later = earlier
    report = services.submit_follow_up(
        actor=cast["fp-kenya"], recommendation=rec, measures="m", status="implemented"
    )
    assert permissions.can_view_follow_up(cast["expert-nzl"], rec)
    assert list(permissions.follow_up_visible_to(cast["expert-nzl"])) == [report]
    assert not permissions.can_report_follow_up(cast["expert-nzl"], rec)
    assert not permissions.can_view_follow_up(cast["fp-france"], rec)
    assert not permissions.follow_up_visible_to(cast["fp-france"]).exists()
    assert not permissions.follow_up_visible_to(None).exists()


def test_the_state_publishes_its_follow_up_and_may_withdraw_it(cast, earlier):
    from django.contrib.auth.models import AnonymousUser

    rec, _later = earlier
    services.submit_follow_up(
        actor=cast["fp-kenya"], recommendation=rec, measures="Law adopted.", status="implemented"
    )
    anonymous = AnonymousUser()
    assert not permissions.follow_up_visible_to(anonymous).exists()
    with pytest.raises(PermissionDenied):
        services.publish_follow_up(actor=cast["contrib-kenya"], review=rec.review)
    services.publish_follow_up(actor=cast["fp-kenya"], review=rec.review)
    # R-F2: consent alone publishes nothing while the review's outcome is not public …
    assert not permissions.follow_up_visible_to(anonymous).exists()
    assert not permissions.can_view_follow_up(anonymous, rec)
    # … it joins the public record beside the published executive summary.
    Milestone.objects.create(review=rec.review, stage=Stage.SUMMARY_PUBLISHED, done_on=date(2016, 1, 1))
    assert permissions.follow_up_visible_to(anonymous).get().measures == "Law adopted."
    assert permissions.can_view_follow_up(anonymous, rec)
    services.withdraw_follow_up_publication(actor=cast["fp-kenya"], review=rec.review)
    assert not permissions.follow_up_visible_to(anonymous).exists()
    assert AuditEvent.objects.filter(action="findings.follow_up_published").count() == 1
    assert AuditEvent.objects.filter(action="findings.follow_up_unpublished").count() == 1


def test_follow_up_pages(cast, earlier):
    rec, later = earlier
    client = Client()
    client.force_login(cast["fp-kenya"])
    url = f"/findings/recommendations/{rec.pk}/follow-up/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url,
        {
            "status": "partially_implemented",
            "measures": "Working on it.",
            "responsible_agency": "Ethics and Anti-Corruption Commission",
            "links": "https://eacc.go.ke/report\n",
            "reported_on": "2024-05-01",
            "reported_in": later.pk,
            "document": SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = FollowUpReport.objects.get()
    assert report.reported_in == later and report.documents.count() == 1
    bad = client.post(url, {"status": "implemented", "measures": "x", "links": "javascript:alert(1)"})
    assert bad.status_code == 422 and "http and https" in bad.content.decode()
    assert 'class="invalid-feedback d-block"' in bad.content.decode()  # the error beside its field
    assert "\nx</textarea>" in bad.content.decode()  # what was typed is kept
    client.force_login(cast["expert-nzl"])
    page = client.get(url).content.decode()
    assert "Working on it." in page and "Ethics and Anti-Corruption Commission" in page
    assert "Partially implemented" in page and "Report measures taken" not in page
    assert client.post(url, {"status": "implemented", "measures": "x"}).status_code == 404
    document = client.get(f"/findings/follow-up/evidence/{report.documents.get().pk}/")
    assert document.status_code == 200 and document["Content-Disposition"].startswith("attachment")
    client.force_login(cast["fp-france"])
    assert client.get(url).status_code == 404
    assert client.get(f"/findings/follow-up/evidence/{report.documents.get().pk}/").status_code == 404
    client.force_login(cast["secretariat"])
    options = client.get("/findings/follow-up/options/").content.decode()
    assert "Comments by the reviewing States" in options and "checked" not in options
    client.post("/findings/follow-up/options/", {"cycle": later.cycle.pk, "reviewer_comments": "on"})
    assert permissions.follow_up_options(later.cycle).reviewer_comments is True
    api = client.get(f"/api/v1/findings/recommendations/{rec.pk}/follow-up").json()
    assert api[0]["status_label"] == "Partially implemented" and api[0]["documents"] == ["report.pdf"]
