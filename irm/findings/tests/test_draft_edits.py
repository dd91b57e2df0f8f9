"""A draft finding is deleted, and the narrative of a review's outcome is written, by the review's
drafters only — audited."""

from __future__ import annotations

import pytest

from irm.core.exceptions import PermissionDenied
from irm.core.models import AuditEvent
from irm.findings import services
from irm.findings.models import Finding, ReviewOutcome

pytestmark = pytest.mark.django_db


def test_a_draft_finding_is_deleted_with_its_reason_by_a_drafter_only(cast, review):
    finding = services.create_finding(
        actor=cast["expert-nzl"], review=review, type="observation", text="Duplicate of another."
    )
    with pytest.raises(PermissionDenied):
        services.delete_finding(actor=cast["fp-france"], finding=finding, reason="Not mine.")
    assert Finding.objects.filter(pk=finding.pk).exists()
    services.delete_finding(actor=cast["expert-nzl"], finding=finding, reason="Duplicate.")
    assert not Finding.objects.filter(pk=finding.pk).exists()
    event = AuditEvent.objects.get(action="findings.delete")
    assert event.before is not None
    assert event.reason == "Duplicate." and event.before["text"] == "Duplicate of another."


def test_the_narrative_of_the_outcome_is_written_by_a_drafter_only(cast, review):
    with pytest.raises(PermissionDenied):
        services.set_review_outcome_text(
            actor=cast["fp-france"], review=review, introduction="Not mine.", legal_framework=""
        )
    assert not ReviewOutcome.objects.filter(review=review, introduction="Not mine.").exists()
    outcome = services.set_review_outcome_text(
        actor=cast["secretariat"],
        review=review,
        introduction="  Kenya was reviewed in its second year.  ",
        legal_framework="The Constitution of 2010.",
    )
    assert outcome.introduction == "Kenya was reviewed in its second year."
    event = AuditEvent.objects.get(action="findings.outcome_text")
    assert event.before is not None and event.after is not None
    assert (
        event.after["legal_framework"] == "The Constitution of 2010." and event.before["introduction"] == ""
    )
