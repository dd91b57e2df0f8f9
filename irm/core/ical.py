"""iCalendar (RFC 5545) feeds through the `icalendar` library: the calendar, its events, the answer.

The library folds long lines, escapes commas, semicolons and line breaks, and writes the time zones
(VTIMEZONE) the timed events use. Each app builds the events of its own rows (reviews: deadlines;
meetings: sessions and their meetings); a feed gathers them. An event's UID names the row it comes
from and nothing that may change (a moved deadline keeps its UID, so calendar apps move the event).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//irm//UNCAC Implementation Review Mechanism//EN"
#: The domain part of every UID (fixed: a UID must not change when the site moves).
UID_DOMAIN = "irm.unodc"


def uid(kind: str, pk: int, *parts: object) -> str:
    return "-".join(["irm", kind, str(pk), *(str(p) for p in parts)]) + f"@{UID_DOMAIN}"


def new_calendar(name: str, events: Iterable[Event] = ()) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar


def event(
    *,
    uid_: str,
    summary: str,
    start: date | datetime,
    end: date | datetime | None = None,
    description: str = "",
    location: str = "",
    url: str = "",
) -> Event:
    """An event; a `date` start makes an all-day event (its end the day after the last day)."""
    item = Event()
    item.add("uid", uid_)
    item.add("dtstamp", timezone.now())
    item.add("summary", summary)
    item.add("dtstart", start)
    if end is None and not isinstance(start, datetime):
        end = start + timedelta(days=1)
    if end is not None:
        item.add("dtend", end)
    if description:
        item.add("description", description)
    if location:
        item.add("location", location)
    if url:
        item.add("url", url)
    return item


def ics_response(calendar: Calendar, *, filename: str) -> HttpResponse:
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
