"""The indicative timeline of a review and the due dates it gives (pure computation, no writes).

The guidelines for governmental experts and the secretariat set an indicative timeline, which
resolution 8/2 urges States to keep to (seed S002, item 2). It counts from the start of the review —
the notification to the State under review, its own stage (`Stage.REVIEW_NOTIFIED`) — not from the
drawing of lots: focal point within 3 weeks; introductory tele- or videoconference within 1 month;
checklist answer within 2 months; translation and circulation within 1 month after that; desk review
within 1 month after that; direct dialogue by about month 5; draft report, its agreed version and the
executive summary by month 6, with two weeks for comments on the draft. The publication of the
executive summary a month after its agreement is the project's own default (no source); the full
report's publication (needs the State's consent) and the follow-up have no due date.

No stage is due before the stage it follows: a step counted from the start is moved to the previous
stage's date (actual, or due while not done) when that is later — so a late checklist moves the
dialogue after the desk review instead of leaving it due before (docs/RULES.md R-T1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from irm.reviews.models import Review, Stage, TimelineStep

ORDER = Stage.ordered()

START = TimelineStep.Anchor.START
PREVIOUS = TimelineStep.Anchor.PREVIOUS

#: Days in the guidelines' months (one month 30 days, two 61, five 152, six 183).
MONTH_DAYS = {1: 30, 2: 61, 5: 152, 6: 183}
#: Comments on a draft: two weeks.
COMMENT_DAYS = 14

#: stage → (days, anchor). The start is the notification (`REVIEW_NOTIFIED`), which has no due date
#: of its own by default (no source says how soon after the draw it comes: a setting of the cycle).
DEFAULT_TIMELINE: dict[Stage, tuple[int | None, str]] = {
    Stage.REVIEW_NOTIFIED: (None, PREVIOUS),
    Stage.FOCAL_POINT_NOMINATED: (21, START),  # within 3 weeks
    Stage.KICK_OFF_HELD: (MONTH_DAYS[1], START),  # introductory tele-/videoconference within 1 month
    Stage.CHECKLIST_SUBMITTED: (MONTH_DAYS[2], START),  # checklist answer within 2 months
    Stage.CHECKLIST_CIRCULATED: (MONTH_DAYS[1], PREVIOUS),  # translation, circulation: 1 month after
    Stage.DESK_REVIEW_DONE: (MONTH_DAYS[1], PREVIOUS),  # desk review: 1 month after that
    Stage.DIRECT_DIALOGUE_HELD: (MONTH_DAYS[5], START),  # by about month 5
    Stage.DRAFT_REPORT_SENT: (MONTH_DAYS[6] - COMMENT_DAYS, START),  # leaves two weeks for comments
    Stage.SUMMARY_AGREED: (COMMENT_DAYS, PREVIOUS),  # comments on the draft within two weeks
    Stage.REPORT_FINALIZED: (MONTH_DAYS[6], START),  # the agreed report by month 6
    Stage.SUMMARY_PUBLISHED: (MONTH_DAYS[1], PREVIOUS),  # the project's default, no source
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
    is not done), or from the start of the review (the notification: its actual date, or its due
    date while it is not done) for steps anchored at the start — and never before the previous
    stage's date. A recorded delay's new target date replaces the computed one, and later stages
    count from it. Before the review has started (no notification date, actual or due), later
    stages have no due date."""
    overrides = overrides or {}
    drawn = done.get(Stage.LOTS_DRAWN)
    due: dict[Stage, date | None] = {Stage.LOTS_DRAWN: drawn}
    reference: date | None = drawn  # the date the next stage counts from
    start: date | None = None  # the start of the review
    for stage in Stage.ordered()[1:]:
        step = steps.get(stage)
        value: date | None = None
        if step is not None and step.days is not None:
            base = start if step.anchor == START and stage != Stage.REVIEW_NOTIFIED else reference
            if base is not None and (stage == Stage.REVIEW_NOTIFIED or start is not None):
                value = base + timedelta(days=step.days)
                if reference is not None and value < reference:
                    value = reference  # never due before the stage it follows
        if stage in overrides:
            value = overrides[stage]
        due[stage] = value
        actual = done.get(stage)
        if actual is not None:
            reference = actual
        elif value is not None:
            reference = value
        if stage == Stage.REVIEW_NOTIFIED:
            start = actual or value
    return due


def planned_dates(
    steps: Mapping[Stage, Step], drawn: date | None, notified: date | None = None
) -> dict[Stage, date | None]:
    """The baseline: every stage on time from the start of the review (the "planned" line of the
    chart); without a notification date, from its due date if it has one."""
    done: dict[Stage, date | None] = {Stage.LOTS_DRAWN: drawn}
    if notified is not None:
        done[Stage.REVIEW_NOTIFIED] = notified
    return compute_due_dates(steps, done)


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
