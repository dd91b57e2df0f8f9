"""The organization of work: meetings by day, part of the day and room, within the interpretation limit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.meetings.models import AgendaItem, Session, SlotPart, WorkSlot
from irm.meetings.services.common import require_manager, snapshot


def _check_slot(
    session: Session,
    *,
    date: date,
    part: str,
    starts_at: time,
    ends_at: time,
    room: str,
    interpreted: bool,
    items: list[AgendaItem],
    slot: WorkSlot | None = None,
) -> None:
    """One meeting: within the session, a real time span, this session's items, a free room, the limit."""
    if not session.starts_on <= date <= session.ends_on:
        raise InvalidInput(_("The meeting must fall within the session's dates."), code="slot_outside_dates")
    if part not in SlotPart.values:
        raise InvalidInput(_("Unknown part of the day."))
    if ends_at <= starts_at:
        raise InvalidInput(_("A meeting must end after it starts."), code="slot_times")
    if not room.strip():
        raise InvalidInput(_("Name the room."))
    if any(item.session_id != session.pk for item in items):
        raise InvalidInput(_("Agenda items must belong to this session."))
    others = WorkSlot.objects.filter(session=session).exclude(pk=slot.pk if slot else 0)
    limit = session.interpreted_meetings_limit
    if interpreted and limit is not None and others.filter(interpreted=True).count() >= limit:
        raise Conflict(
            _("The session has %(n)d meetings with interpretation; all are allocated.") % {"n": limit},
            code="interpretation_limit",
        )
    if others.filter(date=date, part=part, room=room).exists():
        raise Conflict(_("That room is already used at that time."), code="room_taken")


@transaction.atomic
def add_work_slot(
    *,
    actor: Any,
    session: Session,
    date: date,
    part: str,
    starts_at: time,
    ends_at: time,
    room: str = "Plenary",
    interpreted: bool = True,
    items: Iterable[AgendaItem] = (),
    note: str = "",
) -> WorkSlot:
    """One meeting of the organization of work; interpreted meetings may not exceed the limit."""
    require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    items = list(items)
    room = room.strip()
    _check_slot(
        session,
        date=date,
        part=part,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        interpreted=interpreted,
        items=items,
    )
    slot = WorkSlot.objects.create(
        session=session,
        date=date,
        part=part,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        interpreted=interpreted,
        note=note,
    )
    slot.items.set(items)
    record_event(
        actor=actor,
        action="meetings.work_slot_added",
        obj=slot,
        after={"date": date, "part": part, "room": room, "items": [i.label for i in items]},
    )
    return slot


def _slot_state(slot: WorkSlot) -> dict[str, Any]:
    return {
        **snapshot(slot, ["date", "part", "starts_at", "ends_at", "room", "interpreted", "note"]),
        "items": [i.label for i in slot.items.order_by("number", "letter")],
    }


@transaction.atomic
def update_work_slot(
    *,
    actor: Any,
    slot: WorkSlot,
    date: date,
    part: str,
    starts_at: time,
    ends_at: time,
    room: str,
    interpreted: bool,
    items: Iterable[AgendaItem],
    note: str = "",
) -> WorkSlot:
    require_manager(actor)
    session = Session.objects.select_for_update().get(pk=slot.session_id)
    items = list(items)
    room = room.strip()
    _check_slot(
        session,
        date=date,
        part=part,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        interpreted=interpreted,
        items=items,
        slot=slot,
    )
    before = _slot_state(slot)
    slot.date, slot.part, slot.starts_at, slot.ends_at = date, part, starts_at, ends_at
    slot.room, slot.interpreted, slot.note = room, interpreted, note
    slot.save()
    slot.items.set(items)
    record_event(
        actor=actor, action="meetings.work_slot_updated", obj=slot, before=before, after=_slot_state(slot)
    )
    return slot


@transaction.atomic
def remove_work_slot(*, actor: Any, slot: WorkSlot) -> None:
    require_manager(actor)
    record_event(actor=actor, action="meetings.work_slot_removed", obj=slot, before=_slot_state(slot))
    slot.delete()
