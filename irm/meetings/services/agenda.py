"""The agenda: items and sub-items with their annotations, until it is adopted (S002 item 1 (c))."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.meetings.models import AgendaItem, Session
from irm.meetings.services.common import require_manager, snapshot, user_of


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
    require_manager(actor)
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
    require_manager(actor)
    _agenda_open(item.session)
    if not title_en.strip():
        raise InvalidInput(_("An agenda item needs an English title."))
    fields = ["title_en", "title_zh", "annotation_en", "annotation_zh"]
    before = snapshot(item, fields)
    item.title_en, item.title_zh = title_en.strip(), title_zh.strip()
    item.annotation_en, item.annotation_zh = annotation_en.strip(), annotation_zh.strip()
    item.save(update_fields=fields)
    record_event(
        actor=actor,
        action="meetings.agenda_item_updated",
        obj=item,
        before=before,
        after=snapshot(item, fields),
    )
    return item


@transaction.atomic
def remove_agenda_item(*, actor: Any, item: AgendaItem) -> None:
    """Remove an item of the provisional agenda; refused while anything still hangs on it."""
    require_manager(actor)
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
    require_manager(actor)
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
    session.agenda_adopted_by = user_of(actor)
    session.save(update_fields=["final_agenda", "agenda_adopted_at", "agenda_adopted_by", "updated_at"])
    record_event(actor=actor, action="meetings.agenda_adopted", obj=session, after={"items": len(items)})
    return session
