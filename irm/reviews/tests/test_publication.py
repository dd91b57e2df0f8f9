"""Publication: the summary once agreed; the full report only with the State's consent."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from irm.core.exceptions import Conflict, PermissionDenied
from irm.core.models import AuditEvent
from irm.reviews import permissions, services
from irm.reviews.models import Stage
from irm.reviews.tests.conftest import bring_to, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalized(kenya_review, cast):
    return bring_to(
        kenya_review, Stage.REPORT_FINALIZED, actor=cast["secretariat"], expert=cast["expert-nzl"]
    )


def test_summary_published_becomes_public(finalized, cast):
    public = AnonymousUser()
    assert not permissions.can_view_summary(public, finalized)
    services.publish(
        what="executive_summary", actor=cast["secretariat"], review=finalized, on=date(2024, 12, 2)
    )
    finalized.refresh_from_db()
    assert finalized.stage == Stage.SUMMARY_PUBLISHED
    assert permissions.can_view_summary(public, finalized)
    assert not permissions.can_view_report(public, finalized)


def test_summary_can_be_published_once_agreed_before_the_report_is_final(kenya_review, cast):
    review = bring_to(
        kenya_review, Stage.SUMMARY_AGREED, actor=cast["secretariat"], expert=cast["expert-nzl"]
    )
    services.publish(what="executive_summary", actor=cast["secretariat"], review=review)
    review.refresh_from_db()
    assert review.stage == Stage.SUMMARY_AGREED  # the report is still to be finalized
    services.advance_stage(actor=cast["secretariat"], review=review, stage=Stage.REPORT_FINALIZED)
    review.refresh_from_db()
    assert review.stage == Stage.SUMMARY_PUBLISHED


def test_summary_not_published_before_agreement(kenya_review, cast):
    review = bring_to(
        kenya_review, Stage.DRAFT_REPORT_SENT, actor=cast["secretariat"], expert=cast["expert-nzl"]
    )
    before = snapshot(review)
    with pytest.raises(Conflict):
        services.publish(what="executive_summary", actor=cast["secretariat"], review=review)
    assert snapshot(review) == before


@pytest.mark.parametrize("username", ["fp-kenya", "expert-nzl", "fp-france"])
def test_only_the_secretariat_publishes(finalized, cast, username):
    before = snapshot(finalized)
    with pytest.raises(PermissionDenied):
        services.publish(what="executive_summary", actor=cast[username], review=finalized)
    with pytest.raises(PermissionDenied):
        services.publish(what="country_report", actor=cast[username], review=finalized)
    assert snapshot(finalized) == before


def test_report_publication_refused_without_consent(finalized, cast):
    services.publish(what="executive_summary", actor=cast["secretariat"], review=finalized)
    before = snapshot(finalized)
    with pytest.raises(Conflict) as error:
        services.publish(what="country_report", actor=cast["secretariat"], review=finalized)
    assert error.value.code == "no_consent"
    assert snapshot(finalized) == before


def test_focal_point_consents_then_the_report_is_public(finalized, cast):
    services.publish(
        what="executive_summary", actor=cast["secretariat"], review=finalized, on=date(2024, 12, 2)
    )
    services.record_report_consent(actor=cast["fp-kenya"], review=finalized, consent=True)
    services.publish(what="country_report", actor=cast["secretariat"], review=finalized, on=date(2025, 1, 6))
    finalized.refresh_from_db()
    assert finalized.stage == Stage.REPORT_PUBLISHED
    assert permissions.can_view_report(AnonymousUser(), finalized)


def test_withdrawing_consent_unpublishes_and_keeps_the_history(finalized, cast):
    services.publish(what="executive_summary", actor=cast["secretariat"], review=finalized)
    services.record_report_consent(actor=cast["fp-kenya"], review=finalized, consent=True)
    services.publish(what="country_report", actor=cast["secretariat"], review=finalized)
    services.record_report_consent(
        actor=cast["fp-kenya"], review=finalized, consent=False, reason="New government"
    )
    finalized.refresh_from_db()
    assert not finalized.report_publication_consent
    assert finalized.milestones.get(stage=Stage.REPORT_PUBLISHED).done_on is None
    assert finalized.stage == Stage.SUMMARY_PUBLISHED
    assert not permissions.can_view_report(AnonymousUser(), finalized)
    actions = list(AuditEvent.objects.filter(object_id=str(finalized.pk)).values_list("action", flat=True))
    assert actions[-3:] == [
        "review.report_consent_given",
        "review.report_published",
        "review.report_consent_withdrawn",
    ]


@pytest.mark.parametrize("username", ["fp-france", "expert-nzl", "contrib-kenya"])
def test_consent_is_the_states_or_the_secretariats(finalized, cast, username):
    before = snapshot(finalized)
    with pytest.raises(PermissionDenied):
        services.record_report_consent(actor=cast[username], review=finalized, consent=True)
    assert snapshot(finalized) == before


def test_follow_up_may_come_without_publishing_the_full_report(finalized, cast):
    services.publish(what="executive_summary", actor=cast["secretariat"], review=finalized)
    services.advance_stage(actor=cast["fp-kenya"], review=finalized, stage=Stage.FOLLOW_UP)
    finalized.refresh_from_db()
    assert finalized.stage == Stage.FOLLOW_UP
