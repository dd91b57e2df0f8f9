"""Session documents: UN symbols, a file per language, links to platform outputs and outputs issued as files."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, TooLong
from irm.core.uploads import read_upload
from irm.meetings.links import check_link
from irm.meetings.models import (
    LANGUAGES,
    Access,
    AgendaItem,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentLink,
    DraftResolution,
    OutputKind,
    Session,
)
from irm.meetings.services.common import require_manager, snapshot
from irm.search.services import request_reindex

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
    require_manager(actor)
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
    request_reindex(kind="session_document", object_ids=[document.pk])  # the signed-in search
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
    require_manager(actor)
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
    before = snapshot(document, DOCUMENT_FIELDS)
    document.symbol, document.title_en, document.title_zh = symbol, title_en.strip(), title_zh.strip()
    document.kind, document.access = kind, access
    document.agenda_item, document.issued_on = agenda_item, issued_on
    document.save()
    record_event(
        actor=actor,
        action="meetings.document_updated",
        obj=document,
        before=before,
        after=snapshot(document, DOCUMENT_FIELDS),
    )
    request_reindex(kind="session_document", object_ids=[document.pk])
    return document


@transaction.atomic
def delete_document(*, actor: Any, document: Document) -> None:
    """Withdraw a document registered by mistake, with its files and links."""
    require_manager(actor)
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
    request_reindex(kind="session_document", object_ids=[document.pk])
    document.delete()

    # Files go once the rows are gone for good (a failed transaction keeps them).
    def remove_files() -> None:
        for version in files:
            version.file.delete(save=False)

    transaction.on_commit(remove_files)


@transaction.atomic
def attach_document_file(*, actor: Any, document: Document, language: str, file: File[bytes]) -> DocumentFile:
    """The file of one language version (replaces an earlier one); PDF or Word, checked by content."""
    require_manager(actor)
    if language not in {code for code, _label in LANGUAGES}:
        raise InvalidInput(_("Documents are issued in the six official languages."), code="unknown_language")
    upload = read_upload(file, kind="meeting_document")
    name, data = upload.filename, upload.data
    stored = ContentFile(data, name=upload.stored_name)
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
    require_manager(actor)
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
    require_manager(actor)
    if kind not in OutputKind.values:
        raise InvalidInput(_("Unknown kind of output."))
    identifier, label = identifier.strip(), label.strip()
    if not identifier and not (url or "").strip():
        raise InvalidInput(_("Give an identifier or a link."))
    if url:
        url = check_link(url, site_paths=True)
    if len(identifier) > 120 or len(label) > 255:
        raise TooLong(_("The identifier or the label is too long."))
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
    require_manager(actor)
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
    require_manager(actor)
    record_event(
        actor=actor,
        action="meetings.document_unlinked",
        obj=link.document,
        before={"kind": link.kind, "identifier": link.identifier, "url": link.url},
    )
    link.delete()
