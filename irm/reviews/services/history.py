"""Service: what happened to many reviews at once, as a loader or an import of past records states it.

The workflow's own services (`advance_stage`, `record_delay`, …) move one review one step at a time,
checking who acts; a history is written whole: the day each stage was done, the direct dialogue, the
delays, then the due dates and the stage pointer as the workflow computes them from those. Writes in
bulk (a few queries for a whole cycle), with one audit event per call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput
from irm.reviews.models import Delay, DelayReason, DialogueType, DirectDialogue, Milestone, Review, Stage
from irm.reviews.timeline import compute_due_dates, latest_overrides, settled_stage, steps_for

#: Reviews one call may write.
MAX_HISTORIES = 5000


@dataclass(frozen=True)
class DialogueRecord:
    kind: str
    starts_on: date | None
    ends_on: date | None
    other_stakeholders: bool
    participants: str = ""
    #: A country visit or joint meeting took place with the State's agreement; None: as the kind
    #: implies (a visit or a joint meeting that was held was agreed to).
    state_agreed: bool | None = None


@dataclass(frozen=True)
class DelayRecord:
    stage: Stage
    category: str
    reason: str
    new_due_on: date


@dataclass(frozen=True)
class StageHistory:
    """One review's past: the day each stage was done (follow-up may come without the report's
    publication), its direct dialogue, its delays, and its languages (set where none are)."""

    review: Review
    done: Mapping[Stage, date]
    dialogue: DialogueRecord | None = None
    delays: Sequence[DelayRecord] = field(default_factory=tuple)
    languages: Sequence[str] = field(default_factory=tuple)


def _check(history: StageHistory) -> None:
    where = {"review": history.review.pk}
    previous: date | None = None
    for stage in Stage.ordered():
        day = history.done.get(stage)
        if day is None:
            continue
        if previous is not None and day < previous:
            raise InvalidInput(f"{stage.label} is dated before the stage it follows.", details=where)
        previous = day
    if history.dialogue is not None and history.dialogue.kind not in DialogueType.values:
        raise InvalidInput(f"Unknown kind of dialogue {history.dialogue.kind!r}.", details=where)
    for delay in history.delays:
        if delay.category not in DelayReason.values:
            raise InvalidInput(f"Unknown reason for a delay {delay.category!r}.", details=where)


def with_notification(done: Mapping[Stage, date]) -> dict[Stage, date]:
    """A past review that went beyond the draw was notified; when its record does not say when, the
    draw's date stands for it (as migration reviews 0004 did for the reviews then recorded): the
    earliest the notification can have been, and the date the timeline counted from before."""
    result = dict(done)
    drawn = result.get(Stage.LOTS_DRAWN)
    later = [s for s in result if s.index > Stage.REVIEW_NOTIFIED.index]
    if Stage.REVIEW_NOTIFIED not in result and later:
        first = min(result[s] for s in later)
        result[Stage.REVIEW_NOTIFIED] = drawn if drawn is not None and drawn <= first else first
    return result


def _write_dialogues(histories: Sequence[StageHistory]) -> None:
    DirectDialogue.objects.filter(review__in=[h.review for h in histories]).delete()
    DirectDialogue.objects.bulk_create(
        DirectDialogue(
            review=h.review,
            kind=h.dialogue.kind,
            starts_on=h.dialogue.starts_on,
            ends_on=h.dialogue.ends_on,
            other_stakeholders=h.dialogue.other_stakeholders,
            participants=h.dialogue.participants,
            state_agreed=(
                h.dialogue.kind in DialogueType.needs_agreement()
                if h.dialogue.state_agreed is None
                else h.dialogue.state_agreed
            ),
        )
        for h in histories
        if h.dialogue is not None
    )


def _overrides(histories: Sequence[StageHistory]) -> dict[int, dict[Stage, date]]:
    """Each review's new target dates: its recorded delays, then the history's (the latest wins)."""
    reviews = [h.review for h in histories]
    overrides: dict[int, dict[Stage, date]] = {}
    recorded: dict[int, list[Delay]] = {}
    for delay in Delay.objects.filter(review__in=reviews):
        recorded.setdefault(delay.review_id, []).append(delay)
    for history in histories:
        latest = latest_overrides(recorded.get(history.review.pk, []))
        latest.update({Stage(d.stage): d.new_due_on for d in history.delays})
        overrides[history.review.pk] = latest
    Delay.objects.bulk_create(
        Delay(review=h.review, stage=d.stage, category=d.category, reason=d.reason, new_due_on=d.new_due_on)
        for h in histories
        for d in h.delays
    )
    return overrides


@transaction.atomic
def record_histories(*, actor: Any, histories: Sequence[StageHistory], reason: str = "") -> int:
    """Write the histories of reviews (see the module); returns how many reviews were written."""
    if len(histories) > MAX_HISTORIES:
        raise InvalidInput(f"At most {MAX_HISTORIES} reviews at a time.")
    for history in histories:
        _check(history)
    if not histories:
        return 0
    reviews = [h.review for h in histories]
    existing = {(m.review_id, Stage(m.stage)): m for m in Milestone.objects.filter(review__in=reviews)}
    overrides = _overrides(histories)
    _write_dialogues(histories)
    steps: dict[int, Any] = {}
    new, changed = [], []
    for history in histories:
        review = history.review
        notified = with_notification(history.done)
        actual: dict[Stage, date | None] = {stage: notified.get(stage) for stage in Stage.ordered()}
        cycle_steps = steps.setdefault(review.cycle_id, steps_for(review.cycle_id))
        due = compute_due_dates(cycle_steps, actual, overrides[review.pk])
        for stage in Stage.ordered():
            milestone = existing.get((review.pk, stage))
            if milestone is None:
                new.append(
                    Milestone(review=review, stage=stage, done_on=actual[stage], due_on=due.get(stage))
                )
            else:
                milestone.done_on, milestone.due_on = actual[stage], due.get(stage)
                changed.append(milestone)
        review.stage = settled_stage(actual)
        published = actual.get(Stage.REPORT_PUBLISHED)
        if published:
            review.report_publication_consent = True
            review.consent_recorded_on = published
        if not review.languages and history.languages:
            review.languages = list(history.languages)
    Milestone.objects.bulk_create(new)
    if changed:
        Milestone.objects.bulk_update(changed, ["done_on", "due_on"])
    Review.objects.bulk_update(
        reviews, ["stage", "report_publication_consent", "consent_recorded_on", "languages"]
    )
    cycles = sorted({r.cycle_id for r in reviews})
    record_event(
        actor=actor,
        action="review.histories_recorded",
        object_type="reviews.review",
        after={
            "cycles": cycles,
            "reviews": len(reviews),
            "stages": {s: sum(1 for r in reviews if r.stage == s) for s in Stage.values},
        },
        reason=reason,
    )
    return len(reviews)
