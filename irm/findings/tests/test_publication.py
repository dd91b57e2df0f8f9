"""Who sees findings and documents: the confidential circle before publication, everyone after;
the full report only with the State's consent, and no longer once consent is withdrawn."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from irm.findings import permissions, services
from irm.findings.models import DocumentKind
from irm.findings.tests.conftest import make_review
from irm.reviews import services as review_services
from irm.reviews.models import Milestone, Review, Stage

pytestmark = pytest.mark.django_db


def publish_summary(actor, review: Review) -> None:
    review_services.publish(actor=actor, review=review, what="executive_summary")


def consent(actor, review: Review, value: bool) -> None:
    review_services.record_report_consent(actor=actor, review=review, consent=value, reason="test")


def publish_report(actor, review: Review) -> None:
    review_services.publish(actor=actor, review=review, what="country_report")


@pytest.fixture
def agreed(cast, review):
    services.create_finding(
        actor=cast["expert-nzl"], review=review, type="observation", articles=[5], text="A draft observation."
    )
    Milestone.objects.update_or_create(
        review=review, stage=Stage.SUMMARY_AGREED, defaults={"done_on": date(2023, 3, 1)}
    )
    Milestone.objects.update_or_create(
        review=review, stage=Stage.REPORT_FINALIZED, defaults={"done_on": date(2023, 3, 15)}
    )
    return review


def _api_findings(client: Client, review: Review) -> int:
    return client.get(f"/api/v1/findings/reviews/{review.pk}/findings").status_code


def _doc(client: Client, review: Review, kind: str) -> int:
    return client.get(f"/findings/reviews/{review.pk}/documents/{kind}/?language=en").status_code


def _as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_drafts_are_visible_only_to_the_confidential_circle(cast, agreed):
    for username in ("secretariat", "fp-kenya", "contrib-kenya", "expert-nzl"):
        assert _api_findings(_as(cast[username]), agreed) == 200, username
    for username in ("secretariat", "fp-kenya", "expert-nzl"):
        assert _doc(_as(cast[username]), agreed, DocumentKind.EXECUTIVE_SUMMARY) == 200, username
    # A contributor reads the draft summary only once the focal point shares it (issue 14 §5).
    assert _doc(_as(cast["contrib-kenya"]), agreed, DocumentKind.EXECUTIVE_SUMMARY) == 404
    for user in (None, cast["fp-france"], cast["delegate"], cast["observer"]):
        assert _api_findings(_as(user), agreed) == 404
        assert _doc(_as(user), agreed, DocumentKind.EXECUTIVE_SUMMARY) == 404
        assert _doc(_as(user), agreed, DocumentKind.COUNTRY_REPORT) == 404
        assert not permissions.visible_to(user or _anonymous()).filter(review=agreed).exists()


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_published_summary_is_public_but_the_report_needs_consent(cast, agreed):
    publish_summary(cast["secretariat"], agreed)
    public = _as(None)
    assert _api_findings(public, agreed) == 200
    assert (
        public.get(f"/api/v1/findings/reviews/{agreed.pk}/findings").json()[0]["text"]
        == "A draft observation."
    )
    assert _doc(public, agreed, DocumentKind.EXECUTIVE_SUMMARY) == 200
    assert _doc(public, agreed, DocumentKind.COUNTRY_REPORT) == 404
    outcomes = public.get("/api/v1/findings/states/KEN/outcomes").json()
    assert outcomes[0]["executive_summary_public_or_visible"] is True
    assert outcomes[0]["country_report_visible"] is False
    assert outcomes[0]["documents"]["country_report"] == {}
    page = public.get("/findings/states/KEN/").content.decode()
    assert "executive_summary" in page and "country_report/?language" not in page


def test_report_with_consent_is_public_and_withdrawing_consent_unpublishes_it(cast, agreed):
    publish_summary(cast["secretariat"], agreed)
    consent(cast["fp-kenya"], agreed, True)
    publish_report(cast["secretariat"], agreed)
    public = _as(None)
    assert _doc(public, agreed, DocumentKind.COUNTRY_REPORT) == 200
    assert public.get("/api/v1/findings/states/KEN/outcomes").json()[0]["country_report_visible"] is True
    consent(cast["fp-kenya"], agreed, False)
    assert _doc(public, agreed, DocumentKind.COUNTRY_REPORT) == 404
    assert public.get("/api/v1/findings/states/KEN/outcomes").json()[0]["country_report_visible"] is False
    assert _doc(_as(cast["fp-kenya"]), agreed, DocumentKind.COUNTRY_REPORT) == 200  # still the circle's
    assert _doc(public, agreed, DocumentKind.EXECUTIVE_SUMMARY) == 200  # the summary stays public


def test_comments_and_follow_up_stay_in_the_circle_after_publication(cast, agreed):
    finding = agreed.findings.first()
    services.add_comment(actor=cast["fp-kenya"], finding=finding, text="Please mention the 2022 law.")
    publish_summary(cast["secretariat"], agreed)
    assert permissions.comments_visible_to(cast["fp-kenya"]).count() == 1
    assert permissions.comments_visible_to(_anonymous()).count() == 0
    assert permissions.comments_visible_to(cast["fp-france"]).count() == 0
    page = _as(None).get(f"/findings/reviews/{agreed.pk}/").content.decode()
    assert "A draft observation." in page and "2022 law" not in page


def test_other_states_focal_point_cannot_draft_or_comment(cast, review):
    from irm.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_finding(actor=cast["fp-france"], review=review, type="observation", text="x")
    finding = services.create_finding(actor=cast["secretariat"], review=review, type="observation", text="y")
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=cast["fp-france"], finding=finding, text="z")
    assert finding.comments.count() == 0
    assert not make_review("BRA", reviewers=("NZL", "FRA")).findings.exists()
