"""Every change to sessions goes through here: validated, in one transaction, with an audit event."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.uploads import check_upload
from irm.meetings import permissions
from irm.meetings.models import (
    ACTIVE_STATUSES,
    BUREAU_OFFICES,
    LANGUAGES,
    STATE_KINDS,
    Access,
    AgendaItem,
    Body,
    BureauMember,
    Credential,
    CredentialsReport,
    CredentialStatus,
    Delegate,
    DelegateRole,
    Delegation,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentLink,
    DraftResolution,
    EntryStatus,
    Issuer,
    JointMeeting,
    Objection,
    Office,
    OutputKind,
    ParticipationKind,
    ParticipationStatus,
    Rank,
    ResolutionStatus,
    Session,
    SlotPart,
    SpeakerEntry,
    SpeakerMode,
    SpeakersList,
    Statement,
    SwapRequest,
    SwapStatus,
    WorkSlot,
    is_ministerial,
)
from irm.parties.models import RegionalGroup, State

# --------------------------------------------------------------------------------------------
# helpers


def _require_manager(actor: Any) -> None:
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the secretariat manages sessions."))


def _require_acts_for(actor: Any, delegation: Delegation) -> None:
    if not permissions.can_act_for(actor, delegation):
        raise PermissionDenied(_("You do not act for this delegation."))


def one_month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def draft_resolution_deadline(session: Session) -> date:
    """Decision 9/1: draft resolutions one month before the session (CoSP 10: 13 November 2023)."""
    return session.draft_resolution_deadline or one_month_before(session.starts_on)


def end_of_day(session: Session, day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(session.timezone))


def _fmt(moment: datetime, session: Session) -> str:
    return timezone.localtime(moment, ZoneInfo(session.timezone)).strftime("%Y-%m-%d %H:%M %Z")


# --------------------------------------------------------------------------------------------
# sessions, agenda, organization of work


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


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """Field values for the audit trail (related objects by their string form)."""
    out = {}
    for field in fields:
        value = getattr(obj, field)
        out[field] = str(value) if isinstance(value, State | AgendaItem) else value
    return out


def _apply_changes[M: (Session, SpeakersList)](
    *,
    actor: Any,
    obj: M,
    changes: dict[str, Any],
    allowed: Iterable[str],
    check: Callable[[M], None],
    action: str,
) -> M:
    """Set the changed fields of a locked row, check the result, save and audit (before/after)."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidInput(_("These details cannot be changed: %(f)s.") % {"f": ", ".join(unknown)})
    changed = [f for f, v in changes.items() if getattr(obj, f) != v]
    if not changed:
        return obj
    before = _snapshot(obj, changed)
    for field in changed:
        setattr(obj, field, changes[field])
    check(obj)
    obj.save()
    record_event(actor=actor, action=action, obj=obj, before=before, after=_snapshot(obj, changed))
    return obj


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
    _require_manager(actor)
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
    _require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    return _apply_changes(
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
    _require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    counts = [
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


@transaction.atomic
def add_joint_meeting(
    *,
    actor: Any,
    sessions: Iterable[Session],
    title_en: str,
    held_from: date,
    held_to: date,
    title_zh: str = "",
    items_note: str = "",
) -> JointMeeting:
    _require_manager(actor)
    sessions = list(sessions)
    if len(sessions) < 2:
        raise InvalidInput(_("A joint meeting brings together at least two bodies."))
    if held_to < held_from:
        raise InvalidInput(_("A meeting cannot end before it starts."))
    joint = JointMeeting.objects.create(
        title_en=title_en, title_zh=title_zh, held_from=held_from, held_to=held_to, items_note=items_note
    )
    joint.sessions.set(sessions)
    record_event(
        actor=actor,
        action="meetings.joint_meeting_added",
        obj=joint,
        after={"sessions": [s.slug for s in sessions]},
    )
    return joint


@transaction.atomic
def remove_joint_meeting(*, actor: Any, joint: JointMeeting) -> None:
    _require_manager(actor)
    record_event(
        actor=actor,
        action="meetings.joint_meeting_removed",
        obj=joint,
        before={"title_en": joint.title_en, "sessions": [s.slug for s in joint.sessions.all()]},
    )
    joint.delete()


def _agenda_open(session: Session) -> None:
    if session.agenda_adopted:
        raise Conflict(_("The agenda was adopted; it can no longer change."), code="agenda_adopted")


@transaction.atomic
def add_agenda_item(
    *,
    actor: Any,
    session: Session,
    number: int,
    title_en: str,
    letter: str = "",
    title_zh: str = "",
    annotation_en: str = "",
    annotation_zh: str = "",
) -> AgendaItem:
    _require_manager(actor)
    _agenda_open(session)
    parent = None
    if letter:
        parent = AgendaItem.objects.filter(session=session, number=number, letter="").first()
        if parent is None:
            raise InvalidInput(_("Add item %(n)s before its sub-items.") % {"n": number})
    if AgendaItem.objects.filter(session=session, number=number, letter=letter).exists():
        raise Conflict(_("This agenda item already exists."))
    item = AgendaItem.objects.create(
        session=session,
        parent=parent,
        number=number,
        letter=letter,
        title_en=title_en,
        title_zh=title_zh,
        annotation_en=annotation_en,
        annotation_zh=annotation_zh,
    )
    record_event(actor=actor, action="meetings.agenda_item_added", obj=item, after={"label": item.label})
    return item


@transaction.atomic
def update_agenda_item(
    *,
    actor: Any,
    item: AgendaItem,
    title_en: str,
    title_zh: str = "",
    annotation_en: str = "",
    annotation_zh: str = "",
) -> AgendaItem:
    """Titles and annotations change until the agenda is adopted (to renumber, remove and add again)."""
    _require_manager(actor)
    _agenda_open(item.session)
    if not title_en.strip():
        raise InvalidInput(_("An agenda item needs an English title."))
    fields = ["title_en", "title_zh", "annotation_en", "annotation_zh"]
    before = _snapshot(item, fields)
    item.title_en, item.title_zh = title_en.strip(), title_zh.strip()
    item.annotation_en, item.annotation_zh = annotation_en.strip(), annotation_zh.strip()
    item.save(update_fields=fields)
    record_event(
        actor=actor,
        action="meetings.agenda_item_updated",
        obj=item,
        before=before,
        after=_snapshot(item, fields),
    )
    return item


@transaction.atomic
def remove_agenda_item(*, actor: Any, item: AgendaItem) -> None:
    """Remove an item of the provisional agenda; refused while anything still hangs on it."""
    _require_manager(actor)
    _agenda_open(item.session)
    if item.children.exists():
        raise Conflict(_("Remove the sub-items of item %(l)s first.") % {"l": item.label}, code="item_in_use")
    symbols = list(item.documents.values_list("symbol", flat=True))
    if symbols:
        raise Conflict(
            _("Documents are issued under item %(l)s: %(s)s. Move them to another item first.")
            % {"l": item.label, "s": ", ".join(symbols)},
            code="item_in_use",
        )
    if item.speakers_lists.exists():
        raise Conflict(
            _("Item %(l)s has a list of speakers; it cannot be removed.") % {"l": item.label},
            code="item_in_use",
        )
    record_event(
        actor=actor,
        action="meetings.agenda_item_removed",
        obj=item,
        before={"label": item.label, "title_en": item.title_en},
    )
    item.delete()


@transaction.atomic
def adopt_agenda(*, actor: Any, session: Session, at: datetime | None = None) -> Session:
    """Adoption freezes the agenda and records it as adopted (S002 item 1(c))."""
    _require_manager(actor)
    session = Session.objects.select_for_update().get(pk=session.pk)
    _agenda_open(session)
    items = list(session.agenda_items.order_by("number", "letter"))
    if not items:
        raise InvalidInput(_("There is no agenda to adopt."))
    session.final_agenda = [
        {
            "label": i.label,
            "number": i.number,
            "letter": i.letter,
            "title_en": i.title_en,
            "title_zh": i.title_zh,
        }
        for i in items
    ]
    session.agenda_adopted_at = at or timezone.now()
    session.agenda_adopted_by = actor if getattr(actor, "is_authenticated", False) else None
    session.save(update_fields=["final_agenda", "agenda_adopted_at", "agenda_adopted_by", "updated_at"])
    record_event(actor=actor, action="meetings.agenda_adopted", obj=session, after={"items": len(items)})
    return session


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
    _require_manager(actor)
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
        **_snapshot(slot, ["date", "part", "starts_at", "ends_at", "room", "interpreted", "note"]),
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
    _require_manager(actor)
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
    _require_manager(actor)
    record_event(actor=actor, action="meetings.work_slot_removed", obj=slot, before=_slot_state(slot))
    slot.delete()


# --------------------------------------------------------------------------------------------
# documents


#: Document files: the text of a UN document as issued (PDF) or its Word original.
DOCUMENT_FILE_TYPES = ("pdf", "docx")
DOCUMENT_FILE_MAX_BYTES = 50 * 1024 * 1024
DOCUMENT_FIELDS = ["symbol", "title_en", "title_zh", "kind", "access", "agenda_item", "issued_on"]


def _check_document(
    session: Session,
    *,
    symbol: str,
    title_en: str,
    kind: str,
    access: str,
    agenda_item: AgendaItem | None,
    document: Document | None = None,
) -> str:
    """Returns the symbol with its spaces normalized."""
    symbol = " ".join(symbol.split())
    if not re.match(re.escape(session.symbol_prefix) + r"/\d{4}/\S", symbol):
        raise InvalidInput(
            _("Documents of this session have symbols like %(p)s/<year>/….") % {"p": session.symbol_prefix},
            code="symbol_format",
        )
    if not title_en.strip():
        raise InvalidInput(_("A document needs an English title."))
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Unknown kind of document."))
    if access not in Access.values:
        raise InvalidInput(_("A document is public or restricted."))
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise InvalidInput(_("The agenda item belongs to another session."))
    if Document.objects.filter(symbol=symbol).exclude(pk=document.pk if document else 0).exists():
        raise Conflict(_("A document with symbol %(s)s exists.") % {"s": symbol}, code="symbol_taken")
    return symbol


@transaction.atomic
def register_document(
    *,
    actor: Any,
    session: Session,
    symbol: str,
    title_en: str,
    kind: str = DocumentKind.NOTE,
    access: str = "public",
    title_zh: str = "",
    agenda_item: AgendaItem | None = None,
    issued_on: date | None = None,
) -> Document:
    _require_manager(actor)
    symbol = _check_document(
        session, symbol=symbol, title_en=title_en, kind=kind, access=access, agenda_item=agenda_item
    )
    document = Document.objects.create(
        session=session,
        symbol=symbol,
        title_en=title_en.strip(),
        title_zh=title_zh.strip(),
        kind=kind,
        access=access,
        agenda_item=agenda_item,
        issued_on=issued_on,
    )
    record_event(
        actor=actor,
        action="meetings.document_registered",
        obj=document,
        after={"kind": kind, "access": access},
    )
    return document


@transaction.atomic
def update_document(
    *,
    actor: Any,
    document: Document,
    symbol: str,
    title_en: str,
    kind: str,
    access: str,
    title_zh: str = "",
    agenda_item: AgendaItem | None = None,
    issued_on: date | None = None,
) -> Document:
    """Correct a document's record; making it restricted hides its files from the public at once."""
    _require_manager(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    symbol = _check_document(
        document.session,
        symbol=symbol,
        title_en=title_en,
        kind=kind,
        access=access,
        agenda_item=agenda_item,
        document=document,
    )
    before = _snapshot(document, DOCUMENT_FIELDS)
    document.symbol, document.title_en, document.title_zh = symbol, title_en.strip(), title_zh.strip()
    document.kind, document.access = kind, access
    document.agenda_item, document.issued_on = agenda_item, issued_on
    document.save()
    record_event(
        actor=actor,
        action="meetings.document_updated",
        obj=document,
        before=before,
        after=_snapshot(document, DOCUMENT_FIELDS),
    )
    return document


@transaction.atomic
def delete_document(*, actor: Any, document: Document) -> None:
    """Withdraw a document registered by mistake, with its files and links."""
    _require_manager(actor)
    drafts = DraftResolution.objects.filter(document=document).count()
    if drafts:
        raise Conflict(
            _("%(s)s is the text of a draft resolution; unlink it there first.") % {"s": document.symbol},
            code="document_in_use",
        )
    files = list(document.files.all())
    record_event(
        actor=actor,
        action="meetings.document_deleted",
        obj=document,
        before={"symbol": document.symbol, "languages": [f.language for f in files]},
    )
    document.delete()

    # Files go once the rows are gone for good (a failed transaction keeps them).
    def remove_files() -> None:
        for version in files:
            version.file.delete(save=False)

    transaction.on_commit(remove_files)


@transaction.atomic
def attach_document_file(*, actor: Any, document: Document, language: str, file: File) -> DocumentFile:
    """The file of one language version (replaces an earlier one); PDF or Word, checked by content."""
    _require_manager(actor)
    if language not in {code for code, _label in LANGUAGES}:
        raise InvalidInput(_("Documents are issued in the six official languages."), code="unknown_language")
    name = (getattr(file, "name", "") or "document").rsplit("/", 1)[-1]
    file.seek(0)
    data = file.read()
    file.seek(0)
    kind = check_upload(name, data, allowed=DOCUMENT_FILE_TYPES, limit=DOCUMENT_FILE_MAX_BYTES)
    stored = ContentFile(data, name=f"{document.file_stem}-{language}.{kind}")
    version = DocumentFile.objects.filter(document=document, language=language).first()
    old = version.file.name if version else None
    if version:
        version.file = stored
        version.save()
    else:
        version = DocumentFile.objects.create(document=document, language=language, file=stored)
    if old and old != version.file.name:
        storage = version.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    record_event(
        actor=actor,
        action="meetings.document_file_attached",
        obj=document,
        after={"language": language, "name": name, "bytes": len(data), "replaced": bool(old)},
    )
    return version


@transaction.atomic
def remove_document_file(*, actor: Any, document: Document, language: str) -> None:
    _require_manager(actor)
    version = DocumentFile.objects.filter(document=document, language=language).first()
    if version is None:
        raise InvalidInput(_("There is no file in that language."))
    name, storage = version.file.name or "", version.file.storage
    version.delete()
    record_event(
        actor=actor, action="meetings.document_file_removed", obj=document, before={"language": language}
    )
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def link_document_output(
    *, actor: Any, document: Document, kind: str, identifier: str = "", url: str = "", label: str = ""
) -> DocumentLink:
    """Register a platform output (e.g. a generated TA-needs analysis) behind a document."""
    _require_manager(actor)
    if kind not in OutputKind.values:
        raise InvalidInput(_("Unknown kind of output."))
    if not identifier and not url:
        raise InvalidInput(_("Give an identifier or a link."))
    link, created = DocumentLink.objects.get_or_create(
        document=document, kind=kind, identifier=identifier, url=url, defaults={"label": label}
    )
    if created:
        record_event(
            actor=actor,
            action="meetings.document_linked",
            obj=document,
            after={"kind": kind, "identifier": identifier, "url": url},
        )
    return link


def output_generator(kind: str) -> Callable[[str, str], Any] | None:
    """The function that writes a platform output as a file (`settings.MEETINGS_OUTPUT_GENERATORS`)."""
    path = settings.MEETINGS_OUTPUT_GENERATORS.get(kind)
    return import_string(path) if path else None


@transaction.atomic
def issue_platform_output(
    *, actor: Any, document: Document, kind: str, identifier: str, languages: Iterable[str]
) -> list[DocumentFile]:
    """Generate a platform output (e.g. the TA-needs analysis) as the document's language versions.

    All languages or none: a failure in one leaves the document as it was. The output is linked.
    """
    _require_manager(actor)
    generate = output_generator(kind)
    if generate is None:
        raise InvalidInput(
            _("The platform cannot generate this kind of output as a file."), code="no_generator"
        )
    languages = list(dict.fromkeys(languages))
    if not languages:
        raise InvalidInput(_("Choose at least one language."), code="no_language")
    # Generate every language first: a failure then stores no file at all.
    outputs = {language: generate(identifier, language) for language in languages}
    versions = [
        attach_document_file(
            actor=actor,
            document=document,
            language=language,
            file=ContentFile(out.content, name=out.filename),
        )
        for language, out in outputs.items()
    ]
    last = outputs[languages[-1]]
    link_document_output(
        actor=actor, document=document, kind=kind, identifier=identifier, url=last.url, label=last.label
    )
    return versions


@transaction.atomic
def unlink_document_output(*, actor: Any, link: DocumentLink) -> None:
    _require_manager(actor)
    record_event(
        actor=actor,
        action="meetings.document_unlinked",
        obj=link.document,
        before={"kind": link.kind, "identifier": link.identifier, "url": link.url},
    )
    link.delete()


# --------------------------------------------------------------------------------------------
# participation (rules 14–17)


def _initial_status(kind: str, notified_on: date | None) -> str:
    if kind == ParticipationKind.PARTY:
        return ParticipationStatus.PARTICIPATING
    if kind in {ParticipationKind.SIGNATORY, ParticipationKind.UN_BODY, ParticipationKind.IGO}:
        # Rules 14 and 16: entitled on prior written notification to the Secretary-General.
        return ParticipationStatus.ADMITTED if notified_on else ParticipationStatus.PENDING
    if kind in {ParticipationKind.NON_SIGNATORY, ParticipationKind.NGO_ECOSOC}:
        return ParticipationStatus.APPLIED  # rules 15, 17: apply to the bureau
    return ParticipationStatus.LISTED  # rule 17, other NGOs: listed and circulated


@transaction.atomic
def register_delegation(
    *,
    actor: Any,
    session: Session,
    kind: str,
    state: State | None = None,
    name: str = "",
    notified_on: date | None = None,
    applied_on: date | None = None,
) -> Delegation:
    if kind not in ParticipationKind.values:
        raise InvalidInput(_("Unknown kind of participant."))
    if kind == ParticipationKind.PARTY:
        if state is None:
            raise InvalidInput(_("A party's delegation names its State."))
        if not permissions.can_act_for_state(actor, state.pk):
            raise PermissionDenied(_("You may register only your own State's delegation."))
    else:
        _require_manager(actor)
        if kind in STATE_KINDS and state is not None:
            raise InvalidInput(_("States parties register as parties; give the name of a non-party State."))
        if not name.strip():
            raise InvalidInput(_("Give the name of the State or organization."))
    existing = (
        Delegation.objects.filter(session=session, state=state).first()
        if state
        else Delegation.objects.filter(session=session, state__isnull=True, name__iexact=name.strip()).first()
    )
    if existing:
        raise Conflict(_("%(who)s is already registered for this session.") % {"who": existing.display_name})
    delegation = Delegation.objects.create(
        session=session,
        kind=kind,
        state=state,
        name=name.strip(),
        status=_initial_status(kind, notified_on),
        notified_on=notified_on,
        applied_on=applied_on,
    )
    record_event(
        actor=actor,
        action="meetings.delegation_registered",
        obj=delegation,
        after={"kind": kind, "status": delegation.status},
    )
    return delegation


@transaction.atomic
def record_written_notification(*, actor: Any, delegation: Delegation, on: date) -> Delegation:
    """Rules 14 and 16: a signatory, a UN entity or an IGO notified the Secretary-General in writing."""
    _require_manager(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind not in {ParticipationKind.SIGNATORY, ParticipationKind.UN_BODY, ParticipationKind.IGO}:
        raise InvalidInput(
            _("Written notification admits signatories, UN entities and IGOs only (rules 14, 16).")
        )
    before = delegation.status
    delegation.notified_on = on
    delegation.status = ParticipationStatus.ADMITTED
    delegation.save(update_fields=["notified_on", "status", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.notification_recorded",
        obj=delegation,
        before={"status": before},
        after={"status": delegation.status},
    )
    return delegation


@transaction.atomic
def grant_observer_status(*, actor: Any, delegation: Delegation, on: date | None = None) -> Delegation:
    """The bureau grants observer status to a non-signatory State or an ECOSOC NGO (rules 15, 17)."""
    _require_manager(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind not in {ParticipationKind.NON_SIGNATORY, ParticipationKind.NGO_ECOSOC}:
        raise InvalidInput(
            _("Other NGOs are admitted after circulation of the list, unless a party objects (rule 17).")
        )
    if delegation.status != ParticipationStatus.APPLIED:
        raise Conflict(_("There is no pending application."))
    delegation.status = ParticipationStatus.ADMITTED
    delegation.decided_on = on or timezone.localdate()
    delegation.save(update_fields=["status", "decided_on", "updated_at"])
    record_event(actor=actor, action="meetings.observer_admitted", obj=delegation, after={"by": "bureau"})
    return delegation


@transaction.atomic
def circulate_ngo_list(*, actor: Any, session: Session, on: date) -> int:
    """Rule 17: the list of other NGOs is circulated at least 30 days before the session."""
    _require_manager(actor)
    latest = session.starts_on - timedelta(days=30)
    if on > latest:
        raise InvalidInput(
            _("The list must be circulated at least 30 days before the session, i.e. by %(d)s.")
            % {"d": latest.isoformat()},
            code="circulation_too_late",
        )
    listed = Delegation.objects.select_for_update().filter(
        session=session, kind=ParticipationKind.NGO_OTHER, status=ParticipationStatus.LISTED
    )
    names = list(listed.values_list("name", flat=True))
    listed.update(status=ParticipationStatus.CIRCULATED, circulated_on=on, updated_at=timezone.now())
    record_event(
        actor=actor, action="meetings.ngo_list_circulated", obj=session, after={"on": on, "ngos": names}
    )
    return len(names)


@transaction.atomic
def object_to_observer(
    *,
    actor: Any,
    delegation: Delegation,
    objecting_state: State,
    reason: str = "",
    at: datetime | None = None,
) -> Objection:
    """A party objects to an NGO on the circulated list: the question goes to the Conference."""
    if not permissions.can_act_for_state(actor, objecting_state.pk):
        raise PermissionDenied(_("You may object only on behalf of your own State."))
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind != ParticipationKind.NGO_OTHER or delegation.status not in {
        ParticipationStatus.CIRCULATED,
        ParticipationStatus.REFERRED,
    }:
        raise Conflict(_("Objections concern NGOs on the circulated list that are not yet admitted."))
    if Objection.objects.filter(delegation=delegation, objecting_state=objecting_state).exists():
        raise Conflict(_("Your State has already objected."))
    objection = Objection.objects.create(
        delegation=delegation,
        objecting_state=objecting_state,
        reason=reason,
        raised_at=at or timezone.now(),
        raised_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    delegation.status = ParticipationStatus.REFERRED
    delegation.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.observer_objection",
        obj=delegation,
        after={"state": objecting_state.iso3},
        reason=reason,
    )
    return objection


@transaction.atomic
def settle_ngo_admissions(*, actor: Any, session: Session, on: date | None = None) -> int:
    """NGOs on the circulated list with no objection are admitted (rule 17)."""
    _require_manager(actor)
    pending = Delegation.objects.select_for_update().filter(
        session=session, kind=ParticipationKind.NGO_OTHER, status=ParticipationStatus.CIRCULATED
    )
    names = list(pending.values_list("name", flat=True))
    pending.update(
        status=ParticipationStatus.ADMITTED, decided_on=on or timezone.localdate(), updated_at=timezone.now()
    )
    record_event(actor=actor, action="meetings.ngos_admitted", obj=session, after={"ngos": names})
    return len(names)


@transaction.atomic
def record_conference_decision(
    *, actor: Any, delegation: Delegation, admitted: bool, note: str = ""
) -> Delegation:
    """The Conference decides on an application that was objected to, or decides otherwise (rules 15, 17)."""
    _require_manager(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind == ParticipationKind.PARTY:
        raise InvalidInput(_("Parties take part as of right."))
    before = delegation.status
    delegation.status = ParticipationStatus.ADMITTED if admitted else ParticipationStatus.REFUSED
    delegation.decided_on = timezone.localdate()
    delegation.decision_note = note
    delegation.save(update_fields=["status", "decided_on", "decision_note", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.conference_decided",
        obj=delegation,
        before={"status": before},
        after={"status": delegation.status},
        reason=note,
    )
    return delegation


@transaction.atomic
def register_delegate(
    *,
    actor: Any,
    delegation: Delegation,
    full_name: str,
    role: str = DelegateRole.REPRESENTATIVE,
    rank: str = Rank.OFFICIAL,
    function: str = "",
    email: str = "",
    attends_online: bool = False,
) -> Delegate:
    _require_acts_for(actor, delegation)
    if not full_name.strip():
        raise InvalidInput(_("Give the delegate's name."))
    if role not in DelegateRole.values or rank not in Rank.values:
        raise InvalidInput(_("Unknown role or rank."))
    if (
        role == DelegateRole.HEAD
        and Delegate.objects.filter(delegation=delegation, role=DelegateRole.HEAD).exists()
    ):
        raise Conflict(_("The delegation already has a head."))
    delegate = Delegate.objects.create(
        delegation=delegation,
        full_name=full_name.strip(),
        role=role,
        rank=rank,
        function=function,
        email=email,
        attends_online=attends_online,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        actor=actor,
        action="meetings.delegate_registered",
        obj=delegation,
        after={"delegate": delegate.pk, "role": role, "rank": rank},
    )
    return delegate


# --------------------------------------------------------------------------------------------
# credentials (rules 18–20)


@transaction.atomic
def submit_credentials(
    *,
    actor: Any,
    delegation: Delegation,
    issuer: str,
    is_original: bool = True,
    file: File | None = None,
    at: datetime | None = None,
) -> Credential:
    """Rule 18: due 24 hours before the opening; a late submission is kept and flagged."""
    _require_acts_for(actor, delegation)
    if delegation.kind != ParticipationKind.PARTY:
        raise InvalidInput(_("Credentials are submitted by the delegations of parties."))
    if issuer not in Issuer.values:
        raise InvalidInput(_("Unknown issuing authority."))
    is_reio = delegation.state is not None and delegation.state.iso3 == "EUU"
    if (issuer == Issuer.REIO_AUTHORITY) != is_reio:
        raise InvalidInput(
            _(
                "Credentials of a regional economic integration organization come from its competent authority; "
                "those of a State from its Head of State or Government, Minister for Foreign Affairs or "
                "Permanent Representative (rule 18)."
            )
        )
    at = _received_at(actor, at)
    credential = Credential.objects.create(
        delegation=delegation,
        issuer=issuer,
        is_original=is_original,
        submitted_at=at,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        late=at > delegation.session.credentials_due_at,
    )
    if file is not None:
        credential.file.save(getattr(file, "name", "credentials.pdf") or "credentials.pdf", file, save=True)
    record_event(
        actor=actor,
        action="meetings.credentials_submitted",
        obj=delegation,
        after={"credential": credential.pk, "issuer": issuer, "late": credential.late},
    )
    return credential


@transaction.atomic
def examine_credentials(*, actor: Any, credential: Credential, accept: bool, note: str = "") -> Credential:
    """The bureau examines credentials (rule 19); the secretariat records its decision."""
    _require_manager(actor)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.status == CredentialStatus.CHALLENGED:
        raise Conflict(_("Challenged credentials are decided by the Conference."))
    before = credential.status
    credential.status = CredentialStatus.ACCEPTED if accept else CredentialStatus.NOT_IN_ORDER
    credential.examined_at = timezone.now()
    credential.examination_note = note
    credential.save(update_fields=["status", "examined_at", "examination_note", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.credentials_examined",
        obj=credential.delegation,
        before={"status": before},
        after={"status": credential.status},
        reason=note,
    )
    return credential


@transaction.atomic
def challenge_credentials(
    *, actor: Any, credential: Credential, by_state: State, note: str = ""
) -> Credential:
    """Rule 20: a party objects; the representative stays seated provisionally until the Conference decides."""
    if not permissions.can_act_for_state(actor, by_state.pk):
        raise PermissionDenied(_("You may object only on behalf of your own State."))
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.delegation.state_id == by_state.pk:
        raise InvalidInput(_("A State does not object to its own credentials."))
    before = credential.status
    credential.status = CredentialStatus.CHALLENGED
    credential.examination_note = note
    credential.save(update_fields=["status", "examination_note", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.credentials_challenged",
        obj=credential.delegation,
        before={"status": before},
        after={"by": by_state.iso3},
        reason=note,
    )
    return credential


@transaction.atomic
def generate_credentials_report(*, actor: Any, session: Session) -> CredentialsReport:
    """The bureau's report (rule 19), generated from the records; regenerated until adopted."""
    from irm.meetings.selectors import credentials_overview

    _require_manager(actor)
    existing = CredentialsReport.objects.select_for_update().filter(session=session).first()
    if existing and existing.adopted_at:
        raise Conflict(_("The credentials report was adopted."))
    data = credentials_overview(session, as_json=True)
    report, _created = CredentialsReport.objects.update_or_create(
        session=session,
        defaults={
            "generated_at": timezone.now(),
            "data": data,
            "generated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    record_event(
        actor=actor, action="meetings.credentials_report_generated", obj=session, after=data["counts"]
    )
    return report


@transaction.atomic
def adopt_credentials_report(*, actor: Any, session: Session) -> CredentialsReport:
    _require_manager(actor)
    report = CredentialsReport.objects.select_for_update().filter(session=session).first()
    if report is None:
        raise InvalidInput(_("Generate the report first."))
    if report.adopted_at:
        raise Conflict(_("The credentials report was adopted."))
    report.adopted_at = timezone.now()
    report.save(update_fields=["adopted_at"])
    record_event(actor=actor, action="meetings.credentials_report_adopted", obj=session)
    return report


# --------------------------------------------------------------------------------------------
# bureau (rule 22)


@transaction.atomic
def elect_officer(
    *,
    actor: Any,
    session: Session,
    office: str,
    state: State,
    person_name: str = "",
    elected_on: date | None = None,
    note: str = "",
) -> BureauMember:
    """Rule 22: a president, three vice-presidents and a rapporteur; each regional group represented once."""
    _require_manager(actor)
    if office not in Office.values:
        raise InvalidInput(_("Unknown office."))
    group = state.regional_group
    if office in BUREAU_OFFICES:
        if group == RegionalGroup.NONE:
            raise InvalidInput(_("Bureau members represent the five regional groups."))
        taken = BureauMember.objects.select_for_update().filter(session=session, office__in=BUREAU_OFFICES)
        if office in {Office.PRESIDENT, Office.RAPPORTEUR} and taken.filter(office=office).exists():
            raise Conflict(_("That office is filled."))
        if office == Office.VICE_PRESIDENT and taken.filter(office=office).count() >= 3:
            raise Conflict(_("The bureau has three vice-presidents."))
        holder = taken.filter(regional_group=group).first()
        if holder:
            raise Conflict(
                _("%(group)s is already represented on the bureau (%(holder)s).")
                % {"group": RegionalGroup(group).label, "holder": holder.state},
                code="group_represented",
            )
    member = BureauMember.objects.create(
        session=session,
        office=office,
        state=state,
        regional_group=group,
        person_name=person_name,
        elected_on=elected_on,
        note=note,
    )
    record_event(
        actor=actor,
        action="meetings.officer_elected",
        obj=member,
        after={"office": office, "state": state.iso3, "group": group},
    )
    return member


@transaction.atomic
def remove_officer(*, actor: Any, member: BureauMember, reason: str) -> None:
    """Correct a record (or note a resignation): the reason stays in the audit trail."""
    _require_manager(actor)
    if not reason.strip():
        raise InvalidInput(_("Say why the officer is removed."), code="reason_required")
    record_event(
        actor=actor,
        action="meetings.officer_removed",
        obj=member,
        before={"office": member.office, "state": member.state.iso3, "person": member.person_name},
        reason=reason.strip(),
    )
    member.delete()


# --------------------------------------------------------------------------------------------
# lists of speakers (S002 §1(f))


LIST_FIELDS = [
    "opens_at",
    "closes_at",
    "item_closes_at",
    "auto_close",
    "video_deadline",
    "speaking_minutes",
    "speaking_words",
    "group_chair_minutes",
    "offered_item",
]


def _check_list(
    lst: SpeakersList,
) -> None:
    if lst.closes_at <= lst.opens_at:
        raise InvalidInput(_("The list must close after it opens."), code="list_window")
    if lst.item_closes_at is not None and lst.item_closes_at < lst.opens_at:
        raise InvalidInput(_("The item cannot close before the list opens."), code="list_window")
    if lst.auto_close and lst.item_closes_at is None:
        raise InvalidInput(
            _("Set the time at which the item closes, or close it by hand."), code="close_time_missing"
        )
    if min(lst.speaking_minutes, lst.speaking_words, lst.group_chair_minutes) < 1:
        raise InvalidInput(_("Speaking time must be at least one minute."))
    offered = lst.offered_item
    if offered is not None and (offered.session_id != lst.session_id or offered.pk == lst.agenda_item_id):
        raise InvalidInput(_("Offer another item of the same session."), code="offered_item")


@transaction.atomic
def open_speakers_list(
    *,
    actor: Any,
    session: Session,
    agenda_item: AgendaItem,
    opens_at: datetime,
    closes_at: datetime,
    item_closes_at: datetime | None = None,
    video_deadline: datetime | None = None,
    speaking_minutes: int = 4,
    speaking_words: int = 400,
    group_chair_minutes: int = 7,
    offered_item: AgendaItem | None = None,
    auto_close: bool | None = None,
) -> SpeakersList:
    """A list for one item. With a closing time the item closes by itself unless `auto_close=False`."""
    _require_manager(actor)
    if agenda_item.session_id != session.pk:
        raise InvalidInput(_("The agenda item belongs to another session."))
    if SpeakersList.objects.filter(session=session, agenda_item=agenda_item).exists():
        raise Conflict(_("This item already has a list of speakers."), code="list_exists")
    lst = SpeakersList(
        session=session,
        agenda_item=agenda_item,
        opens_at=opens_at,
        closes_at=closes_at,
        item_closes_at=item_closes_at,
        auto_close=item_closes_at is not None if auto_close is None else auto_close,
        video_deadline=video_deadline,
        speaking_minutes=speaking_minutes,
        speaking_words=speaking_words,
        group_chair_minutes=group_chair_minutes,
        offered_item=offered_item,
    )
    _check_list(lst)
    lst.save()
    record_event(
        actor=actor,
        action="meetings.speakers_list_opened",
        obj=lst,
        after={"opens_at": opens_at, "closes_at": closes_at, "item_closes_at": item_closes_at},
    )
    return lst


@transaction.atomic
def update_speakers_list(*, actor: Any, speakers_list: SpeakersList, **changes: Any) -> SpeakersList:
    """Change the window, the item's closing time, speaking times or the item offered; not once closed.

    Speakers already inscribed keep their places whatever the new window.
    """
    _require_manager(actor)
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    if lst.item_closed_at:
        raise Conflict(_("Consideration of the item has already ended."), code="item_closed")
    return _apply_changes(
        actor=actor,
        obj=lst,
        changes=changes,
        allowed=LIST_FIELDS,
        check=_check_list,
        action="meetings.speakers_list_updated",
    )


def _take_seq(lst: SpeakersList) -> int:
    """Next number in order of receipt (the list row is locked by the caller)."""
    seq = lst.next_seq
    SpeakersList.objects.filter(pk=lst.pk).update(next_seq=seq + 1)
    lst.next_seq = seq + 1
    return seq


def _received_at(actor: Any, received_at: datetime | None) -> datetime:
    now = timezone.now()
    if received_at is None:
        return now
    # Only the secretariat transcribes requests received by e-mail with their time of receipt.
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the secretariat records the time of receipt of a request."))
    if received_at > now:
        raise InvalidInput(_("The time of receipt cannot be in the future."))
    return received_at


@transaction.atomic
def request_to_speak(
    *,
    actor: Any,
    speakers_list: SpeakersList,
    delegation: Delegation,
    speaker_name: str,
    rank: str,
    speaker_function: str = "",
    on_behalf_of_group: str = "",
    received_at: datetime | None = None,
) -> SpeakerEntry:
    """Inscribe a delegation. Requests outside the registration window are refused, not kept."""
    _require_acts_for(actor, delegation)
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    at = _received_at(actor, received_at)
    session = lst.session
    if at < lst.opens_at:
        raise InvalidInput(
            _(
                "The list of speakers opens on %(opens)s. Requests received before it opens are not kept: "
                "please submit your request again once the list is open."
            )
            % {"opens": _fmt(lst.opens_at, session)},
            code="list_not_open",
        )
    if at > lst.closes_at or lst.item_closed_at:
        raise InvalidInput(
            _("The list of speakers closed on %(closes)s.") % {"closes": _fmt(lst.closes_at, session)},
            code="list_closed",
        )
    if delegation.session_id != lst.session_id:
        raise InvalidInput(_("The delegation is registered for another session."))
    if not delegation.is_state or not delegation.may_attend:
        raise InvalidInput(
            _("The general discussion is for the representatives of States taking part in the session.")
        )
    if rank not in Rank.values:
        raise InvalidInput(_("Unknown rank."))
    if on_behalf_of_group and on_behalf_of_group not in RegionalGroup.values:
        raise InvalidInput(_("Unknown regional group."))
    if not speaker_name.strip():
        raise InvalidInput(_("Give the speaker's name."))
    if lst.entries.filter(delegation=delegation).exclude(status=EntryStatus.WITHDRAWN).exists():
        raise Conflict(
            _("%(d)s is already on the list.") % {"d": delegation.display_name}, code="already_inscribed"
        )
    entry = SpeakerEntry.objects.create(
        speakers_list=lst,
        delegation=delegation,
        speaker_name=speaker_name.strip(),
        speaker_function=speaker_function,
        rank=rank,
        on_behalf_of_group=on_behalf_of_group,
        requested_at=at,
        sort_at=at,
        sort_seq=_take_seq(lst),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        actor=actor,
        action="meetings.speaker_inscribed",
        obj=entry,
        after={"delegation": delegation.display_name, "rank": rank, "received_at": at},
    )
    return entry


def _active_entry(entry: SpeakerEntry) -> SpeakerEntry:
    entry = SpeakerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in ACTIVE_STATUSES:
        raise Conflict(_("This inscription is no longer active."))
    return entry


@transaction.atomic
def change_speaker(
    *,
    actor: Any,
    entry: SpeakerEntry,
    speaker_name: str,
    rank: str,
    speaker_function: str = "",
    notified_at: datetime | None = None,
) -> SpeakerEntry:
    """A change of speaker. A ministerial speaker replaced by a non-ministerial one moves to the
    position of the time the change was notified (S002 §1(f)(b)); other changes keep the place."""
    _require_acts_for(actor, entry.delegation)
    lst = SpeakersList.objects.select_for_update().get(pk=entry.speakers_list_id)
    entry = _active_entry(entry)
    if rank not in Rank.values:
        raise InvalidInput(_("Unknown rank."))
    at = _received_at(actor, notified_at)
    before = {"speaker": entry.speaker_name, "rank": entry.rank, "sort_at": entry.sort_at}
    demoted = is_ministerial(entry.rank) and not is_ministerial(rank)
    entry.speaker_name = speaker_name.strip() or entry.speaker_name
    entry.speaker_function = speaker_function
    entry.rank = rank
    if demoted:
        entry.sort_at = at
        entry.sort_seq = _take_seq(lst)
    entry.save(
        update_fields=["speaker_name", "speaker_function", "rank", "sort_at", "sort_seq", "updated_at"]
    )
    record_event(
        actor=actor,
        action="meetings.speaker_changed",
        obj=entry,
        before=before,
        after={"speaker": entry.speaker_name, "rank": rank, "sort_at": entry.sort_at, "moved": demoted},
    )
    return entry


@transaction.atomic
def withdraw_from_list(*, actor: Any, entry: SpeakerEntry) -> SpeakerEntry:
    _require_acts_for(actor, entry.delegation)
    entry = _active_entry(entry)
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    SwapRequest.objects.filter(status=SwapStatus.PENDING).filter(first=entry).update(
        status=SwapStatus.CANCELLED
    )
    SwapRequest.objects.filter(status=SwapStatus.PENDING).filter(second=entry).update(
        status=SwapStatus.CANCELLED
    )
    record_event(actor=actor, action="meetings.speaker_withdrawn", obj=entry)
    return entry


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
    _require_acts_for(actor, first.delegation)
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
        first_confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
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
    _require_acts_for(actor, swap.second.delegation)
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
    swap.second_confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
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
    _require_manager(actor)
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


VIDEO_FILE_EXTENSIONS = (".mp4", ".mov", ".avi", ".mkv", ".wmv", ".webm", ".m4v", ".zip")


@transaction.atomic
def submit_video_statement(
    *, actor: Any, entry: SpeakerEntry, url: str, at: datetime | None = None
) -> SpeakerEntry:
    """A pre-recorded video statement, by the deadline, as a link to a protected share — never an attachment."""
    _require_acts_for(actor, entry.delegation)
    entry = _active_entry(entry)
    lst = entry.speakers_list
    at = _received_at(actor, at)
    if lst.video_deadline and at > lst.video_deadline:
        raise InvalidInput(
            _("Video statements were due by %(d)s.") % {"d": _fmt(lst.video_deadline, lst.session)},
            code="video_deadline_passed",
        )
    url = (url or "").strip()
    parsed = urlparse(url)
    if parsed.scheme not in {"https", "http"} or not parsed.netloc:
        raise InvalidInput(
            _(
                "Send a link to the video on a file-sharing platform (e.g. a password-protected link); "
                "video files are not accepted as attachments."
            ),
            code="video_link_required",
        )
    entry.mode = SpeakerMode.VIDEO
    entry.video_url = url
    entry.video_submitted_at = at
    entry.save(update_fields=["mode", "video_url", "video_submitted_at", "updated_at"])
    record_event(actor=actor, action="meetings.video_submitted", obj=entry, after={"url": url})
    return entry


@transaction.atomic
def call_next_speaker(
    *, actor: Any, speakers_list: SpeakersList, at: datetime | None = None
) -> SpeakerEntry | None:
    """The room: the current speaker has spoken; the next in order takes the floor and the timer starts."""
    from irm.meetings.selectors import ordered_entries

    _require_manager(actor)
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
    _require_manager(actor)
    return _close(actor, speakers_list, offered_item, at or timezone.now())


@transaction.atomic
def _close(actor: Any, speakers_list: SpeakersList, offered_item: AgendaItem | None, now: datetime) -> int:
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    if lst.item_closed_at:
        raise Conflict(_("Consideration of the item has already ended."), code="item_closed")
    if lst.item_closes_at and now < lst.item_closes_at:
        raise InvalidInput(
            _("Consideration of the item ends at %(d)s.") % {"d": _fmt(lst.item_closes_at, lst.session)},
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
        try:
            assert lst.item_closes_at is not None
            offered += _close(SCHEDULER, lst, lst.offered_item, lst.item_closes_at)
            closed += 1
        except Conflict:  # closed by the secretariat meanwhile
            continue
    return {"closed": closed, "offered": offered}


@transaction.atomic
def answer_offer(*, actor: Any, entry: SpeakerEntry, accept: bool) -> SpeakerEntry:
    _require_acts_for(actor, entry.delegation)
    entry = SpeakerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.OFFERED:
        raise Conflict(_("There is no pending offer."))
    entry.status = EntryStatus.MOVED if accept else EntryStatus.DECLINED
    entry.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="meetings.offer_answered", obj=entry, after={"accept": accept})
    return entry


# --------------------------------------------------------------------------------------------
# draft resolutions and statements

RESOLUTION_FLOW = {
    ResolutionStatus.SUBMITTED: {ResolutionStatus.CONSULTATIONS, ResolutionStatus.WITHDRAWN},
    ResolutionStatus.CONSULTATIONS: {ResolutionStatus.APPROVED, ResolutionStatus.WITHDRAWN},
    ResolutionStatus.APPROVED: {
        ResolutionStatus.ADOPTED,
        ResolutionStatus.CONSULTATIONS,
        ResolutionStatus.WITHDRAWN,
    },
    ResolutionStatus.ADOPTED: set(),
    ResolutionStatus.WITHDRAWN: set(),
}


@transaction.atomic
def submit_draft_resolution(
    *,
    actor: Any,
    delegation: Delegation,
    title: str,
    sponsors: Iterable[State] = (),
    late_reason: str = "",
    at: datetime | None = None,
) -> DraftResolution:
    """Due one month before the session. Later, only the secretariat may accept it, with a reason."""
    _require_acts_for(actor, delegation)
    session = delegation.session
    if delegation.kind != ParticipationKind.PARTY:
        raise InvalidInput(_("Draft resolutions are submitted by parties."))
    if not title.strip():
        raise InvalidInput(_("Give the title of the draft resolution."))
    at = _received_at(actor, at)
    deadline = draft_resolution_deadline(session)
    late = at > end_of_day(session, deadline)
    if late and not (permissions.can_manage(actor) and late_reason.strip()):
        raise InvalidInput(
            _("Draft resolutions were due by %(d)s, one month before the session. Contact the secretariat.")
            % {"d": deadline.isoformat()},
            code="draft_resolution_late",
        )
    draft = DraftResolution.objects.create(
        session=session,
        title=title.strip(),
        submitted_by=delegation,
        submitted_at=at,
        late=late,
        late_reason=late_reason.strip() if late else "",
    )
    draft.sponsors.set([s for s in {delegation.state, *sponsors} if s is not None])
    record_event(
        actor=actor,
        action="meetings.draft_resolution_submitted",
        obj=draft,
        after={"late": late, "sponsors": sorted(s.iso3 for s in draft.sponsors.all())},
    )
    return draft


@transaction.atomic
def sponsor_draft_resolution(*, actor: Any, draft: DraftResolution, state: State) -> DraftResolution:
    if not permissions.can_act_for_state(actor, state.pk):
        raise PermissionDenied(_("You may sponsor only on behalf of your own State."))
    if draft.status in {ResolutionStatus.ADOPTED, ResolutionStatus.WITHDRAWN}:
        raise Conflict(_("The draft can no longer be sponsored."))
    draft.sponsors.add(state)
    record_event(
        actor=actor, action="meetings.draft_resolution_sponsored", obj=draft, after={"state": state.iso3}
    )
    return draft


@transaction.atomic
def set_draft_resolution_status(
    *,
    actor: Any,
    draft: DraftResolution,
    status: str,
    document: Document | None = None,
    resolution_number: str = "",
) -> DraftResolution:
    _require_manager(actor)
    draft = DraftResolution.objects.select_for_update().get(pk=draft.pk)
    if status not in RESOLUTION_FLOW.get(ResolutionStatus(draft.status), set()):
        raise Conflict(
            _("A draft resolution cannot go from %(a)s to %(b)s.") % {"a": draft.status, "b": status},
            code="invalid_transition",
        )
    before = draft.status
    draft.status = status
    if document is not None:
        if document.session_id != draft.session_id:
            raise InvalidInput(_("The document belongs to another session."))
        draft.document = document
    if resolution_number:
        draft.resolution_number = resolution_number
    draft.save(update_fields=["status", "document", "resolution_number", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.draft_resolution_status",
        obj=draft,
        before={"status": before},
        after={"status": status},
    )
    return draft


@transaction.atomic
def submit_statement(
    *,
    actor: Any,
    delegation: Delegation,
    title: str,
    text: str = "",
    file: File | None = None,
    language: str = "en",
    agenda_item: AgendaItem | None = None,
    publish: bool = True,
) -> Statement:
    """A longer written statement: posted on the session page unless the delegation objects."""
    _require_acts_for(actor, delegation)
    if not title.strip() or not (text.strip() or file):
        raise InvalidInput(_("Give a title and the text or a file."))
    statement = Statement.objects.create(
        session=delegation.session,
        delegation=delegation,
        title=title.strip(),
        text=text,
        language=language,
        agenda_item=agenda_item,
        publish=publish,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if file is not None:
        statement.file.save(getattr(file, "name", "statement.pdf") or "statement.pdf", file, save=True)
    record_event(
        actor=actor, action="meetings.statement_submitted", obj=statement, after={"publish": publish}
    )
    return statement


@transaction.atomic
def object_to_statement_publication(*, actor: Any, statement: Statement) -> Statement:
    _require_acts_for(actor, statement.delegation)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    statement.publish = False
    statement.save(update_fields=["publish", "updated_at"])
    record_event(actor=actor, action="meetings.statement_unpublished", obj=statement)
    return statement
