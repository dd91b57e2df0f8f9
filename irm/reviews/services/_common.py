"""What every review service shares: the lock, the milestones, the due dates, the checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.reviews.models import (
    Delay,
    DirectDialogue,
    Milestone,
    Review,
    ReviewExpert,
    Stage,
)
from irm.reviews.timeline import (
    compute_due_dates,
    latest_overrides,
    settled_stage,
    steps_for,
)
from irm.search.services import request_reindex

#: A State's list of governmental experts holds at most this many active names.
MAX_EXPERTS_PER_STATE = 15
#: Experts acting on one review for one reviewing State.
MAX_EXPERTS_PER_REVIEWER = 2

ORDER = Stage.ordered()


# --- helpers ------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _lock(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("cycle", "state").get(pk=review.pk)


def _milestones(review: Review) -> dict[Stage, Milestone]:
    """All the review's milestones, creating the missing ones (lots drawn: the day the row was made)."""
    existing = {Stage(m.stage): m for m in Milestone.objects.filter(review=review)}
    missing = [Milestone(review=review, stage=stage) for stage in ORDER if stage not in existing]
    if missing:
        for m in missing:
            if m.stage == Stage.LOTS_DRAWN:
                m.done_on = review.created_at.date() if review.created_at else _today()
        Milestone.objects.bulk_create(missing)
        existing = {Stage(m.stage): m for m in Milestone.objects.filter(review=review)}
    return existing


def _refresh(review: Review, milestones: dict[Stage, Milestone]) -> None:
    """Recompute the due dates and the stage pointer from the milestones; save what changed."""
    done = {stage: m.done_on for stage, m in milestones.items()}
    due = compute_due_dates(
        steps_for(review.cycle_id), done, latest_overrides(Delay.objects.filter(review=review))
    )
    changed = [m for stage, m in milestones.items() if m.due_on != due.get(stage)]
    for m in changed:
        m.due_on = due.get(Stage(m.stage))
    if changed:
        Milestone.objects.bulk_update(changed, ["due_on"])
    stage = settled_stage(done)
    if review.stage != stage:
        review.stage = stage
        review.save(update_fields=["stage", "updated_at"])
    # Publication, consent and re-opening all pass here: the public record follows after commit.
    request_reindex(kind="review", object_ids=[review.pk])


def _snapshot(review: Review, milestones: dict[Stage, Milestone] | None = None) -> dict[str, Any]:
    snap: dict[str, Any] = {
        "stage": str(review.stage),
        "is_suspended": review.is_suspended,
        "report_publication_consent": review.report_publication_consent,
    }
    if milestones is not None:
        snap["done"] = {str(s): m.done_on for s, m in milestones.items() if m.done_on}
    return snap


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _date_on(on: date | None, after: date | None, what: str) -> date:
    day = on or _today()
    if day > _today():
        raise InvalidInput(f"{what} cannot be dated in the future ({day}).", code="date_in_future")
    if after is not None and day < after:
        raise InvalidInput(
            f"{what} cannot be dated {day}, before the previous stage ({after}).", code="date_out_of_order"
        )
    return day


def _previous_done(milestones: dict[Stage, Milestone], stage: Stage) -> date | None:
    dates = [m.done_on for s, m in milestones.items() if s.index < stage.index and m.done_on]
    return max(dates) if dates else None


def _not_suspended(review: Review) -> None:
    if review.is_suspended:
        raise Conflict("The review is suspended; resume it first.", code="review_suspended")


# --- stages -------------------------------------------------------------------------------------


def _mark_done(
    *,
    actor: Any,
    review: Review,
    milestones: dict[Stage, Milestone],
    stage: Stage,
    on: date | None,
    note: str,
) -> None:
    before = _snapshot(review, milestones)
    milestone = milestones[stage]
    milestone.done_on = _date_on(on, _previous_done(milestones, stage), str(Stage(stage).label))
    if note:
        milestone.note = note
    milestone.save(update_fields=["done_on", "note"])
    _refresh(review, milestones)
    record_event(
        actor=actor,
        action=f"review.{stage}",
        obj=review,
        before=before,
        after=_snapshot(review, milestones),
        reason=note,
    )


def _check_prerequisites(review: Review, stage: Stage, done: dict[Stage, date | None]) -> None:
    if stage == Stage.FOCAL_POINT_NOMINATED and review.focal_point_id is None:
        raise Conflict("Name the focal point first.", code="no_focal_point")
    if stage == Stage.DESK_REVIEW_DONE and not ReviewExpert.objects.filter(review=review).exists():
        raise Conflict("Assign the governmental experts first.", code="no_experts")
    if stage == Stage.DIRECT_DIALOGUE_HELD and not DirectDialogue.objects.filter(review=review).exists():
        raise Conflict("Record the direct dialogue (kind and dates) first.", code="no_dialogue")
    if stage == Stage.SUMMARY_PUBLISHED and not done.get(Stage.SUMMARY_AGREED):
        raise Conflict("The executive summary is not agreed yet.", code="summary_not_agreed")
    if stage == Stage.REPORT_PUBLISHED:
        if not review.report_publication_consent:
            raise Conflict("The State has not consented to publishing its full report.", code="no_consent")
        if not done.get(Stage.REPORT_FINALIZED):
            raise Conflict("The country report is not finalized yet.", code="report_not_finalized")
