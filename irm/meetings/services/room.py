"""The room: the next speaker takes the floor; the item closes (by the secretariat or at its set time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.meetings.models import AgendaItem, EntryStatus, SpeakerEntry, SpeakersList
from irm.meetings.selectors import ordered_entries
from irm.meetings.services.common import local_time, require_acts_for, require_manager


@transaction.atomic
def call_next_speaker(
    *, actor: Any, speakers_list: SpeakersList, at: datetime | None = None
) -> SpeakerEntry | None:
    """The room: the current speaker has spoken; the next in order takes the floor and the timer starts."""
    require_manager(actor)
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    if lst.item_closed_at:
        raise Conflict(_("Consideration of the item has ended."))
    now = at or timezone.now()
    if lst.current_entry_id:
        SpeakerEntry.objects.filter(pk=lst.current_entry_id, status=EntryStatus.REGISTERED).update(
            status=EntryStatus.SPOKE, spoke_at=lst.timer_started_at or now
        )
    following = next(iter(ordered_entries(lst, statuses=[EntryStatus.REGISTERED])), None)
    lst.current_entry = following
    lst.timer_started_at = now if following else None
    lst.save(update_fields=["current_entry", "timer_started_at"])
    record_event(
        actor=actor,
        action="meetings.speaker_called",
        obj=lst,
        after={"entry": following.pk if following else None},
    )
    return following


def close_item(
    *, actor: Any, speakers_list: SpeakersList, offered_item: AgendaItem | None, at: datetime | None = None
) -> int:
    """The secretariat closes the item (not before its set time); speakers still waiting are offered another."""
    require_manager(actor)
    return _close(actor, speakers_list, offered_item, at or timezone.now())


@transaction.atomic
def _close(actor: Any, speakers_list: SpeakersList, offered_item: AgendaItem | None, now: datetime) -> int:
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    if lst.item_closed_at:
        raise Conflict(_("Consideration of the item has already ended."), code="item_closed")
    if lst.item_closes_at and now < lst.item_closes_at:
        raise InvalidInput(
            _("Consideration of the item ends at %(d)s.")
            % {"d": local_time(lst.item_closes_at, lst.session)},
            code="item_not_due",
        )
    if offered_item is not None and (
        offered_item.session_id != lst.session_id or offered_item.pk == lst.agenda_item_id
    ):
        raise InvalidInput(_("Offer another item of the same session."), code="offered_item")
    if lst.current_entry_id:
        SpeakerEntry.objects.filter(pk=lst.current_entry_id, status=EntryStatus.REGISTERED).update(
            status=EntryStatus.SPOKE, spoke_at=lst.timer_started_at or now
        )
    remaining = SpeakerEntry.objects.filter(speakers_list=lst, status=EntryStatus.REGISTERED)
    count = remaining.update(status=EntryStatus.OFFERED, offered_item=offered_item, updated_at=timezone.now())
    lst.item_closed_at = now
    lst.offered_item = offered_item
    lst.current_entry = None
    lst.timer_started_at = None
    lst.save(update_fields=["item_closed_at", "offered_item", "current_entry", "timer_started_at"])
    record_event(
        actor=actor,
        action="meetings.item_closed",
        obj=lst,
        after={"offered": count, "item": offered_item.label if offered_item else None, "at": now},
    )
    return count


#: How the audit trail names the scheduler when it closes an item.
SCHEDULER = "scheduler"


def close_due_items(now: datetime | None = None) -> dict[str, int]:
    """Periodic: close every item whose set time has come (lists with `auto_close`).

    The item closes at its set time even when the worker runs late; the speakers still waiting are
    offered the item chosen in advance. Each list closes in its own transaction, so one failure
    does not hold back the others.
    """
    now = now or timezone.now()
    due = SpeakersList.objects.filter(
        auto_close=True, item_closed_at__isnull=True, item_closes_at__lte=now
    ).select_related("offered_item")
    closed = offered = 0
    for lst in due:
        closes_at = lst.item_closes_at
        if closes_at is None:  # excluded by the query; says so to the type checker
            continue
        try:
            offered += _close(SCHEDULER, lst, lst.offered_item, closes_at)
            closed += 1
        except Conflict:  # closed by the secretariat meanwhile
            continue
    return {"closed": closed, "offered": offered}


@transaction.atomic
def answer_offer(*, actor: Any, entry: SpeakerEntry, accept: bool) -> SpeakerEntry:
    require_acts_for(actor, entry.delegation)
    entry = SpeakerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.OFFERED:
        raise Conflict(_("There is no pending offer."))
    entry.status = EntryStatus.MOVED if accept else EntryStatus.DECLINED
    entry.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="meetings.offer_answered", obj=entry, after={"accept": accept})
    return entry
