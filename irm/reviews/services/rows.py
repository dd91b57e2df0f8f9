"""Review rows written on behalf of the apps that decide them.

The drawing of lots decides which year a State is reviewed in and by whom (`irm.lots`), imports of
historical records state whole reviews (`irm.findings.imports`), a submitted checklist marks its
milestone (`irm.checklists`). Those apps check their own rules and who may act; the rows are written
here, by the app that owns them, which keeps their invariants (a State does not review itself; its two
reviewers differ) and records the change in the audit trail in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput
from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews.models import DialogueType, DirectDialogue, Milestone, Review, Stage


@dataclass
class Written:
    """What a bulk write did: the reviews it created and changed, and how many it left as they were."""

    created: list[Review] = field(default_factory=list)
    updated: list[Review] = field(default_factory=list)
    unchanged: int = 0


def _iso3(state: State | None) -> str | None:
    return state.iso3 if state is not None else None


def _check_reviewers(state: State, first: State | None, second: State | None) -> None:
    if state in (first, second):
        raise InvalidInput(f"{state.iso3} cannot review itself.", code="self_review")
    if first is not None and first == second:
        raise InvalidInput(f"The two reviewers of {state.iso3} must differ.", code="same_reviewers")


def _locked(cycle: Cycle, states: Sequence[State]) -> dict[int, Review]:
    rows = (
        Review.objects.select_for_update(of=("self",))
        .filter(cycle=cycle, state__in=[s.pk for s in states])
        .select_related("state", "reviewer_1", "reviewer_2")
        .order_by("pk")
    )
    return {r.state_id: r for r in rows}


#: Late joiners may be reviewed after the cycle's nominal years (resolution 6/1: never before their
#: deposit, so in the cycle's extension); at most this many years after its first.
LATE_JOINER_YEARS = 30


@transaction.atomic
def set_review_years(
    *,
    actor: Any,
    cycle: Cycle,
    years: Mapping[State, int],
    reason: str = "",
    late_joiners: bool = False,
) -> Written:
    """Each State is reviewed in the given year of the cycle: its review is created, or its year changed.

    `late_joiners`: the States joined after the draw and may be placed after the cycle's years.
    """
    written = Written()
    existing = _locked(cycle, list(years))
    before: dict[str, int | None] = {}
    last = LATE_JOINER_YEARS if late_joiners else cycle.years
    for state, year in years.items():
        if not 1 <= year <= last:
            raise InvalidInput(f"Year {year} is outside 1–{last}.", code="invalid_year")
        review = existing.get(state.pk)
        if review is None:
            written.created.append(Review.objects.create(cycle=cycle, state=state, year=year))
            before[state.iso3] = None
        elif review.year != year:
            before[state.iso3] = review.year
            review.year = year
            review.save(update_fields=["year", "updated_at"])
            written.updated.append(review)
        else:
            written.unchanged += 1
    if before:
        record_event(
            actor=actor,
            action="review.years_set",
            obj=cycle,
            before={"years": before},
            after={"years": {r.state.iso3: r.year for r in written.created + written.updated}},
            reason=reason,
        )
    return written


@transaction.atomic
def set_reviewers(
    *,
    actor: Any,
    cycle: Cycle,
    pairs: Mapping[State, tuple[State | None, State | None]],
    reason: str = "",
) -> Written:
    """The two reviewing States of each State under review (None: not drawn yet).

    A State without a review in the cycle gets one. Reviews whose reviewers are already these are
    left untouched.
    """
    written = Written()
    existing = _locked(cycle, list(pairs))
    before: dict[str, list[str | None]] = {}
    for state, (first, second) in sorted(pairs.items(), key=lambda item: item[0].iso3):
        _check_reviewers(state, first, second)
        review = existing.get(state.pk)
        if review is None:
            review = Review.objects.create(cycle=cycle, state=state, reviewer_1=first, reviewer_2=second)
            written.created.append(review)
            before[state.iso3] = [None, None]
        elif (review.reviewer_1_id, review.reviewer_2_id) != (
            first.pk if first else None,
            second.pk if second else None,
        ):
            before[state.iso3] = [_iso3(review.reviewer_1), _iso3(review.reviewer_2)]
            review.reviewer_1, review.reviewer_2 = first, second
            review.save(update_fields=["reviewer_1", "reviewer_2", "updated_at"])
            written.updated.append(review)
        else:
            written.unchanged += 1
    if before:
        record_event(
            actor=actor,
            action="review.reviewers_set",
            obj=cycle,
            before={"pairs": before},
            after={
                "pairs": {
                    r.state.iso3: [_iso3(r.reviewer_1), _iso3(r.reviewer_2)]
                    for r in written.created + written.updated
                }
            },
            reason=reason,
        )
    return written


@dataclass(frozen=True)
class ReviewRecord:
    """A review as a file or a loader states it. Blank (None) fields change nothing."""

    cycle: Cycle
    state: State
    year: int | None = None
    reviewer_1: State | None = None
    reviewer_2: State | None = None
    stage: str | None = None
    #: stage → the day it was done
    milestones: Mapping[str, date] = field(default_factory=dict)
    dialogue_kind: str | None = None
    dialogue_on: date | None = None
    languages: Sequence[str] = ()


@dataclass(frozen=True)
class ReviewChange:
    """One planned write: the record, the review it updates (None: create it), and what changes
    (field → (before, after); milestones as `milestone:<stage>`, the dialogue as `direct_dialogue.<field>`)."""

    record: ReviewRecord
    review: Review | None
    changes: Mapping[str, tuple[Any, Any]]


def _noop(phase: str, done: int, total: int) -> None:
    return None


def _apply(actor: Any, change: ReviewChange, reason: str) -> Review:
    record, review, changes = change.record, change.review, change.changes
    created = review is None
    if review is None:
        review = Review(cycle=record.cycle, state=record.state)
    for name in ("year", "reviewer_1", "reviewer_2", "stage"):
        if name in changes:
            setattr(review, name, changes[name][1])
    _check_reviewers(record.state, review.reviewer_1, review.reviewer_2)
    if record.languages:
        review.languages = list(record.languages)
    review.save()
    for stage, on in record.milestones.items():
        if f"milestone:{stage}" in changes:
            Milestone.objects.update_or_create(review=review, stage=stage, defaults={"done_on": on})
    if "direct_dialogue.kind" in changes or "direct_dialogue.starts_on" in changes:
        defaults: dict[str, Any] = {}
        if record.dialogue_kind:
            if record.dialogue_kind not in DialogueType.values:
                raise InvalidInput(f"Unknown kind of dialogue {record.dialogue_kind!r}.", code="invalid_kind")
            defaults["kind"] = record.dialogue_kind
        if record.dialogue_on:
            defaults["starts_on"] = record.dialogue_on
        DirectDialogue.objects.update_or_create(review=review, defaults=defaults)
    record_event(
        actor=actor,
        action="reviews.import_create" if created else "reviews.import_update",
        obj=review,
        before={k: v[0] for k, v in changes.items()},
        after={k: v[1] for k, v in changes.items()},
        reason=reason or f"import of {record.cycle.number}/{record.state.iso3}",
    )
    return review


@transaction.atomic
def write_review_records(
    *,
    actor: Any,
    changes: Sequence[ReviewChange],
    reason: str = "",
    progress: Callable[[str, int, int], None] = _noop,
) -> Written:
    """Write planned reviews (an import's or a loader's): each review, its milestones' done dates and
    its direct dialogue, with one audit event per review. The caller planned the changes (see
    `irm.findings.imports`); nothing is re-read here but the rows being written."""
    written = Written()
    for i, change in enumerate(changes):
        if i % 100 == 0:
            progress("write", i, len(changes))
        review = _apply(actor, change, reason)
        (written.created if change.review is None else written.updated).append(review)
    progress("write", len(changes), len(changes))
    return written


@transaction.atomic
def mark_milestone_done(
    *, actor: Any, review: Review, stage: Stage | str, on: date | None = None
) -> Milestone:
    """Record that a stage was done (e.g. the checklist submitted), unless it already is; returns the
    milestone. Does not move the review's stage pointer: the workflow does that when it next acts."""
    milestone, _ = Milestone.objects.select_for_update().get_or_create(review=review, stage=Stage(stage))
    if milestone.done_on is None:
        milestone.done_on = on or timezone.localdate()
        milestone.save(update_fields=["done_on"])
        record_event(
            actor=actor,
            action="review.milestone_done",
            obj=review,
            after={"stage": str(stage), "done_on": milestone.done_on},
        )
    return milestone
