"""Written statements: posted on the session page unless the delegation objects."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, TooLong
from irm.core.uploads import read_upload
from irm.meetings.models import LANGUAGES, AgendaItem, Delegation, Statement
from irm.meetings.services.common import require_acts_for, user_of

#: The longest text of a written statement (a longer one is sent as a file).
MAX_STATEMENT_CHARS = 100_000


@transaction.atomic
def submit_statement(
    *,
    actor: Any,
    delegation: Delegation,
    title: str,
    text: str = "",
    file: File[bytes] | None = None,
    language: str = "en",
    agenda_item: AgendaItem | None = None,
    publish: bool = True,
) -> Statement:
    """A longer written statement: posted on the session page unless the delegation objects."""
    require_acts_for(actor, delegation)
    if not title.strip() or not (text.strip() or file):
        raise InvalidInput(_("Give a title and the text or a file."))
    if len(title.strip()) > 255 or len(text) > MAX_STATEMENT_CHARS:
        raise TooLong(
            _("The title is limited to 255 characters and the text to %(n)d.") % {"n": MAX_STATEMENT_CHARS}
        )
    if language not in {code for code, _label in LANGUAGES}:
        raise InvalidInput(_("Statements are in one of the six official languages."), code="unknown_language")
    if agenda_item is not None and agenda_item.session_id != delegation.session_id:
        raise InvalidInput(_("The agenda item belongs to another session."))
    upload = read_upload(file, kind="statement") if file is not None else None
    statement = Statement.objects.create(
        session=delegation.session,
        delegation=delegation,
        title=title.strip(),
        text=text,
        language=language,
        agenda_item=agenda_item,
        publish=publish,
        submitted_by=user_of(actor),
    )
    if upload is not None:
        statement.file.save(upload.stored_name, ContentFile(upload.data), save=True)
    record_event(
        actor=actor, action="meetings.statement_submitted", obj=statement, after={"publish": publish}
    )
    return statement


@transaction.atomic
def object_to_statement_publication(*, actor: Any, statement: Statement) -> Statement:
    require_acts_for(actor, statement.delegation)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    statement.publish = False
    statement.save(update_fields=["publish", "updated_at"])
    record_event(actor=actor, action="meetings.statement_unpublished", obj=statement)
    return statement
