"""Due dates from the indicative timeline, delays, overdue computation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from irm.core.exceptions import Conflict, PermissionDenied
from irm.reviews import selectors, services
from irm.reviews.models import DelayReason, Stage, TimelineStep
from irm.reviews.tests.conftest import START, bring_to, snapshot
from irm.reviews.timeline import DEFAULT_TIMELINE, compute_due_dates, days_late, steps_for

pytestmark = pytest.mark.django_db


def due(review, stage):
    return review.milestones.get(stage=stage).due_on


def test_default_timeline_follows_the_guidelines_counted_from_the_notification():
    """R-T1: the guidelines' indicative timeline (resolution 8/2 urges States to keep to it)."""
    assert DEFAULT_TIMELINE[Stage.REVIEW_NOTIFIED] == (None, TimelineStep.Anchor.PREVIOUS)
    start = TimelineStep.Anchor.START
    previous = TimelineStep.Anchor.PREVIOUS
    assert DEFAULT_TIMELINE[Stage.FOCAL_POINT_NOMINATED] == (21, start)  # within 3 weeks
    assert DEFAULT_TIMELINE[Stage.KICK_OFF_HELD] == (30, start)  # introductory call within 1 month
    assert DEFAULT_TIMELINE[Stage.CHECKLIST_SUBMITTED] == (61, start)  # within 2 months
    assert DEFAULT_TIMELINE[Stage.CHECKLIST_CIRCULATED] == (30, previous)  # 1 month after that
    assert DEFAULT_TIMELINE[Stage.DESK_REVIEW_DONE] == (30, previous)  # 1 month after that
    assert DEFAULT_TIMELINE[Stage.DIRECT_DIALOGUE_HELD] == (152, start)  # by about month 5
    assert DEFAULT_TIMELINE[Stage.DRAFT_REPORT_SENT] == (183 - 14, start)  # two weeks for comments
    assert DEFAULT_TIMELINE[Stage.SUMMARY_AGREED] == (14, previous)
    assert DEFAULT_TIMELINE[Stage.REPORT_FINALIZED] == (183, start)  # by month 6
    assert DEFAULT_TIMELINE[Stage.REPORT_PUBLISHED][0] is None


def test_nothing_is_due_before_the_review_starts(cycle2):
    """R-T1: the timeline counts from the notification to the State, not from the draw."""
    due_dates = compute_due_dates(steps_for(cycle2.pk), {Stage.LOTS_DRAWN: START})
    assert due_dates[Stage.LOTS_DRAWN] == START
    assert all(due_dates[s] is None for s in Stage.ordered()[1:])


def test_due_dates_follow_the_plan_from_the_notification(cycle2):
    notified = START + timedelta(days=40)  # the State is notified weeks after the draw
    due_dates = compute_due_dates(
        steps_for(cycle2.pk), {Stage.LOTS_DRAWN: START, Stage.REVIEW_NOTIFIED: notified}
    )
    after = {s: (d - notified).days for s, d in due_dates.items() if d is not None and s.index > 1}
    assert after == {
        Stage.FOCAL_POINT_NOMINATED: 21,
        Stage.KICK_OFF_HELD: 30,
        Stage.CHECKLIST_SUBMITTED: 61,
        Stage.CHECKLIST_CIRCULATED: 91,
        Stage.DESK_REVIEW_DONE: 121,
        Stage.DIRECT_DIALOGUE_HELD: 152,
        Stage.DRAFT_REPORT_SENT: 169,
        Stage.SUMMARY_AGREED: 183,
        Stage.REPORT_FINALIZED: 183,
        Stage.SUMMARY_PUBLISHED: 213,
    }


def test_a_late_checklist_moves_the_dialogue_after_the_desk_review(cycle2):
    """R-T1: before, a dialogue fell due on day 152 while the desk review was due on day 172."""
    done = {
        Stage.LOTS_DRAWN: START,
        Stage.REVIEW_NOTIFIED: START,
        Stage.FOCAL_POINT_NOMINATED: START + timedelta(days=21),
        Stage.KICK_OFF_HELD: START + timedelta(days=51),
        Stage.CHECKLIST_SUBMITTED: START + timedelta(days=112),
    }
    due_dates = compute_due_dates(steps_for(cycle2.pk), done)
    assert due_dates[Stage.DESK_REVIEW_DONE] == START + timedelta(days=172)
    assert due_dates[Stage.DIRECT_DIALOGUE_HELD] == START + timedelta(days=172)
    assert due_dates[Stage.DRAFT_REPORT_SENT] == START + timedelta(days=172)
    assert due_dates[Stage.SUMMARY_AGREED] == START + timedelta(days=186)


@given(
    notified=st.integers(min_value=0, max_value=400),
    gaps=st.lists(st.integers(min_value=0, max_value=500), min_size=0, max_size=11),
)
@settings(max_examples=40, deadline=None)
def test_no_stage_is_ever_due_before_the_stage_it_follows(notified, gaps):
    """Property (R-T1): whatever was done when, due dates never run backwards along the stages."""
    from irm.reviews.timeline import DEFAULT_TIMELINE, Step

    steps = {stage: Step(stage, days, anchor) for stage, (days, anchor) in DEFAULT_TIMELINE.items()}
    done = {Stage.LOTS_DRAWN: START, Stage.REVIEW_NOTIFIED: START + timedelta(days=notified)}
    day = done[Stage.REVIEW_NOTIFIED]
    for stage, gap in zip(Stage.ordered()[2:], gaps, strict=False):
        day += timedelta(days=gap)
        done[stage] = day
    due_dates = compute_due_dates(steps, done)
    reference = done[Stage.REVIEW_NOTIFIED]
    for stage in Stage.ordered()[2:]:
        due_on = due_dates[stage]
        if due_on is not None:
            assert due_on >= reference, stage
        reference = done.get(stage) or due_on or reference


def test_due_dates_count_from_the_actual_date_of_the_previous_stage(kenya_review, cast):
    services.set_focal_point(
        actor=cast["secretariat"], review=kenya_review, user=cast["fp-kenya"], on=date(2024, 9, 2)
    )
    assert due(kenya_review, Stage.FOCAL_POINT_NOMINATED) == date(2024, 6, 24)
    # Due a month after the start, but never before the (late) focal point it follows.
    assert due(kenya_review, Stage.KICK_OFF_HELD) == date(2024, 9, 2)
    # The dialogue is due five months after the start when the stages before it are on time.
    assert due(kenya_review, Stage.DIRECT_DIALOGUE_HELD) == START + timedelta(days=152)


def test_a_focal_point_named_before_the_notification_waits_for_it(kenya_review, cast):
    from irm.reviews.models import Milestone

    Milestone.objects.filter(review=kenya_review, stage=Stage.REVIEW_NOTIFIED).delete()
    services.set_focal_point(actor=cast["secretariat"], review=kenya_review, user=cast["fp-kenya"])
    kenya_review.refresh_from_db()
    assert kenya_review.focal_point == cast["fp-kenya"]
    assert kenya_review.stage == Stage.LOTS_DRAWN
    assert due(kenya_review, Stage.FOCAL_POINT_NOMINATED) is None
    services.advance_stage(
        actor=cast["secretariat"], review=kenya_review, stage=Stage.REVIEW_NOTIFIED, on=date(2024, 6, 10)
    )
    assert due(kenya_review, Stage.FOCAL_POINT_NOMINATED) == date(2024, 7, 1)


def test_only_the_secretariat_records_the_notification(kenya_review, cast):
    from irm.reviews.models import Milestone

    Milestone.objects.filter(review=kenya_review, stage=Stage.REVIEW_NOTIFIED).delete()
    before = snapshot(kenya_review)
    with pytest.raises(PermissionDenied):
        services.advance_stage(actor=cast["fp-kenya"], review=kenya_review, stage=Stage.REVIEW_NOTIFIED)
    assert snapshot(kenya_review) == before


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
    # Recorded delays keep moving the later due dates: the dialogue follows the desk review.
    assert due(review, Stage.DESK_REVIEW_DONE) == date(2025, 5, 30)
    assert due(review, Stage.DIRECT_DIALOGUE_HELD) == date(2025, 5, 30)
    row = next(
        r for r in selectors.timeline(review, as_of=date(2025, 4, 10)) if r.stage == Stage.CHECKLIST_SUBMITTED
    )
    assert row.delay is not None
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


def test_init_replans_stored_due_dates_once(kenya_review, cast):
    """R-T1: after the defaults changed, `irm init` brings the stored due dates in line (idempotent)."""
    services.refresh_due_dates(actor=cast["secretariat"], review=kenya_review)
    kenya_review.milestones.filter(stage=Stage.DIRECT_DIALOGUE_HELD).update(due_on=date(2024, 10, 1))
    assert services.replan_due_dates()["milestones_replanned"] == 1
    assert due(kenya_review, Stage.DIRECT_DIALOGUE_HELD) == START + timedelta(days=152)
    assert services.replan_due_dates()["milestones_replanned"] == 0
