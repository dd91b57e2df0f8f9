"""Sessions: create, correct and delete a session of a body (its address is body, number and resumed part)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.meetings.models import Body, Session
from irm.meetings.services.common import apply_changes, require_manager
from irm.parties.models import State


def _check_session_times(starts_on: date, ends_on: date, opens_at: datetime, timezone_name: str) -> None:
    if ends_on < starts_on:
        raise InvalidInput(_("A session cannot end before it starts."), code="session_dates")
    if timezone.is_naive(opens_at):
        raise InvalidInput(_("The opening time must carry a time zone."))
    try:
        zone = ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            _("Unknown time zone %(tz)s.") % {"tz": timezone_name}, code="unknown_timezone"
        ) from None
    if not starts_on <= timezone.localtime(opens_at, zone).date() <= ends_on:
        raise InvalidInput(_("The opening must fall within the session's dates."), code="opening_outside")


#: What `update_session` may change. Body, number and resumed part identify a session (and its address).
SESSION_FIELDS = (
    "title_en",
    "title_zh",
    "city",
    "venue",
    "host_state",
    "starts_on",
    "ends_on",
    "opens_at",
    "timezone",
    "hybrid",
    "interpreted_meetings_limit",
    "draft_resolution_deadline",
)


@transaction.atomic
def create_session(
    *,
    actor: Any,
    body: str,
    number: int,
    title_en: str,
    city: str,
    starts_on: date,
    ends_on: date,
    opens_at: datetime,
    resumed_part: int = 0,
    title_zh: str = "",
    venue: str = "",
    host_state: State | None = None,
    timezone_name: str = "Europe/Vienna",
    hybrid: bool = False,
    interpreted_meetings_limit: int | None = None,
    draft_resolution_deadline: date | None = None,
    slug: str = "",
    source: str = "",
) -> Session:
    require_manager(actor)
    if body not in Body.values:
        raise InvalidInput(_("Unknown body %(body)s.") % {"body": body})
    _check_session_times(starts_on, ends_on, opens_at, timezone_name)
    slug = slug or slugify(f"{body}-{number}" + (f"-r{resumed_part}" if resumed_part else ""))
    if Session.objects.filter(body=body, number=number, resumed_part=resumed_part).exists():
        raise Conflict(_("This session already exists."))
    session = Session.objects.create(
        body=body,
        number=number,
        resumed_part=resumed_part,
        slug=slug,
        title_en=title_en,
        title_zh=title_zh,
        city=city,
        venue=venue,
        host_state=host_state,
        starts_on=starts_on,
        ends_on=ends_on,
        opens_at=opens_at,
        timezone=timezone_name,
        hybrid=hybrid,
        interpreted_meetings_limit=interpreted_meetings_limit,
        draft_resolution_deadline=draft_resolution_deadline,
        source=source,
    )
    record_event(actor=actor, action="meetings.session_created", obj=session, after={"slug": slug})
    return session


@transaction.atomic
def update_session(*, actor: Any, session: Session, **changes: Any) -> Session:
    """Correct or complete a session's details; the organization of work must still fit."""
    require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    return apply_changes(
        actor=actor,
        obj=session,
        changes=changes,
        allowed=SESSION_FIELDS,
        check=_check_session,
        action="meetings.session_updated",
    )


def _check_session(session: Session) -> None:
    if not session.title_en.strip() or not session.city.strip():
        raise InvalidInput(_("A session needs a title and a city."))
    _check_session_times(session.starts_on, session.ends_on, session.opens_at, session.timezone)
    outside = session.work_slots.exclude(date__range=(session.starts_on, session.ends_on)).count()
    if outside:
        raise Conflict(
            _("%(n)d meetings of the organization of work fall outside the new dates; move them first.")
            % {"n": outside},
            code="work_outside_dates",
        )
    used = session.work_slots.filter(interpreted=True).count()
    if session.interpreted_meetings_limit is not None and used > session.interpreted_meetings_limit:
        raise Conflict(
            _("%(used)d meetings with interpretation are already planned; the limit cannot be lower.")
            % {"used": used},
            code="interpretation_limit",
        )


@transaction.atomic
def delete_session(*, actor: Any, session: Session) -> None:
    """Remove a session created by mistake: only while nobody has registered or issued anything for it."""
    require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    counts: list[tuple[int, Callable[[int], str]]] = [
        (session.documents.count(), lambda n: ngettext("%(n)d document", "%(n)d documents", n)),
        (session.delegations.count(), lambda n: ngettext("%(n)d participant", "%(n)d participants", n)),
        (
            session.speakers_lists.count(),
            lambda n: ngettext("%(n)d list of speakers", "%(n)d lists of speakers", n),
        ),
        (
            session.draft_resolutions.count(),
            lambda n: ngettext("%(n)d draft resolution", "%(n)d draft resolutions", n),
        ),
        (session.statements.count(), lambda n: ngettext("%(n)d statement", "%(n)d statements", n)),
        (session.officers.count(), lambda n: ngettext("%(n)d officer", "%(n)d officers", n)),
    ]
    held = [phrase(n) % {"n": n} for n, phrase in counts if n]
    if held:
        raise Conflict(
            _("The session has %(held)s; it can no longer be deleted.") % {"held": ", ".join(held)},
            code="session_in_use",
        )
    record_event(
        actor=actor,
        action="meetings.session_deleted",
        obj=session,
        before={"slug": session.slug, "title_en": session.title_en, "items": session.agenda_items.count()},
    )
    session.delete()
