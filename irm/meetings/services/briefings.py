"""Briefings for NGOs on the margins of sessions of the Implementation Review Group (resolution 4/6).

The Group admits no non-governmental organizations as observers (rule 2 of resolution 4/5 opens its
sessions to intergovernmental organizations and UN entities, S000 ¶9); resolution 4/6 provides these
briefings instead. The secretariat records each one: when, where, on what, and which NGOs are invited.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, TooLong
from irm.meetings.models import Body, BriefingInvitation, NgoBriefing, Session, WorkSlot
from irm.meetings.services.common import require_manager

#: Bounds on what one briefing records (the columns' lengths; invitations per briefing).
MAX_INVITED = 300
MAX_ORGANIZATION = 200
MAX_TOPIC = 500
MAX_ROOM = 80


def _organizations(names: Iterable[str]) -> list[str]:
    """The invited NGOs: stripped, each once (whatever the case), at least one, bounded."""
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > MAX_ORGANIZATION:
            raise InvalidInput(
                _("An organization's name is limited to %(n)d characters: %(name)s…")
                % {"n": MAX_ORGANIZATION, "name": name[:40]},
                code="briefing_invitations",
            )
        seen.setdefault(name.casefold(), name)
    if not seen:
        raise InvalidInput(_("Name the non-governmental organizations invited."), code="briefing_invitations")
    if len(seen) > MAX_INVITED:
        raise InvalidInput(
            _("At most %(n)d organizations per briefing.") % {"n": MAX_INVITED}, code="briefing_invitations"
        )
    return sorted(seen.values(), key=str.casefold)


def _check_briefing(
    session: Session,
    *,
    date: date,
    starts_at: time,
    ends_at: time,
    room: str,
    topic_en: str,
    topic_zh: str,
    note: str,
    briefing: NgoBriefing | None = None,
) -> None:
    """An IRG session, within its dates, a real time span, a named room that is free, a topic."""
    if session.body != Body.IRG:
        raise InvalidInput(
            _(
                "Resolution 4/6 provides briefings for non-governmental organizations on the margins of "
                "sessions of the Implementation Review Group; the other bodies admit them as observers."
            ),
            code="briefing_body",
        )
    if not session.starts_on <= date <= session.ends_on:
        raise InvalidInput(
            _("A briefing on the margins of the session is held during it, from %(a)s to %(b)s.")
            % {"a": session.starts_on.isoformat(), "b": session.ends_on.isoformat()},
            code="briefing_outside_dates",
        )
    if ends_at <= starts_at:
        raise InvalidInput(_("A briefing must end after it starts."), code="briefing_times")
    if not room.strip() or not topic_en.strip():
        raise InvalidInput(_("Give the room and the topic (in English)."))
    if len(room) > MAX_ROOM or max(len(topic_en), len(topic_zh), len(note)) > MAX_TOPIC:
        raise TooLong(
            _("The room is limited to %(r)d characters, the topic and the note to %(t)d.")
            % {"r": MAX_ROOM, "t": MAX_TOPIC},
        )
    overlapping = Q(date=date, room__iexact=room.strip(), starts_at__lt=ends_at, ends_at__gt=starts_at)
    others = NgoBriefing.objects.filter(session=session).exclude(pk=briefing.pk if briefing else 0)
    if WorkSlot.objects.filter(overlapping, session=session).exists() or others.filter(overlapping).exists():
        raise Conflict(_("That room is already used at that time."), code="room_taken")


def _state(briefing: NgoBriefing) -> dict[str, Any]:
    """The briefing as the audit trail records it."""
    return {
        "date": briefing.date,
        "starts_at": briefing.starts_at,
        "ends_at": briefing.ends_at,
        "room": briefing.room,
        "topic_en": briefing.topic_en,
        "organizations": list(briefing.invitations.values_list("organization", flat=True)),
    }


@transaction.atomic
def record_ngo_briefing(
    *,
    actor: Any,
    session: Session,
    date: date,
    starts_at: time,
    ends_at: time,
    room: str,
    topic_en: str,
    organizations: Iterable[str],
    topic_zh: str = "",
    note: str = "",
) -> NgoBriefing:
    """Record a briefing for NGOs on the margins of an IRG session (resolution 4/6), with its invitations."""
    require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    invited = _organizations(organizations)
    fields: dict[str, Any] = {"date": date, "starts_at": starts_at, "ends_at": ends_at, "room": room.strip()}
    texts: dict[str, Any] = {"topic_en": topic_en.strip(), "topic_zh": topic_zh.strip(), "note": note.strip()}
    _check_briefing(session, **fields, **texts)
    briefing = NgoBriefing.objects.create(session=session, **fields, **texts)
    BriefingInvitation.objects.bulk_create(
        BriefingInvitation(briefing=briefing, organization=name) for name in invited
    )
    record_event(actor=actor, action="meetings.ngo_briefing_recorded", obj=briefing, after=_state(briefing))
    return briefing


@transaction.atomic
def update_ngo_briefing(
    *,
    actor: Any,
    briefing: NgoBriefing,
    date: date,
    starts_at: time,
    ends_at: time,
    room: str,
    topic_en: str,
    organizations: Iterable[str],
    topic_zh: str = "",
    note: str = "",
) -> NgoBriefing:
    """Move or correct a briefing; the invitations become the list given."""
    require_manager(actor)
    session = Session.objects.select_for_update().get(pk=briefing.session_id)
    briefing = NgoBriefing.objects.select_for_update().get(pk=briefing.pk)
    invited = _organizations(organizations)
    fields: dict[str, Any] = {"date": date, "starts_at": starts_at, "ends_at": ends_at, "room": room.strip()}
    texts: dict[str, Any] = {"topic_en": topic_en.strip(), "topic_zh": topic_zh.strip(), "note": note.strip()}
    _check_briefing(session, **fields, **texts, briefing=briefing)
    before = _state(briefing)
    for name, value in {**fields, **texts}.items():
        setattr(briefing, name, value)
    briefing.save()
    briefing.invitations.all().delete()
    BriefingInvitation.objects.bulk_create(
        BriefingInvitation(briefing=briefing, organization=name) for name in invited
    )
    record_event(
        actor=actor,
        action="meetings.ngo_briefing_updated",
        obj=briefing,
        before=before,
        after=_state(briefing),
    )
    return briefing


@transaction.atomic
def remove_ngo_briefing(*, actor: Any, briefing: NgoBriefing, reason: str = "") -> None:
    """Cancel a briefing (or remove one recorded by mistake); the audit trail keeps what it was."""
    require_manager(actor)
    briefing = NgoBriefing.objects.select_for_update().get(pk=briefing.pk)
    record_event(
        actor=actor,
        action="meetings.ngo_briefing_removed",
        obj=briefing,
        before=_state(briefing),
        reason=reason.strip()[:500],
    )
    briefing.delete()
