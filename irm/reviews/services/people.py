"""Who works on a review: the focal point, the experts (lists and assignments), officers, languages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from irm.accounts.models import Membership, Role
from irm.accounts.roles import is_secretariat
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.parties.models import State
from irm.reviews import permissions
from irm.reviews.models import (
    ExpertNomination,
    Review,
    ReviewExpert,
    ReviewOfficer,
    Stage,
)
from irm.reviews.services._common import (
    MAX_EXPERTS_PER_REVIEWER,
    MAX_EXPERTS_PER_STATE,
    _lock,
    _mark_done,
    _milestones,
    _require,
    _today,
)
from irm.reviews.timeline import settled_stage


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
    # The focal point's designation is the stage after the notification that starts the review; a
    # focal point named before the State is notified is recorded, and the stage waits for it.
    done = {stage: m.done_on for stage, m in milestones.items()}
    if settled_stage(done) == Stage.REVIEW_NOTIFIED and not review.is_suspended:
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
