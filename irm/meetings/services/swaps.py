"""Swaps on a list of speakers: same level only, each delegation confirming in writing (S002 §1 (f) (c))."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.meetings import permissions
from irm.meetings.models import EntryStatus, SpeakerEntry, SwapRequest, SwapStatus
from irm.meetings.services.common import require_acts_for, require_manager, user_of


def _check_swappable(first: SpeakerEntry, second: SpeakerEntry) -> None:
    if first.speakers_list_id != second.speakers_list_id:
        raise InvalidInput(_("Both delegations must be on the same list."))
    if first.pk == second.pk or first.delegation_id == second.delegation_id:
        raise InvalidInput(_("A swap involves two delegations."))
    if first.status != EntryStatus.REGISTERED or second.status != EntryStatus.REGISTERED:
        raise Conflict(_("Only delegations still waiting to speak may swap."))
    if first.ministerial != second.ministerial:
        raise InvalidInput(
            _(
                "Only speakers at the same level may swap places (ministerial or higher with ministerial or higher)."
            ),
            code="swap_levels_differ",
        )


def _exchange(first: SpeakerEntry, second: SpeakerEntry) -> None:
    first.sort_at, second.sort_at = second.sort_at, first.sort_at
    first.sort_seq, second.sort_seq = second.sort_seq, first.sort_seq
    first.save(update_fields=["sort_at", "sort_seq", "updated_at"])
    second.save(update_fields=["sort_at", "sort_seq", "updated_at"])


def _lock_pair(a: SpeakerEntry, b: SpeakerEntry) -> tuple[SpeakerEntry, SpeakerEntry]:
    locked = {
        e.pk: e for e in SpeakerEntry.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk")
    }
    return locked[a.pk], locked[b.pk]


@transaction.atomic
def propose_swap(*, actor: Any, first: SpeakerEntry, second: SpeakerEntry, confirmation: str) -> SwapRequest:
    """The first delegation proposes, confirming in writing; the swap happens when the second confirms."""
    require_acts_for(actor, first.delegation)
    if not confirmation.strip():
        raise InvalidInput(
            _("A swap needs the delegation's written confirmation."), code="confirmation_required"
        )
    first, second = _lock_pair(first, second)
    _check_swappable(first, second)
    if SwapRequest.objects.filter(
        status=SwapStatus.PENDING, first__in=[first, second], second__in=[first, second]
    ).exists():
        raise Conflict(_("A swap between these delegations is already pending."))
    swap = SwapRequest.objects.create(
        speakers_list_id=first.speakers_list_id,
        first=first,
        second=second,
        requested_at=timezone.now(),
        first_confirmation=confirmation.strip(),
        first_confirmed_at=timezone.now(),
        first_confirmed_by=user_of(actor),
    )
    record_event(
        actor=actor,
        action="meetings.swap_proposed",
        obj=swap,
        after={"first": first.delegation.display_name, "second": second.delegation.display_name},
    )
    return swap


@transaction.atomic
def confirm_swap(*, actor: Any, swap: SwapRequest, confirmation: str) -> SwapRequest:
    require_acts_for(actor, swap.second.delegation)
    if not confirmation.strip():
        raise InvalidInput(
            _("A swap needs the delegation's written confirmation."), code="confirmation_required"
        )
    swap = SwapRequest.objects.select_for_update().get(pk=swap.pk)
    if swap.status != SwapStatus.PENDING:
        raise Conflict(_("This swap is no longer pending."))
    first, second = _lock_pair(swap.first, swap.second)
    _check_swappable(first, second)  # ranks may have changed since the proposal
    _exchange(first, second)
    now = timezone.now()
    swap.second_confirmation = confirmation.strip()
    swap.second_confirmed_at = now
    swap.second_confirmed_by = user_of(actor)
    swap.status = SwapStatus.DONE
    swap.done_at = now
    swap.save()
    record_event(
        actor=actor,
        action="meetings.swap_done",
        obj=swap,
        after={"first": first.delegation.display_name, "second": second.delegation.display_name},
    )
    return swap


@transaction.atomic
def record_swap(
    *,
    actor: Any,
    first: SpeakerEntry,
    second: SpeakerEntry,
    first_confirmation: str,
    second_confirmation: str,
) -> SwapRequest:
    """The secretariat records a swap notified by e-mail with both delegations' written confirmations."""
    require_manager(actor)
    swap = propose_swap(actor=actor, first=first, second=second, confirmation=first_confirmation)
    return confirm_swap(actor=actor, swap=swap, confirmation=second_confirmation)


@transaction.atomic
def cancel_swap(*, actor: Any, swap: SwapRequest) -> SwapRequest:
    if not (
        permissions.can_act_for(actor, swap.first.delegation)
        or permissions.can_act_for(actor, swap.second.delegation)
    ):
        raise PermissionDenied(_("You do not act for either delegation."))
    swap = SwapRequest.objects.select_for_update().get(pk=swap.pk)
    if swap.status != SwapStatus.PENDING:
        raise Conflict(_("This swap is no longer pending."))
    swap.status = SwapStatus.CANCELLED
    swap.save(update_fields=["status"])
    record_event(actor=actor, action="meetings.swap_cancelled", obj=swap)
    return swap
