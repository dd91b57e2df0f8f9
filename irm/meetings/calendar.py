"""The iCalendar events of sessions: each session as all-day events over its days, and (in a
session's own feed) each of its meetings at its local time, in the session's time zone.

Built with the `icalendar` library through `irm.core.ical`. Sessions are public, so is a session's
feed; the personal feed (`irm/web/calendar.py`) adds the sessions of `permissions.sessions_of(user)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event

from irm.core.ical import event, uid
from irm.meetings.models import Session, WorkSlot


def _place(session: Session) -> str:
    return ", ".join(p for p in (session.venue, session.city) if p)


def session_events(sessions: Iterable[Session], *, site_url: str) -> list[Event]:
    """One all-day event per session, from its first to its last day."""
    return [
        event(
            uid_=uid("session", s.pk),
            summary=s.title,
            start=s.starts_on,
            end=s.ends_on + timedelta(days=1),
            location=_place(s),
            url=site_url + reverse("meetings:session-detail", args=[s.slug]),
        )
        for s in sessions
    ]


def _zone(session: Session) -> ZoneInfo:
    try:
        return ZoneInfo(session.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def meeting_events(session: Session, slots: Iterable[WorkSlot], *, site_url: str) -> list[Event]:
    """Each meeting of the organization of work, at its local hours, with its agenda items."""
    zone = _zone(session)
    url = site_url + reverse("meetings:session-detail", args=[session.slug])
    events = []
    for slot in slots:
        items = ", ".join(item.label for item in slot.items.all())
        description = _("Agenda items: %(items)s") % {"items": items} if items else ""
        if slot.note:
            description = f"{description}\n{slot.note}" if description else slot.note
        events.append(
            event(
                uid_=uid("session", session.pk, "meeting", slot.pk),
                summary=f"{session.title} — {slot.get_part_display()}",
                start=datetime.combine(slot.date, slot.starts_at, tzinfo=zone),
                end=datetime.combine(slot.date, slot.ends_at, tzinfo=zone),
                description=description,
                location=", ".join(p for p in (slot.room, _place(session)) if p),
                url=url,
            )
        )
    return events
