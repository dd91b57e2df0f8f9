"""Every change to a review: stages, delays, suspensions, people, dialogue, publication.

Each function is keyword-only, runs in one transaction with the review row locked, checks who may
act (irm.reviews.permissions) and the rules of the workflow, then writes an audit event.
Refusals raise a DomainError before anything is written.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.accounts.models import Membership, Role
from irm.accounts.roles import is_secretariat
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews import permissions
from irm.reviews.models import (
    CalendarFeed,
    Delay,
    DelayReason,
    DialogueType,
    DirectDialogue,
    ExpertNomination,
    Milestone,
    Review,
    ReviewExpert,
    ReviewOfficer,
    Stage,
    Suspension,
    TimelineStep,
)
from irm.reviews.timeline import (
    allowed_next_stages,
    compute_due_dates,
    latest_overrides,
    next_stage,
    settled_stage,
    steps_for,
)

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


# --- people -------------------------------------------------------------------------------------


@transaction.atomic
def set_focal_point(*, actor: Any, review: Review, user: Any, on: date | None = None) -> Review:
    """Name the focal point (a focal point of the State under review); marks the stage done."""
    review = _lock(review)
    _require(
        permissions.can_set_focal_point(actor, review),
        "Only the State under review or the secretariat may name the focal point.",
    )
    is_member = Membership.objects.filter(user=user, role=Role.FOCAL_POINT, state=review.state).exists()
    if not is_member:
        raise InvalidInput(f"{user} is not a focal point of {review.state.iso3}.", code="not_a_focal_point")
    before = {"focal_point": review.focal_point_id}
    review.focal_point = user
    review.save(update_fields=["focal_point", "updated_at"])
    record_event(
        actor=actor,
        action="review.focal_point_set",
        obj=review,
        before=before,
        after={"focal_point": user.pk, "username": user.get_username()},
    )
    milestones = _milestones(review)
    if review.stage == Stage.LOTS_DRAWN and not review.is_suspended:
        _mark_done(
            actor=actor,
            review=review,
            milestones=milestones,
            stage=Stage.FOCAL_POINT_NOMINATED,
            on=on,
            note="",
        )
    return review


@transaction.atomic
def nominate_expert(*, actor: Any, state: State, user: Any, on: date | None = None) -> ExpertNomination:
    """Put a governmental expert on a State's list (at most 15 active names)."""
    _require(
        permissions.can_nominate_expert(actor, state.pk),
        "Only the State or the secretariat may change its list of experts.",
    )
    State.objects.select_for_update().filter(pk=state.pk).first()  # serialise list changes per State
    nomination = ExpertNomination.objects.filter(state=state, user=user).first()
    if nomination and nomination.active:
        raise Conflict(f"{user} is already on the list of {state.iso3}.", code="already_nominated")
    active = ExpertNomination.objects.filter(state=state, active=True).count()
    if active >= MAX_EXPERTS_PER_STATE:
        raise Conflict(
            f"The list of {state.iso3} already has {MAX_EXPERTS_PER_STATE} experts.", code="expert_list_full"
        )
    if nomination:
        nomination.active = True
        nomination.nominated_on = on or _today()
        nomination.save(update_fields=["active", "nominated_on"])
    else:
        nomination = ExpertNomination.objects.create(state=state, user=user, nominated_on=on or _today())
    record_event(
        actor=actor,
        action="review.expert_nominated",
        obj=nomination,
        after={"state": state.iso3, "user": user.get_username()},
    )
    return nomination


@transaction.atomic
def withdraw_expert(*, actor: Any, state: State, user: Any, reason: str = "") -> ExpertNomination:
    _require(
        permissions.can_nominate_expert(actor, state.pk),
        "Only the State or the secretariat may change its list of experts.",
    )
    nomination = (
        ExpertNomination.objects.select_for_update().filter(state=state, user=user, active=True).first()
    )
    if nomination is None:
        raise Conflict(f"{user} is not on the list of {state.iso3}.", code="not_nominated")
    nomination.active = False
    nomination.save(update_fields=["active"])
    record_event(
        actor=actor,
        action="review.expert_withdrawn",
        obj=nomination,
        before={"active": True},
        after={"active": False},
        reason=reason,
    )
    return nomination


@transaction.atomic
def assign_expert(*, actor: Any, review: Review, user: Any, state: State | None = None) -> ReviewExpert:
    """An expert from a reviewing State's list acts on this review (two per reviewing State)."""
    review = _lock(review)
    _require(permissions.can_assign_expert(actor, review), "Only the secretariat assigns experts.")
    reviewers = [s for s in (review.reviewer_1_id, review.reviewer_2_id) if s is not None]
    listed = set(
        ExpertNomination.objects.filter(user=user, active=True, state_id__in=reviewers).values_list(
            "state_id", flat=True
        )
    )
    if state is not None:
        listed &= {state.pk}
    if not listed:
        raise InvalidInput(
            f"{user} is not on the list of experts of a State reviewing {review.state.iso3}.",
            code="not_on_expert_list",
        )
    if len(listed) > 1:
        raise InvalidInput("The expert is on both reviewing States' lists: say for which.", code="ambiguous")
    state_id = listed.pop()
    if ReviewExpert.objects.filter(review=review, user=user).exists():
        raise Conflict(f"{user} already acts on this review.", code="already_assigned")
    if ReviewExpert.objects.filter(review=review, state_id=state_id).count() >= MAX_EXPERTS_PER_REVIEWER:
        raise Conflict("Two experts already act for this reviewing State.", code="reviewer_experts_full")
    assignment = ReviewExpert.objects.create(review=review, user=user, state_id=state_id)
    record_event(
        actor=actor,
        action="review.expert_assigned",
        obj=review,
        after={"user": user.get_username(), "state": state_id},
    )
    return assignment


@transaction.atomic
def remove_expert(*, actor: Any, review: Review, user: Any, reason: str = "") -> None:
    review = _lock(review)
    _require(permissions.can_assign_expert(actor, review), "Only the secretariat assigns experts.")
    deleted, _ = ReviewExpert.objects.filter(review=review, user=user).delete()
    if not deleted:
        raise Conflict(f"{user} does not act on this review.", code="not_assigned")
    record_event(
        actor=actor,
        action="review.expert_removed",
        obj=review,
        before={"user": user.get_username()},
        reason=reason,
    )


@transaction.atomic
def assign_officer(*, actor: Any, review: Review, user: Any) -> ReviewOfficer:
    review = _lock(review)
    _require(permissions.can_manage(actor, review), "Only the secretariat assigns its officers.")
    if not is_secretariat(user):
        raise InvalidInput(f"{user} is not a member of the secretariat.", code="not_secretariat")
    officer, created = ReviewOfficer.objects.get_or_create(review=review, user=user)
    if not created:
        raise Conflict(f"{user} already follows this review.", code="already_assigned")
    record_event(
        actor=actor, action="review.officer_assigned", obj=review, after={"user": user.get_username()}
    )
    return officer


@transaction.atomic
def set_languages(*, actor: Any, review: Review, languages: list[str]) -> Review:
    review = _lock(review)
    _require(permissions.can_manage(actor, review), "Only the secretariat sets the languages.")
    from django.conf import settings

    known = {code for code, _ in settings.LANGUAGES}
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise InvalidInput(f"Unknown languages: {', '.join(unknown)}.", code="invalid_language")
    before = {"languages": review.languages}
    review.languages = list(dict.fromkeys(languages))
    review.save(update_fields=["languages", "updated_at"])
    record_event(
        actor=actor,
        action="review.languages_set",
        obj=review,
        before=before,
        after={"languages": review.languages},
    )
    return review


# --- the direct dialogue ------------------------------------------------------------------------


@transaction.atomic
def record_direct_dialogue(
    *,
    actor: Any,
    review: Review,
    kind: DialogueType | str,
    starts_on: date,
    ends_on: date | None = None,
    participants: str = "",
    other_stakeholders: bool = False,
) -> DirectDialogue:
    """The country visit (on site, online, hybrid) or joint meeting: kind, dates, who took part."""
    review = _lock(review)
    _require(
        permissions.can_record_dialogue(actor, review),
        "Only the secretariat or the review's experts record the direct dialogue.",
    )
    if kind not in DialogueType.values:
        raise InvalidInput(f"Unknown kind of dialogue {kind!r}.", code="invalid_kind")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("The dialogue ends before it starts.", code="date_out_of_order")
    existing = DirectDialogue.objects.filter(review=review).first()
    before = (
        {
            "kind": existing.kind,
            "starts_on": existing.starts_on,
            "ends_on": existing.ends_on,
            "other_stakeholders": existing.other_stakeholders,
        }
        if existing
        else None
    )
    dialogue, _ = DirectDialogue.objects.update_or_create(
        review=review,
        defaults={
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on or starts_on,
            "participants": participants,
            "other_stakeholders": other_stakeholders,
        },
    )
    record_event(
        actor=actor,
        action="review.dialogue_recorded",
        obj=review,
        before=before,
        after={
            "kind": str(kind),
            "starts_on": starts_on,
            "ends_on": dialogue.ends_on,
            "other_stakeholders": other_stakeholders,
        },
    )
    return dialogue


# --- publication (names and signatures agreed with the other apps) ------------------------------


@transaction.atomic
def publish_executive_summary(*, actor: Any, review: Review, on: date | None = None) -> Review:
    """The executive summary becomes public (SUMMARY_PUBLISHED done). Needs the summary agreed."""
    review = _lock(review)
    _require(permissions.can_publish(actor, review), "Only the secretariat publishes.")
    milestones = _milestones(review)
    done = {s: m.done_on for s, m in milestones.items()}
    if done.get(Stage.SUMMARY_PUBLISHED):
        raise Conflict("The executive summary is already published.", code="already_published")
    _check_prerequisites(review, Stage.SUMMARY_PUBLISHED, done)
    _mark_done(
        actor=actor, review=review, milestones=milestones, stage=Stage.SUMMARY_PUBLISHED, on=on, note=""
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


@transaction.atomic
def publish_country_report(*, actor: Any, review: Review, on: date | None = None) -> Review:
    """The full country report becomes public. Refused without the State's consent."""
    review = _lock(review)
    _require(permissions.can_publish(actor, review), "Only the secretariat publishes.")
    milestones = _milestones(review)
    done = {s: m.done_on for s, m in milestones.items()}
    if done.get(Stage.REPORT_PUBLISHED):
        raise Conflict("The country report is already published.", code="already_published")
    _check_prerequisites(review, Stage.REPORT_PUBLISHED, done)
    _mark_done(
        actor=actor, review=review, milestones=milestones, stage=Stage.REPORT_PUBLISHED, on=on, note=""
    )
    return review


# --- the timeline, calendars --------------------------------------------------------------------


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


# --- reminders ----------------------------------------------------------------------------------

#: A reminder goes out this many days before a stage is due…
REMIND_DAYS_BEFORE = 7
#: …and once when it is overdue, if it became overdue within this many days (older delays are
#: followed in the overview, not by e-mail every time the task runs).
REMIND_OVERDUE_WITHIN_DAYS = 30


def send_due_reminders(*, as_of: date | None = None) -> dict[str, int]:
    """E-mail the people responsible for each review's open stage before and after its due date.

    Each (milestone, person, kind, due date) is sent once: the Reminder row is written in the same
    transaction as the sending, so a failed send is retried on the next run and a sent one never is.
    A new due date (after a recorded delay) gives new reminders.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.db import IntegrityError
    from django.utils import translation
    from django.utils.translation import gettext as _

    from irm.reviews.models import Reminder
    from irm.reviews.selectors import responsible_for

    as_of = as_of or _today()
    # Reviews written by other apps (a new draw, an import) may lack their milestones: plan them first.
    from django.db.models import Count

    incomplete = Review.objects.annotate(planned=Count("milestones")).filter(planned__lt=len(Stage))
    for pending in incomplete.filter(is_suspended=False).order_by("pk"):
        refresh_due_dates(actor=None, review=pending)
    window = (
        as_of - timedelta(days=REMIND_OVERDUE_WITHIN_DAYS),
        as_of + timedelta(days=REMIND_DAYS_BEFORE),
    )
    candidates = (
        Milestone.objects.filter(done_on__isnull=True, due_on__range=window, review__is_suspended=False)
        .select_related("review__state", "review__cycle")
        .order_by("due_on", "pk")
    )
    counts = {"before": 0, "overdue": 0, "skipped": 0}
    for milestone in candidates:
        review = milestone.review
        if next_stage(review) != milestone.stage:
            continue  # only the stage the review is waiting for
        due_on = milestone.due_on
        assert due_on is not None
        kind = Reminder.Kind.OVERDUE if as_of > due_on else Reminder.Kind.BEFORE
        already = set(
            Reminder.objects.filter(milestone=milestone, kind=kind, due_on=due_on).values_list(
                "user_id", flat=True
            )
        )
        for user in responsible_for(review, Stage(milestone.stage)):
            if user.pk in already:
                counts["skipped"] += 1
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                stage_label = Stage(milestone.stage).label
                if kind == Reminder.Kind.OVERDUE:
                    subject = _("Overdue: %(stage)s — review of %(state)s") % {
                        "stage": stage_label,
                        "state": review.state.name,
                    }
                    body = _("“%(stage)s” was due on %(due)s (%(days)s days ago).") % {
                        "stage": stage_label,
                        "due": due_on.isoformat(),
                        "days": (as_of - due_on).days,
                    }
                else:
                    subject = _("Due on %(due)s: %(stage)s — review of %(state)s") % {
                        "stage": stage_label,
                        "state": review.state.name,
                        "due": due_on.isoformat(),
                    }
                    body = _("“%(stage)s” is due on %(due)s.") % {
                        "stage": stage_label,
                        "due": due_on.isoformat(),
                    }
                link = f"{settings.SITE_URL}/reviews/{review.cycle.number}/{review.state.iso3}/workflow/"
                body = f"{body}\n\n{review}\n{link}\n"
            try:
                with transaction.atomic():
                    Reminder.objects.create(milestone=milestone, user=user, kind=kind, due_on=due_on)
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
                    record_event(
                        actor=None,
                        action=f"review.reminder_{kind}",
                        obj=review,
                        after={"stage": milestone.stage, "due_on": due_on, "to": user.get_username()},
                    )
            except IntegrityError:  # another worker sent it meanwhile
                counts["skipped"] += 1
                continue
            counts[str(kind)] += 1
    return counts
