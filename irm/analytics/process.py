"""How long the stages of the country reviews take: pure computation over plain records (no database).

`irm.analytics.selectors` reads the reviews of a cycle into `ReviewFacts` and `DelayFact` records;
the functions here turn them into the figures of the process analytics (docs/apps/analytics.md):

- **A stage's duration** is the number of days from the day the stage before it was done to the day
  it was done, both recorded (on or before the as-of date). The stage before is the previous one in
  the order of `irm.reviews.models.Stage`; the follow-up counts from the report's publication when it
  was recorded and otherwise from the summary's publication (publishing the full report needs the
  State's consent, so it may never happen).
- **Not recorded** is never a duration: a stage with no date although a later stage was done (the
  demo's finished cycle 1 has such reviews), or a stage done while the stage before it has no date,
  is counted as *not recorded*, never as zero days and never as overdue. A stage whose stage before
  is done and which is not done yet is *open* (its elapsed days are reported apart) — except in a
  *finished* cycle (its decided deadline passed and the next cycle started), where every stage still
  without a date is *not recorded*. The report's publication and the follow-up are optional: their
  absence is never a gap. Dates out of order (a stage done before the stage before it) are
  *inconsistent* and left out of the figures.
- **On time** compares the day a stage was done with its indicative due date, computed by
  `irm.reviews.timeline.compute_due_dates` from the review's recorded dates (days after the stage
  before it, or after the start of the review), without the new target dates of recorded delays:
  a delay explains lateness, it does not remove it. An open
  stage past its indicative due date counts as late; an open stage not yet due counts neither way.
- **Median and 90th percentile** interpolate linearly between the sorted values (numpy's default,
  "type 7"), rounded to one decimal.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from irm.reviews.models import Stage
from irm.reviews.timeline import START, Step, compute_due_dates

#: Stages whose absence is not a gap in the record: publishing the full report needs the State's
#: consent, and the follow-up belongs to the next phase. Neither has an indicative due date.
OPTIONAL = frozenset({Stage.REPORT_PUBLISHED, Stage.FOLLOW_UP})


class Status(StrEnum):
    MEASURED = "measured"
    OPEN = "open"
    NOT_RECORDED = "not_recorded"
    NOT_REACHED = "not_reached"
    INCONSISTENT = "inconsistent"


@dataclass(frozen=True)
class ReviewFacts:
    """One review as the analytics needs it: where, which year group, and the days its stages were done."""

    review_id: int
    iso3: str
    region: str
    year: int | None
    done: Mapping[Stage, date]
    dialogue_kind: str = ""


@dataclass(frozen=True)
class DelayFact:
    review_id: int
    stage: str
    category: str


@dataclass(frozen=True)
class StageFact:
    stage: Stage
    status: Status
    days: int | None = None  # measured: the stage's duration; open: days since the stage before
    on_time: bool | None = None  # None: no indicative due date, not decided yet, or not recorded


# --- percentiles ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0 to 100) by linear interpolation between sorted values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return round(value, 1)


def summary(values: Sequence[float]) -> dict[str, Any]:
    return {"reviews": len(values), "median_days": percentile(values, 50), "p90_days": percentile(values, 90)}


# --- one review, one stage --------------------------------------------------------------------------


def previous_stage(stage: Stage, done: Mapping[Stage, date]) -> Stage | None:
    """The stage a stage's duration counts from (see the module docstring)."""
    order = Stage.ordered()
    if stage.index == 0:
        return None
    before = order[stage.index - 1]
    if before in OPTIONAL and before not in done and before.index > 0:
        return order[before.index - 1]
    return before


def _later_done(stage: Stage, done: Mapping[Stage, date]) -> bool:
    return any(s.index > stage.index for s in done)


def stage_fact(
    review: ReviewFacts, stage: Stage, due: date | None, as_of: date, *, finished: bool = False
) -> StageFact:
    """What is known of one stage of one review on `as_of` (in a finished cycle nothing is open).

    `due` is the stage's indicative due date computed from the review's recorded dates."""
    done = review.done
    before = previous_stage(stage, done)
    if before is None:
        raise ValueError("the draw has no duration")
    if stage in done:
        if before not in done:
            return StageFact(stage, Status.NOT_RECORDED)
        days = (done[stage] - done[before]).days
        if days < 0:
            return StageFact(stage, Status.INCONSISTENT)
        return StageFact(stage, Status.MEASURED, days, None if due is None else done[stage] <= due)
    if stage in OPTIONAL and (finished or _later_done(stage, done)):
        return StageFact(stage, Status.NOT_REACHED)
    if finished or _later_done(stage, done):
        return StageFact(stage, Status.NOT_RECORDED)
    if before in done:
        late = None if due is None or as_of <= due else False
        return StageFact(stage, Status.OPEN, (as_of - done[before]).days, late)
    return StageFact(stage, Status.NOT_REACHED)


def measured_stages() -> list[Stage]:
    return Stage.ordered()[1:]


def facts_of(
    review: ReviewFacts, steps: Mapping[Stage, Step], as_of: date, *, finished: bool = False
) -> dict[Stage, StageFact]:
    # The indicative due dates from the recorded dates, without the delays' new target dates.
    dues = compute_due_dates(steps, dict(review.done))
    return {
        stage: stage_fact(review, stage, dues.get(stage), as_of, finished=finished)
        for stage in measured_stages()
    }


def indicative_path(steps: Mapping[Stage, Step], drawn: date) -> dict[Stage, date]:
    """Every stage done on its indicative due date, from a draw on `drawn` (a stage without a due
    date takes no time)."""
    done: dict[Stage, date | None] = {Stage.LOTS_DRAWN: drawn}
    day = drawn
    for stage in Stage.ordered()[1:]:
        due = compute_due_dates(steps, done).get(stage)
        day = max(day, due) if due else day
        done[stage] = day
    return {stage: d for stage, d in done.items() if d is not None}


# --- a cycle ----------------------------------------------------------------------------------------


@dataclass
class Suppression:
    """The public version: a cell computed from fewer than `minimum` reviews is not shown."""

    minimum: int = 0
    cells: int = 0

    def hide(self, count: int) -> bool:
        if self.minimum and 0 < count < self.minimum:
            self.cells += 1
            return True
        return False


def _stage_cell(values: list[int], suppression: Suppression) -> dict[str, Any]:
    if suppression.hide(len(values)):
        return {"reviews": None, "median_days": None, "p90_days": None, "suppressed": True}
    return summary(values)


@dataclass
class Analysis:
    """Every review's stage facts; the report's sections are computed from them."""

    cycle: int
    start_year: int
    as_of: date
    reviews: list[ReviewFacts]
    facts: dict[int, dict[Stage, StageFact]]
    delays: list[DelayFact] = field(default_factory=list)
    steps: Mapping[Stage, Step] = field(default_factory=dict)
    finished: bool = False

    def measured(self, stage: Stage, reviews: Iterable[ReviewFacts] | None = None) -> list[int]:
        """The measured durations of a stage, over every review or the given ones."""
        return [
            fact.days
            for review in (self.reviews if reviews is None else reviews)
            for fact in [self.facts[review.review_id][stage]]
            if fact.status == Status.MEASURED and fact.days is not None
        ]


def analyse(
    *,
    cycle: int,
    start_year: int,
    as_of: date,
    reviews: Iterable[ReviewFacts],
    delays: Iterable[DelayFact],
    steps: Mapping[Stage, Step],
    finished: bool = False,
) -> Analysis:
    reviews = list(reviews)
    facts = {r.review_id: facts_of(r, steps, as_of, finished=finished) for r in reviews}
    return Analysis(cycle, start_year, as_of, reviews, facts, list(delays), steps, finished)


def stage_rows(analysis: Analysis, suppression: Suppression) -> list[dict[str, Any]]:
    """Per stage: the measured durations, the open, not-recorded and inconsistent counts, on time."""
    rows = []
    for stage in measured_stages():
        facts = [analysis.facts[r.review_id][stage] for r in analysis.reviews]
        counts = Counter(f.status for f in facts)
        values = [f.days for f in facts if f.status == Status.MEASURED and f.days is not None]
        open_days = [f.days for f in facts if f.status == Status.OPEN and f.days is not None]
        on_time = sum(1 for f in facts if f.on_time is True)
        late = sum(1 for f in facts if f.on_time is False)
        row: dict[str, Any] = {"stage": stage.value, **_stage_cell(values, suppression)}
        row["open"] = counts[Status.OPEN]
        row["open_median_days"] = None if suppression.hide(len(open_days)) else percentile(open_days, 50)
        row["not_recorded"] = counts[Status.NOT_RECORDED]
        row["inconsistent"] = counts[Status.INCONSISTENT]
        step = analysis.steps.get(stage)
        row["indicative_days"] = step.days if step else None
        row["indicative_from"] = "start" if step and step.anchor == START else "previous_stage"
        if step is None or step.days is None or suppression.hide(on_time + late):
            row.update(on_time=None, late=None, on_time_share=None)
        else:
            row.update(on_time=on_time, late=late, on_time_share=_share(on_time, on_time + late))
        rows.append(row)
    return rows


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def grouped_rows(
    analysis: Analysis, key: Callable[[ReviewFacts], Any], groups: Sequence[Any], suppression: Suppression
) -> list[dict[str, Any]]:
    """Median and 90th percentile of each stage within each group (regional group, year of the draw)."""
    out = []
    for group in groups:
        members = [r for r in analysis.reviews if key(r) == group]
        stages = [
            {"stage": stage.value, **_stage_cell(analysis.measured(stage, members), suppression)}
            for stage in measured_stages()
        ]
        out.append({"group": group, "reviews": len(members), "stages": stages})
    return out


def delays(
    analysis: Analysis, suppression: Suppression
) -> tuple[dict[str, int | None], list[dict[str, Any]]]:
    """Delays by recorded reason: how many were recorded, for how many reviews, at which stages."""
    by_reason: dict[str, list[DelayFact]] = defaultdict(list)
    for delay in analysis.delays:
        by_reason[delay.category].append(delay)
    counts: dict[str, int | None] = {}
    rows: list[dict[str, Any]] = []
    for reason in sorted(by_reason, key=lambda r: (-len(by_reason[r]), r)):
        items = by_reason[reason]
        reviews = len({d.review_id for d in items})
        if suppression.hide(reviews):
            counts[reason] = None
            rows.append(
                {"reason": reason, "delays": None, "reviews": None, "by_stage": {}, "suppressed": True}
            )
            continue
        counts[reason] = len(items)
        by_stage = Counter(d.stage for d in items)
        rows.append(
            {
                "reason": reason,
                "delays": len(items),
                "reviews": reviews,
                "by_stage": {s.value: by_stage[s.value] for s in Stage.ordered() if by_stage[s.value]},
            }
        )
    return counts, rows


def dialogue_to_summary(analysis: Analysis, suppression: Suppression) -> dict[str, Any]:
    """Days from the direct dialogue to the agreed executive summary, both recorded."""

    def days(review: ReviewFacts) -> int | None:
        held, agreed = review.done.get(Stage.DIRECT_DIALOGUE_HELD), review.done.get(Stage.SUMMARY_AGREED)
        if held is None or agreed is None or agreed < held:
            return None
        return (agreed - held).days

    values = {r.review_id: days(r) for r in analysis.reviews}

    def cell(reviews: Iterable[ReviewFacts]) -> dict[str, Any]:
        picked = [v for r in reviews for v in [values[r.review_id]] if v is not None]
        return _stage_cell(picked, suppression)

    kinds = sorted({r.dialogue_kind for r in analysis.reviews if r.dialogue_kind})
    regions = sorted({r.region for r in analysis.reviews})
    return {
        **cell(analysis.reviews),
        "by_kind": {k: cell(r for r in analysis.reviews if r.dialogue_kind == k) for k in kinds},
        "by_region": {g: cell(r for r in analysis.reviews if r.region == g) for g in regions},
    }


def completions_per_year(analysis: Analysis) -> list[dict[str, Any]]:
    """Executive summaries agreed per calendar year against the plan: the year each review's summary
    was due had every stage kept to the indicative timeline from its draw (reviews without a recorded
    draw have no planned year). Completed figures stop at the as-of year."""
    planned: Counter[int] = Counter()
    completed: Counter[int] = Counter()
    for review in analysis.reviews:
        drawn = review.done.get(Stage.LOTS_DRAWN)
        due = indicative_path(analysis.steps, drawn).get(Stage.SUMMARY_AGREED) if drawn else None
        if due is not None:
            planned[due.year] += 1
        agreed = review.done.get(Stage.SUMMARY_AGREED)
        if agreed is not None:
            completed[agreed.year] += 1
    years = set(planned) | set(completed)
    if not years:
        return []
    rows = []
    planned_total = completed_total = 0
    for year in range(min(years), max(years) + 1):
        planned_total += planned[year]
        completed_total += completed[year]
        past = year <= analysis.as_of.year
        rows.append(
            {
                "year": year,
                "planned": planned[year],
                "completed": completed[year] if past else None,
                "planned_cumulative": planned_total,
                "completed_cumulative": completed_total if past else None,
            }
        )
    return rows
