"""The process analytics' rules on hand-made records (no database): durations, not recorded, on time."""

from __future__ import annotations

from datetime import date

import pytest

from irm.analytics import process
from irm.analytics.process import ReviewFacts, Status, Suppression
from irm.reviews.models import Stage
from irm.reviews.timeline import DEFAULT_TIMELINE, Step

S = Stage
STEPS = {stage: Step(stage, days, anchor) for stage, (days, anchor) in DEFAULT_TIMELINE.items()}
AS_OF = date(2024, 1, 1)


def facts(
    done: dict[Stage, date], *, review_id: int = 1, region: str = "AFRICA", year: int = 1
) -> ReviewFacts:
    return ReviewFacts(review_id=review_id, iso3=f"S{review_id:02d}", region=region, year=year, done=done)


def test_percentile_interpolates_between_sorted_values():
    assert process.percentile([10, 20, 30, 40], 50) == 25.0
    assert process.percentile([10, 20, 30, 40], 90) == 37.0
    assert process.percentile([7], 90) == 7.0
    assert process.percentile([], 50) is None


def test_a_stage_lasts_from_the_stage_before_to_its_own_date():
    review = facts(
        {
            S.LOTS_DRAWN: date(2020, 1, 1),
            S.REVIEW_NOTIFIED: date(2020, 1, 1),
            S.FOCAL_POINT_NOMINATED: date(2020, 3, 1),
        }
    )
    fact = process.facts_of(review, STEPS, AS_OF)[S.FOCAL_POINT_NOMINATED]
    assert (fact.status, fact.days) == (Status.MEASURED, 60)


def test_a_stage_skipped_in_the_record_is_not_recorded_never_zero_days_nor_overdue():
    # The review moved on to the kick-off without a date for the focal point's nomination.
    review = facts(
        {
            S.LOTS_DRAWN: date(2020, 1, 1),
            S.REVIEW_NOTIFIED: date(2020, 1, 1),
            S.KICK_OFF_HELD: date(2020, 5, 1),
        }
    )
    found = process.facts_of(review, STEPS, AS_OF)
    assert found[S.FOCAL_POINT_NOMINATED] == process.StageFact(S.FOCAL_POINT_NOMINATED, Status.NOT_RECORDED)
    # The kick-off was recorded, but its duration needs the nomination's date: not recorded either.
    assert found[S.KICK_OFF_HELD].status == Status.NOT_RECORDED
    assert found[S.KICK_OFF_HELD].days is None
    assert found[S.KICK_OFF_HELD].on_time is None


def test_an_open_stage_is_late_once_past_its_indicative_date():
    review = facts({S.LOTS_DRAWN: date(2023, 1, 1), S.REVIEW_NOTIFIED: date(2023, 1, 1)})
    fact = process.facts_of(review, STEPS, AS_OF)[S.FOCAL_POINT_NOMINATED]
    assert fact.status == Status.OPEN
    assert fact.days == (AS_OF - date(2023, 1, 1)).days
    assert fact.on_time is False
    not_yet = process.facts_of(review, STEPS, date(2023, 1, 5))[S.FOCAL_POINT_NOMINATED]
    assert not_yet.on_time is None


def test_in_a_finished_cycle_nothing_is_open_or_overdue():
    review = facts(
        {
            S.LOTS_DRAWN: date(2011, 1, 1),
            S.REVIEW_NOTIFIED: date(2011, 1, 1),
            S.FOCAL_POINT_NOMINATED: date(2011, 2, 1),
        }
    )
    found = process.facts_of(review, STEPS, AS_OF, finished=True)
    assert found[S.KICK_OFF_HELD].status == Status.NOT_RECORDED
    assert found[S.KICK_OFF_HELD].on_time is None
    assert not [f for f in found.values() if f.status == Status.OPEN]


def test_the_full_reports_publication_and_the_follow_up_are_optional():
    done: dict[Stage, date] = {
        stage: date(2020, 1, 1 + i) for i, stage in enumerate(Stage.ordered()) if stage != S.REPORT_PUBLISHED
    }
    found = process.facts_of(facts(done), STEPS, AS_OF)
    assert found[S.REPORT_PUBLISHED].status == Status.NOT_REACHED
    # The follow-up then counts from the summary's publication.
    assert found[S.FOLLOW_UP].status == Status.MEASURED
    assert found[S.FOLLOW_UP].days == (done[S.FOLLOW_UP] - done[S.SUMMARY_PUBLISHED]).days
    finished = process.facts_of(
        facts({S.LOTS_DRAWN: date(2011, 1, 1), S.REVIEW_NOTIFIED: date(2011, 1, 1)}),
        STEPS,
        AS_OF,
        finished=True,
    )
    assert finished[S.FOLLOW_UP].status == Status.NOT_REACHED


def test_dates_out_of_order_are_left_out():
    review = facts(
        {
            S.LOTS_DRAWN: date(2020, 5, 1),
            S.REVIEW_NOTIFIED: date(2020, 5, 1),
            S.FOCAL_POINT_NOMINATED: date(2020, 1, 1),
        }
    )
    assert process.facts_of(review, STEPS, AS_OF)[S.FOCAL_POINT_NOMINATED].status == Status.INCONSISTENT


def row_of(rows: list[dict], stage: Stage) -> dict:
    return next(row for row in rows if row["stage"] == stage.value)


def _analysis(reviews: list[ReviewFacts]) -> process.Analysis:
    return process.analyse(cycle=2, start_year=2016, as_of=AS_OF, reviews=reviews, delays=[], steps=STEPS)


def test_stage_rows_count_measured_open_and_not_recorded_apart():
    reviews = [
        facts(
            {
                S.LOTS_DRAWN: date(2020, 1, 1),
                S.REVIEW_NOTIFIED: date(2020, 1, 1),
                S.FOCAL_POINT_NOMINATED: date(2020, 1, 11),
            },
            review_id=1,
        ),
        facts(
            {
                S.LOTS_DRAWN: date(2020, 1, 1),
                S.REVIEW_NOTIFIED: date(2020, 1, 1),
                S.FOCAL_POINT_NOMINATED: date(2020, 1, 31),
            },
            review_id=2,
        ),
        facts({S.LOTS_DRAWN: date(2020, 1, 1), S.REVIEW_NOTIFIED: date(2020, 1, 1)}, review_id=3),
        facts(
            {
                S.LOTS_DRAWN: date(2020, 1, 1),
                S.REVIEW_NOTIFIED: date(2020, 1, 1),
                S.KICK_OFF_HELD: date(2020, 3, 1),
            },
            review_id=4,
        ),
    ]
    row = row_of(process.stage_rows(_analysis(reviews), Suppression()), S.FOCAL_POINT_NOMINATED)
    assert (row["reviews"], row["median_days"], row["p90_days"]) == (2, 20.0, 28.0)
    assert (row["open"], row["not_recorded"]) == (1, 1)
    # Review 1 was on time (10 days of 21), review 2 late, review 3 is open and overdue.
    assert (row["on_time"], row["late"], row["on_time_share"]) == (1, 2, 0.3333)


def test_the_public_version_hides_cells_of_fewer_reviews_than_the_minimum():
    reviews = [
        facts(
            {
                S.LOTS_DRAWN: date(2020, 1, 1),
                S.REVIEW_NOTIFIED: date(2020, 1, 1),
                S.FOCAL_POINT_NOMINATED: date(2020, 1, 1 + i),
            },
            review_id=i,
        )
        for i in range(1, 4)
    ]
    suppression = Suppression(minimum=5)
    row = row_of(process.stage_rows(_analysis(reviews), suppression), S.FOCAL_POINT_NOMINATED)
    assert row["suppressed"] is True
    assert (row["reviews"], row["median_days"], row["p90_days"], row["on_time_share"]) == (
        None,
        None,
        None,
        None,
    )
    assert suppression.cells > 0
    shown = row_of(process.stage_rows(_analysis(reviews), Suppression(minimum=3)), S.FOCAL_POINT_NOMINATED)
    assert shown["median_days"] == 2.0


def test_delays_are_counted_by_reason_and_hidden_when_few_in_public():
    analysis = _analysis(
        [
            facts({S.LOTS_DRAWN: date(2020, 1, 1), S.REVIEW_NOTIFIED: date(2020, 1, 1)}, review_id=i)
            for i in range(1, 7)
        ]
    )
    analysis.delays = [process.DelayFact(i, "checklist_submitted", "checklist") for i in range(1, 6)] + [
        process.DelayFact(6, "direct_dialogue_held", "pandemic")
    ]
    counts, rows = process.delays(analysis, Suppression())
    assert counts == {"checklist": 5, "pandemic": 1}
    assert rows[0] == {
        "reason": "checklist",
        "delays": 5,
        "reviews": 5,
        "by_stage": {"checklist_submitted": 5},
    }
    public_counts, public_rows = process.delays(analysis, Suppression(minimum=5))
    assert public_counts == {"checklist": 5, "pandemic": None}
    assert public_rows[1]["suppressed"] is True


def test_completions_per_year_against_the_indicative_plan():
    drawn = date(2020, 7, 1)
    planned = process.indicative_path(STEPS, drawn)[S.SUMMARY_AGREED]
    reviews = [
        facts(
            {S.LOTS_DRAWN: drawn, S.REVIEW_NOTIFIED: drawn, S.SUMMARY_AGREED: date(2022, 3, 1)}, review_id=1
        ),
        facts({S.LOTS_DRAWN: drawn, S.REVIEW_NOTIFIED: drawn}, review_id=2),
    ]
    rows = process.completions_per_year(_analysis(reviews))
    by_year = {row["year"]: row for row in rows}
    assert by_year[planned.year]["planned"] == 2
    assert by_year[2022]["completed"] == 1
    assert rows[-1]["completed_cumulative"] == 1
    assert rows[-1]["planned_cumulative"] == 2


def test_dialogue_to_summary_needs_both_dates():
    reviews = [
        ReviewFacts(
            1,
            "A",
            "AFRICA",
            1,
            {S.DIRECT_DIALOGUE_HELD: date(2020, 1, 1), S.SUMMARY_AGREED: date(2020, 5, 1)},
            "on_site",
        ),
        ReviewFacts(2, "B", "AFRICA", 1, {S.DIRECT_DIALOGUE_HELD: date(2020, 1, 1)}, "joint_meeting"),
    ]
    result = process.dialogue_to_summary(_analysis(reviews), Suppression())
    assert (result["reviews"], result["median_days"]) == (1, 121.0)
    assert result["by_kind"]["joint_meeting"]["reviews"] == 0


@pytest.mark.parametrize("stage", process.measured_stages())
def test_every_stage_after_the_draw_has_a_row(stage):
    rows = process.stage_rows(
        _analysis([facts({S.LOTS_DRAWN: date(2020, 1, 1), S.REVIEW_NOTIFIED: date(2020, 1, 1)})]),
        Suppression(),
    )
    assert stage.value in [row["stage"] for row in rows]
