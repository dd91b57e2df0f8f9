"""Issue 17 §8: a review whose stages were never recorded (imported histories, the demo) reads
"not recorded", never thousands of days late; a finished review is never overdue."""

from __future__ import annotations

from datetime import date

import pytest

from irm.reviews import selectors
from irm.reviews.models import Review, Stage

pytestmark = pytest.mark.django_db


def test_a_finished_review_without_recorded_stages_is_not_late(client, cast, kenya_review):
    Review.objects.filter(pk=kenya_review.pk).update(stage=Stage.SUMMARY_PUBLISHED)
    review = Review.objects.get(pk=kenya_review.pk)
    rows = selectors.timeline(review, as_of=date(2033, 1, 1))
    by_stage = {row.stage: row for row in rows}
    assert by_stage[Stage.DESK_REVIEW_DONE].not_recorded and by_stage[Stage.DESK_REVIEW_DONE].days_late == 0
    assert not by_stage[Stage.LOTS_DRAWN].not_recorded  # recorded: its date is shown
    assert all(row.days_late == 0 for row in rows)
    assert selectors.current_delay(review, as_of=date(2033, 1, 1))[2] == 0
    client.force_login(cast["secretariat"])
    page = client.get("/reviews/2/KEN/workflow/").content.decode()
    assert "not recorded" in page


def test_an_ongoing_review_is_late_only_from_the_stage_it_has_reached(kenya_review):
    Review.objects.filter(pk=kenya_review.pk).update(stage=Stage.CHECKLIST_SUBMITTED)
    review = Review.objects.get(pk=kenya_review.pk)
    rows = {row.stage: row for row in selectors.timeline(review, as_of=date(2033, 1, 1))}
    assert rows[Stage.KICK_OFF_HELD].not_recorded and rows[Stage.KICK_OFF_HELD].days_late == 0
    assert rows[Stage.CHECKLIST_CIRCULATED].is_next
    stage, _due, late = selectors.current_delay(review, as_of=date(2033, 1, 1))
    assert stage == Stage.CHECKLIST_CIRCULATED and late > 0
