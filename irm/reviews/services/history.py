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


def _write_milestones(histories: Sequence[StageHistory]) -> dict[int, list[Milestone]]:
    reviews = [h.review for h in histories]
    existing = {(m.review_id, m.stage): m for m in Milestone.objects.filter(review__in=reviews)}
    new, changed = [], []
    for history in histories:
        for stage in Stage.ordered():
            milestone = existing.get((history.review.pk, stage))
            if milestone is None:
                milestone = Milestone(review=history.review, stage=stage)
                new.append(milestone)
            else:
                changed.append(milestone)
            milestone.done_on = history.done.get(stage)
    Milestone.objects.bulk_create(new)
    Milestone.objects.bulk_update(changed, ["done_on"])
    by_review: dict[int, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(review__in=reviews):
        by_review.setdefault(milestone.review_id, []).append(milestone)
    return by_review


def _write_dialogues_and_delays(histories: Sequence[StageHistory]) -> dict[int, list[Delay]]:
    reviews = [h.review for h in histories]
    DirectDialogue.objects.filter(review__in=reviews).delete()
    DirectDialogue.objects.bulk_create(
        DirectDialogue(
            review=h.review,
            kind=h.dialogue.kind,
            starts_on=h.dialogue.starts_on,
            ends_on=h.dialogue.ends_on,
            other_stakeholders=h.dialogue.other_stakeholders,
            participants=h.dialogue.participants,
        )
        for h in histories
        if h.dialogue is not None
    )
    Delay.objects.bulk_create(
        Delay(review=h.review, stage=d.stage, category=d.category, reason=d.reason, new_due_on=d.new_due_on)
        for h in histories
        for d in h.delays
    )
    delays: dict[int, list[Delay]] = {}
    for delay in Delay.objects.filter(review__in=reviews).order_by("pk"):
        delays.setdefault(delay.review_id, []).append(delay)
    return delays


@transaction.atomic
def record_histories(*, actor: Any, histories: Sequence[StageHistory], reason: str = "") -> int:
    """Write the histories of reviews (see the module); returns how many reviews were written."""
    if len(histories) > MAX_HISTORIES:
        raise InvalidInput(f"At most {MAX_HISTORIES} reviews at a time.")
    for history in histories:
        _check(history)
    if not histories:
        return 0
    milestones = _write_milestones(histories)
    delays = _write_dialogues_and_delays(histories)
    steps: dict[int, Any] = {}
    reviews = []
    for history in histories:
        review = history.review
        cycle_steps = steps.setdefault(review.cycle_id, steps_for(review.cycle_id))
        own = milestones[review.pk]
        actual: dict[Stage, date | None] = {Stage(m.stage): m.done_on for m in own}
        due = compute_due_dates(cycle_steps, actual, latest_overrides(delays.get(review.pk, [])))
        for milestone in own:
            milestone.due_on = due.get(Stage(milestone.stage))
        review.stage = settled_stage(actual)
        published = actual.get(Stage.REPORT_PUBLISHED)
        if published:
            review.report_publication_consent = True
            review.consent_recorded_on = published
        if not review.languages and history.languages:
            review.languages = list(history.languages)
        reviews.append(review)
    Milestone.objects.bulk_update([m for own in milestones.values() for m in own], ["due_on"])
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
