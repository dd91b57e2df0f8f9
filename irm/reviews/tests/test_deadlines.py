"""Due dates from the indicative timeline, delays, overdue computation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from irm.core.exceptions import Conflict, PermissionDenied
from irm.reviews import selectors, services
from irm.reviews.models import DelayReason, Stage, TimelineStep
from irm.reviews.tests.conftest import START, bring_to, snapshot
from irm.reviews.timeline import DEFAULT_TIMELINE, compute_due_dates, days_late, steps_for

pytestmark = pytest.mark.django_db


def due(review, stage):
    return review.milestones.get(stage=stage).due_on


def test_default_timeline_matches_the_issue():
    days = {stage: d for stage, (d, _anchor) in DEFAULT_TIMELINE.items()}
    assert days[Stage.FOCAL_POINT_NOMINATED] == 21
    assert days[Stage.KICK_OFF_HELD] == 30
    assert days[Stage.CHECKLIST_SUBMITTED] == 61
    assert days[Stage.CHECKLIST_CIRCULATED] == 30
    assert days[Stage.DESK_REVIEW_DONE] == 30
    assert DEFAULT_TIMELINE[Stage.DIRECT_DIALOGUE_HELD] == (152, TimelineStep.Anchor.START)
    assert days[Stage.SUMMARY_AGREED] == 14  # comments on the draft within two weeks
    assert days[Stage.REPORT_PUBLISHED] is None


def test_due_dates_before_anything_is_done_follow_the_plan(cycle2):
    due_dates = compute_due_dates(steps_for(cycle2.pk), {Stage.LOTS_DRAWN: START})
    assert due_dates[Stage.FOCAL_POINT_NOMINATED] == START + timedelta(days=21)
    assert due_dates[Stage.KICK_OFF_HELD] == START + timedelta(days=51)
    assert due_dates[Stage.CHECKLIST_SUBMITTED] == START + timedelta(days=112)
    assert due_dates[Stage.DIRECT_DIALOGUE_HELD] == START + timedelta(days=152)
    assert due_dates[Stage.DRAFT_REPORT_SENT] == START + timedelta(days=182)


def test_due_dates_count_from_the_actual_date_of_the_previous_stage(kenya_review, cast):
    services.set_focal_point(
        actor=cast["secretariat"], review=kenya_review, user=cast["fp-kenya"], on=date(2024, 9, 2)
    )
    assert due(kenya_review, Stage.FOCAL_POINT_NOMINATED) == date(2024, 6, 24)
    assert due(kenya_review, Stage.KICK_OFF_HELD) == date(2024, 10, 2)
    # The dialogue is due five months after the draw whatever happens before.
    assert due(kenya_review, Stage.DIRECT_DIALOGUE_HELD) == START + timedelta(days=152)


def test_recorded_delay_sets_a_new_target_and_replans_later_stages(kenya_review, cast):
    review = bring_to(kenya_review, Stage.KICK_OFF_HELD, actor=cast["secretariat"])
    services.record_delay(
        actor=cast["secretariat"],
        review=review,
        stage=Stage.CHECKLIST_SUBMITTED,
        category=DelayReason.CHECKLIST,
        new_due_on=date(2025, 3, 31),
        reason="Agencies late",
    )
    assert due(review, Stage.CHECKLIST_SUBMITTED) == date(2025, 3, 31)
    assert due(review, Stage.CHECKLIST_CIRCULATED) == date(2025, 4, 30)
    row = next(
        r for r in selectors.timeline(review, as_of=date(2025, 4, 10)) if r.stage == Stage.CHECKLIST_SUBMITTED
    )
    assert row.days_late == 10 and row.delay.category == DelayReason.CHECKLIST


@pytest.mark.parametrize("username", ["fp-kenya", "expert-nzl", "fp-france"])
def test_only_the_secretariat_records_delays(kenya_review, cast, username):
    before = snapshot(kenya_review)
    with pytest.raises(PermissionDenied):
        services.record_delay(
            actor=cast[username],
            review=kenya_review,
            stage=Stage.FOCAL_POINT_NOMINATED,
            category=DelayReason.POLITICAL,
            new_due_on=date(2025, 1, 1),
        )
    assert snapshot(kenya_review) == before


def test_no_delay_on_a_done_stage(kenya_review, cast):
    review = bring_to(kenya_review, Stage.FOCAL_POINT_NOMINATED, actor=cast["secretariat"])
    with pytest.raises(Conflict):
        services.record_delay(
            actor=cast["secretariat"],
            review=review,
            stage=Stage.FOCAL_POINT_NOMINATED,
            category=DelayReason.OTHER,
            new_due_on=date(2025, 1, 1),
        )


def test_days_late():
    assert days_late(date(2024, 1, 10), None, date(2024, 1, 25)) == 15
    assert days_late(date(2024, 1, 10), date(2024, 1, 12), date(2024, 3, 1)) == 2
    assert days_late(date(2024, 1, 10), None, date(2024, 1, 5)) == 0
    assert days_late(None, None, date(2024, 1, 5)) == 0


def test_overview_shows_how_late_the_open_stage_is_and_filters_overdue(kenya_review, cast, cycle2):
    rows = selectors.overview(cast["secretariat"], cycle2, as_of=date(2024, 7, 4), overdue=True)
    assert [(r.review.state.iso3, r.open_stage, r.days_late) for r in rows] == [
        ("KEN", Stage.FOCAL_POINT_NOMINATED, 10)
    ]
    assert selectors.overview(cast["secretariat"], cycle2, as_of=date(2024, 6, 10), overdue=True) == []
    # Outside the review's circle, no delays are shown.
    public = selectors.overview(cast["fp-france"], cycle2, as_of=date(2024, 7, 4))
    assert public[0].days_late == 0 and public[0].due_on is None


def test_editing_the_timeline_moves_the_due_dates(kenya_review, cast, cycle2):
    services.refresh_due_dates(actor=cast["secretariat"], review=kenya_review)
    services.set_timeline_step(
        actor=cast["secretariat"], cycle=cycle2, stage=Stage.FOCAL_POINT_NOMINATED, days=42
    )
    assert due(kenya_review, Stage.FOCAL_POINT_NOMINATED) == START + timedelta(days=42)
    with pytest.raises(PermissionDenied):
        services.set_timeline_step(actor=cast["fp-kenya"], cycle=cycle2, stage=Stage.KICK_OFF_HELD, days=1)
