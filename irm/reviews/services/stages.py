"""Moving a review through its stages: advance, re-open, delays, suspension, consent, publication."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.reviews import permissions
from irm.reviews.models import (
    Delay,
    DelayReason,
    Milestone,
    Review,
    Stage,
    Suspension,
)
from irm.reviews.services._common import (
    _check_prerequisites,
    _lock,
    _mark_done,
    _milestones,
    _not_suspended,
    _refresh,
    _require,
    _snapshot,
    _today,
)
from irm.reviews.timeline import (
    allowed_next_stages,
)


@transaction.atomic
def advance_stage(
    *, actor: Any, review: Review, stage: Stage | str | None = None, on: date | None = None, note: str = ""
) -> Review:
    """Mark the next stage of the review done (dated `on`, default today)."""
    review = _lock(review)
    milestones = _milestones(review)
    done = {s: m.done_on for s, m in milestones.items()}
    allowed = allowed_next_stages(review, done)
    target = Stage(stage) if stage else (allowed[0] if allowed else None)
    if target is None:
        raise Conflict("The review has gone through every stage.", code="review_complete")
    _require(
        permissions.can_advance(actor, review, target),
        f"You may not mark “{target.label}” for this review.",
    )
    _not_suspended(review)
    if target not in allowed:
        raise Conflict(
            f"“{target.label}” is not the next stage (the review is at “{Stage(review.stage).label}”).",
            code="stage_out_of_order",
            details={"stage": str(review.stage), "allowed": [str(s) for s in allowed]},
        )
    _check_prerequisites(review, target, done)
    _mark_done(actor=actor, review=review, milestones=milestones, stage=target, on=on, note=note)
    return review


@transaction.atomic
def reopen_stage(*, actor: Any, review: Review, stage: Stage | str, reason: str) -> Review:
    """Go back: the stage and every later one are no longer done (e.g. re-open a draft)."""
    review = _lock(review)
    _require(permissions.can_reopen(actor, review), "Only the secretariat may re-open a stage.")
    stage = Stage(stage)
    if not reason.strip():
        raise InvalidInput("Give the reason for going back.", code="reason_required")
    milestones = _milestones(review)
    if stage == Stage.LOTS_DRAWN:
        raise InvalidInput("The drawing of lots is re-done by a re-draw, not here.", code="cannot_reopen")
    if not milestones[stage].done_on:
        raise Conflict(f"“{stage.label}” is not done; nothing to re-open.", code="stage_not_done")
    before = _snapshot(review, milestones)
    cleared = [m for s, m in milestones.items() if s.index >= stage.index and m.done_on]
    for m in cleared:
        m.done_on = None
    Milestone.objects.bulk_update(cleared, ["done_on"])
    _refresh(review, milestones)
    record_event(
        actor=actor,
        action="review.stage_reopened",
        obj=review,
        before=before,
        after={**_snapshot(review, milestones), "reopened": str(stage)},
        reason=reason,
    )
    return review


@transaction.atomic
def record_delay(
    *,
    actor: Any,
    review: Review,
    stage: Stage | str,
    category: DelayReason | str,
    new_due_on: date,
    reason: str = "",
) -> Delay:
    """Why a stage is late, and its new target date (later stages are re-planned from it)."""
    review = _lock(review)
    _require(permissions.can_record_delay(actor, review), "Only the secretariat records delays.")
    stage = Stage(stage)
    if category not in DelayReason.values:
        raise InvalidInput(f"Unknown delay reason {category!r}.", code="invalid_reason")
    milestones = _milestones(review)
    if milestones[stage].done_on:
        raise Conflict(f"“{stage.label}” is already done.", code="stage_done")
    start = milestones[Stage.LOTS_DRAWN].done_on
    if start and new_due_on < start:
        raise InvalidInput("The new target date is before the drawing of lots.", code="date_out_of_order")
    before = {"due_on": milestones[stage].due_on}
    delay = Delay.objects.create(
        review=review,
        stage=stage,
        category=category,
        reason=reason,
        new_due_on=new_due_on,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _refresh(review, milestones)
    record_event(
        actor=actor,
        action="review.delay_recorded",
        obj=review,
        before=before,
        after={"stage": str(stage), "category": str(category), "due_on": new_due_on},
        reason=reason,
    )
    return delay


@transaction.atomic
def suspend_review(*, actor: Any, review: Review, reason: str = "", on: date | None = None) -> Review:
    review = _lock(review)
    _require(
        permissions.can_suspend(actor, review),
        "Only the State under review or the secretariat may suspend the review.",
    )
    if review.is_suspended:
        raise Conflict("The review is already suspended.", code="already_suspended")
    day = on or _today()
    Suspension.objects.create(
        review=review,
        started_on=day,
        reason=reason,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    review.is_suspended = True
    review.save(update_fields=["is_suspended", "updated_at"])
    record_event(
        actor=actor,
        action="review.suspended",
        obj=review,
        before={"is_suspended": False},
        after={"is_suspended": True, "on": day},
        reason=reason,
    )
    return review


@transaction.atomic
def resume_review(*, actor: Any, review: Review, on: date | None = None, reason: str = "") -> Review:
    review = _lock(review)
    _require(
        permissions.can_suspend(actor, review),
        "Only the State under review or the secretariat may resume the review.",
    )
    if not review.is_suspended:
        raise Conflict("The review is not suspended.", code="not_suspended")
    day = on or _today()
    Suspension.objects.filter(review=review, ended_on__isnull=True).update(ended_on=day)
    review.is_suspended = False
    review.save(update_fields=["is_suspended", "updated_at"])
    record_event(
        actor=actor,
        action="review.resumed",
        obj=review,
        before={"is_suspended": True},
        after={"is_suspended": False, "on": day},
        reason=reason,
    )
    return review


@transaction.atomic
def record_report_consent(*, actor: Any, review: Review, consent: bool, reason: str = "") -> Review:
    """The State agrees (or no longer agrees) to publish its full report; withdrawing unpublishes."""
    review = _lock(review)
    _require(
        permissions.can_record_consent(actor, review),
        "Only the State under review or the secretariat records its consent.",
    )
    milestones = _milestones(review)
    before = _snapshot(review, milestones)
    review.report_publication_consent = consent
    review.consent_recorded_on = _today()
    review.save(update_fields=["report_publication_consent", "consent_recorded_on", "updated_at"])
    published = milestones[Stage.REPORT_PUBLISHED]
    if not consent and published.done_on:
        published.done_on = None
        published.save(update_fields=["done_on"])
    _refresh(review, milestones)
    record_event(
        actor=actor,
        action="review.report_consent_given" if consent else "review.report_consent_withdrawn",
        obj=review,
        before=before,
        after=_snapshot(review, milestones),
        reason=reason,
    )
    return review


class Publication(StrEnum):
    """What the secretariat publishes: each is the done date of one milestone."""

    EXECUTIVE_SUMMARY = "executive_summary"
    COUNTRY_REPORT = "country_report"


#: What is published → (its milestone, the refusal when it already is).
PUBLISHED = {
    Publication.EXECUTIVE_SUMMARY: (Stage.SUMMARY_PUBLISHED, "The executive summary is already published."),
    Publication.COUNTRY_REPORT: (Stage.REPORT_PUBLISHED, "The country report is already published."),
}


@transaction.atomic
def publish(*, actor: Any, review: Review, what: Publication | str, on: date | None = None) -> Review:
    """The executive summary (once agreed) or the full country report (once finalized, and only with
    the State's consent) becomes public: its milestone is marked done, dated `on` (default today)."""
    stage, already = PUBLISHED[Publication(what)]
    review = _lock(review)
    _require(permissions.can_publish(actor, review), "Only the secretariat publishes.")
    milestones = _milestones(review)
    done = {s: m.done_on for s, m in milestones.items()}
    if done.get(stage):
        raise Conflict(already, code="already_published")
    _check_prerequisites(review, stage, done)
    _mark_done(actor=actor, review=review, milestones=milestones, stage=stage, on=on, note="")
    return review
