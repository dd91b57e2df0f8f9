"""The cycle's indicative timeline, the reviews' due dates, calendar feeds."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, PermissionDenied
from irm.cycles.models import Cycle
from irm.reviews import permissions
from irm.reviews.models import (
    CalendarFeed,
    Delay,
    Milestone,
    Review,
    Stage,
    TimelineStep,
)
from irm.reviews.services._common import (
    _lock,
    _milestones,
    _refresh,
    _require,
)
from irm.reviews.timeline import (
    compute_due_dates,
    latest_overrides,
    steps_for,
)


@transaction.atomic
def set_timeline_step(
    *, actor: Any, cycle: Cycle, stage: Stage | str, days: int | None, anchor: str | None = None
) -> TimelineStep:
    """Edit the cycle's indicative timeline; the open reviews' due dates follow."""
    _require(permissions.can_edit_timeline(actor), "Only the secretariat edits the timeline.")
    stage = Stage(stage)
    if stage == Stage.LOTS_DRAWN:
        raise InvalidInput("The drawing of lots starts the timeline.", code="invalid_stage")
    if days is not None and not 0 <= days <= 3650:
        raise InvalidInput("Days must be between 0 and 3650.", code="invalid_days")
    if anchor is not None and anchor not in TimelineStep.Anchor.values:
        raise InvalidInput(f"Unknown anchor {anchor!r}.", code="invalid_anchor")
    current = steps_for(cycle.pk)[stage]
    step, _ = TimelineStep.objects.update_or_create(
        cycle=cycle,
        stage=stage,
        defaults={"days": days, "anchor": anchor or current.anchor},
    )
    for review in Review.objects.filter(cycle=cycle).select_for_update().order_by("pk"):
        _refresh(review, _milestones(review))
    record_event(
        actor=actor,
        action="review.timeline_changed",
        obj=step,
        before={"days": current.days, "anchor": current.anchor},
        after={"days": days, "anchor": step.anchor},
    )
    return step


@transaction.atomic
def refresh_due_dates(*, actor: Any, review: Review) -> Review:
    """Create missing milestones and recompute due dates (for reviews written by other apps)."""
    review = _lock(review)
    milestones = _milestones(review)
    before = {str(s): m.due_on for s, m in milestones.items()}
    _refresh(review, milestones)
    after = {str(s): m.due_on for s, m in milestones.items()}
    if before != after:
        record_event(actor=actor, action="review.due_dates_refreshed", obj=review, before=before, after=after)
    return review


@transaction.atomic
def replan_due_dates(*, actor: Any = None) -> dict[str, int]:
    """Bring every stored due date in line with the cycle's timeline (after the defaults changed, e.g.
    when the timeline started counting from the notification). Run by `irm init`; idempotent, a few
    queries for all reviews; one audit event when anything changed."""
    milestones: dict[int, list[Milestone]] = {}
    for milestone in Milestone.objects.order_by("pk"):
        milestones.setdefault(milestone.review_id, []).append(milestone)
    delays: dict[int, list[Delay]] = {}
    for delay in Delay.objects.order_by("pk"):
        delays.setdefault(delay.review_id, []).append(delay)
    steps: dict[int, Any] = {}
    changed: list[Milestone] = []
    for review_id, cycle_id in Review.objects.values_list("pk", "cycle_id").order_by("pk"):
        own = milestones.get(review_id, [])
        cycle_steps = steps.setdefault(cycle_id, steps_for(cycle_id))
        done = {Stage(m.stage): m.done_on for m in own}
        due = compute_due_dates(cycle_steps, done, latest_overrides(delays.get(review_id, [])))
        for m in own:
            if m.due_on != due.get(Stage(m.stage)):
                m.due_on = due.get(Stage(m.stage))
                changed.append(m)
    Milestone.objects.bulk_update(changed, ["due_on"], batch_size=500)
    if changed:
        record_event(
            actor=actor,
            action="review.due_dates_replanned",
            object_type="reviews.review",
            after={"milestones": len(changed), "reviews": len({m.review_id for m in changed})},
        )
    return {"milestones_replanned": len(changed)}


@transaction.atomic
def issue_calendar_feed(*, actor: Any) -> CalendarFeed:
    """A new secret address for the user's calendar of deadlines (the old one stops working)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Log in to subscribe to your deadlines.")
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(user=actor, defaults={"token": token})
    record_event(
        actor=actor,
        action="review.calendar_feed_issued" if created else "review.calendar_feed_renewed",
        obj=feed,
    )
    return feed
