"""The indicative timeline of a review and the due dates it gives (pure computation, no writes).

Defaults (issue 4; DOMAIN.md "A country review"): focal point 3 weeks after the drawing of lots,
kick-off call 1 month later, checklist answer 2 months later, translation and circulation 1 month,
desk review 1 month, direct dialogue by month 5 from the draw, draft report 1 month after the
dialogue, comments (and agreement on the executive summary) within 2 weeks, final report a month
later, publication of the summary in the six languages a month after agreement. The publication of
the full report (needs the State's consent) and the follow-up have no due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from irm.reviews.models import Review, Stage, TimelineStep

ORDER = Stage.ordered()

START = TimelineStep.Anchor.START
PREVIOUS = TimelineStep.Anchor.PREVIOUS

#: stage → (days, anchor). LOTS_DRAWN is the start itself.
DEFAULT_TIMELINE: dict[Stage, tuple[int | None, str]] = {
    Stage.FOCAL_POINT_NOMINATED: (21, PREVIOUS),
    Stage.KICK_OFF_HELD: (30, PREVIOUS),
    Stage.CHECKLIST_SUBMITTED: (61, PREVIOUS),
    Stage.CHECKLIST_CIRCULATED: (30, PREVIOUS),
    Stage.DESK_REVIEW_DONE: (30, PREVIOUS),
    Stage.DIRECT_DIALOGUE_HELD: (152, START),
    Stage.DRAFT_REPORT_SENT: (30, PREVIOUS),
    Stage.SUMMARY_AGREED: (14, PREVIOUS),
    Stage.REPORT_FINALIZED: (30, PREVIOUS),
    Stage.SUMMARY_PUBLISHED: (30, PREVIOUS),
    Stage.REPORT_PUBLISHED: (None, PREVIOUS),
    Stage.FOLLOW_UP: (None, PREVIOUS),
}


@dataclass(frozen=True)
class Step:
    stage: Stage
    days: int | None
    anchor: str


def steps_for(cycle_id: int) -> dict[Stage, Step]:
    """The cycle's timeline: its own rows where edited, the defaults elsewhere."""
    steps = {stage: Step(stage, days, anchor) for stage, (days, anchor) in DEFAULT_TIMELINE.items()}
    for row in TimelineStep.objects.filter(cycle_id=cycle_id):
        stage = Stage(row.stage)
        if stage in steps:
            steps[stage] = Step(stage, row.days, row.anchor)
    return steps


def compute_due_dates(
    steps: Mapping[Stage, Step],
    done: Mapping[Stage, date | None],
    overrides: Mapping[Stage, date] | None = None,
) -> dict[Stage, date | None]:
    """Each stage's due date: counted from the previous stage's actual date (its due date while it
    is not done), or from the draw for steps anchored at the start. A recorded delay's new target
    date replaces the computed one, and later stages count from it."""
    overrides = overrides or {}
    start = done.get(Stage.LOTS_DRAWN)
    due: dict[Stage, date | None] = {Stage.LOTS_DRAWN: start}
    reference: date | None = start  # the date the next stage counts from
    for stage in Stage.ordered()[1:]:
        step = steps.get(stage)
        value: date | None = None
        if step is not None and step.days is not None:
            base = start if step.anchor == START else reference
            value = base + timedelta(days=step.days) if base else None
        if stage in overrides:
            value = overrides[stage]
        due[stage] = value
        actual = done.get(stage)
        if actual is not None:
            reference = actual
        elif value is not None:
            reference = value
    return due


def planned_dates(steps: Mapping[Stage, Step], start: date | None) -> dict[Stage, date | None]:
    """The baseline: every stage on time from the draw (the "planned" line of the chart)."""
    return compute_due_dates(steps, {Stage.LOTS_DRAWN: start})


def days_late(due_on: date | None, done_on: date | None, as_of: date) -> int:
    """How late a stage is (or was, when done): 0 when on time or without a due date."""
    if due_on is None:
        return 0
    end = done_on or as_of
    return max(0, (end - due_on).days)


def latest_overrides(delays: Iterable) -> dict[Stage, date]:
    """The new target date of the latest recorded delay of each stage."""
    result: dict[Stage, date] = {}
    for delay in sorted(delays, key=lambda d: (d.recorded_at, d.id)):
        result[Stage(delay.stage)] = delay.new_due_on
    return result


def settled_stage(done: dict[Stage, date | None]) -> Stage:
    """The stage a review is at: the last of the unbroken run of done stages from the draw.

    Publishing the full report is optional (it needs consent), so follow-up may come straight
    after the summary's publication.
    """
    current = Stage.LOTS_DRAWN
    for stage in ORDER[1:]:
        if done.get(stage):
            current = stage
        elif stage == Stage.REPORT_PUBLISHED and done.get(Stage.FOLLOW_UP):
            continue
        else:
            break
    return current


def next_stage(review: Review, done: dict[Stage, date | None] | None = None) -> Stage | None:
    """The stage that can be marked done next (None at the end)."""
    if done is None:
        done = {Stage(m.stage): m.done_on for m in review.milestones.all()}
    current = settled_stage(done)
    for stage in ORDER[current.index + 1 :]:
        if not done.get(stage):
            return stage
    return None


def allowed_next_stages(review: Review, done: dict[Stage, date | None]) -> list[Stage]:
    following = next_stage(review, done)
    if following is None:
        return []
    stages = [following]
    if following == Stage.REPORT_PUBLISHED and not done.get(Stage.FOLLOW_UP):
        stages.append(Stage.FOLLOW_UP)
    return stages
