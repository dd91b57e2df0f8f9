"""Every change to the knowledge library (atomic, validated, each with an audit event).

Files come through the one upload validator (`validate_upload(kind="library_document")`); their text
is read once, at upload (irm.library.extract), for the search. Each change asks the search indexes for a
refresh of the document after commit (`request_reindex(kind="library_document")`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied, TooLong
from irm.core.uploads import validate_upload
from irm.library import permissions
from irm.library.extract import text_of
from irm.library.models import LANGUAGES, DocumentFile, DocumentType, LibraryDocument, Status, Translation
from irm.parties.models import State
from irm.search.services import request_reindex

KIND = "library_document"


def _articles(numbers: Iterable[int | str]) -> list[Article]:
    wanted = {int(n) for n in numbers}
    found = list(Article.objects.filter(number__in=wanted))
    missing = wanted - {a.number for a in found}
    if missing:
        raise InvalidInput(
            _("The Convention has no article %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in sorted(missing))},
            code="unknown_article",
            details={"field": "articles"},
        )
    return found


def _check_language(language: str, translation: str) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(_("Choose a language from the list."), code="unknown_file_language")
    if translation not in Translation.values:
        raise InvalidInput(_("Say whether the file is the original or a translation."), code="invalid_input")


def _file(
    *, actor: Any, document: LibraryDocument, language: str, translation: str, filename: str, content: bytes
) -> DocumentFile:
    upload = validate_upload(filename, content, kind=KIND)
    if document.files.filter(language=language).exists():
        raise Conflict(_("The document already has a file in this language."), code="language_taken")
    item = DocumentFile(
        document=document,
        language=language,
        translation=translation,
        filename=upload.filename,
        file_type=upload.file_type,
        size=upload.size,
        sha256=upload.sha256,
        text=text_of(content, upload.file_type),
        uploaded_by=actor,
    )
    item.file.save(upload.stored_name, ContentFile(content), save=False)
    item.save()
    return item


def submit_document(
    *,
    actor: Any,
    state: State,
    type: str,
    title: str,
    language: str,
    filename: str,
    content: bytes,
    translation: str = Translation.ORIGINAL,
    description: str = "",
    articles: Iterable[int | str] = (),
    date: date | None = None,
    source: str = "",
) -> LibraryDocument:
    """A new document of a State with its first file; published later by the secretariat."""
    if not permissions.can_submit(actor, state):
        raise PermissionDenied(_("You may submit documents only for your own State."))
    if type not in DocumentType.values:
        raise InvalidInput(_("Choose a type of document from the list."), code="invalid_input")
    title = title.strip()
    if not title:
        raise InvalidInput(_("Give the document a title."), code="invalid_input", details={"field": "title"})
    if len(title) > 500 or len(source) > 500:
        raise TooLong(_("The title and the source have at most 500 characters."))
    _check_language(language, translation)
    found = _articles(articles)
    with transaction.atomic():
        document = LibraryDocument.objects.create(
            state=state,
            type=type,
            title=title,
            description=description.strip(),
            date=date,
            source=source.strip(),
            submitted_by=actor,
        )
        document.articles.set(found)
        item = _file(
            actor=actor,
            document=document,
            language=language,
            translation=translation,
            filename=filename,
            content=content,
        )
        record_event(
            actor=actor,
            action="library.document_submitted",
            obj=document,
            after={
                "state": state.iso3,
                "type": type,
                "title": title,
                "articles": sorted(a.number for a in found),
                "file": {"name": item.filename, "language": language, "sha256": item.sha256},
            },
        )
        request_reindex(kind=KIND, object_ids=[document.pk])
    return document


def add_file(
    *,
    actor: Any,
    document: LibraryDocument,
    language: str,
    filename: str,
    content: bytes,
    translation: str = Translation.HUMAN,
) -> DocumentFile:
    """The document in another language (a translation, or another original)."""
    if not permissions.can_add_file(actor, document):
        raise PermissionDenied(_("You may not add files to this document."))
    _check_language(language, translation)
    with transaction.atomic():
        document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
        item = _file(
            actor=actor,
            document=document,
            language=language,
            translation=translation,
            filename=filename,
            content=content,
        )
        document.save(update_fields=["updated_at"])
        record_event(
            actor=actor,
            action="library.file_added",
            obj=document,
            after={
                "file": item.filename,
                "language": language,
                "translation": translation,
                "sha256": item.sha256,
            },
        )
        request_reindex(kind=KIND, object_ids=[document.pk])
    return item


@transaction.atomic
def publish_document(*, actor: Any, document: LibraryDocument) -> LibraryDocument:
    if not permissions.can_publish(actor):
        raise PermissionDenied(_("Only the secretariat publishes library documents."))
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    if document.is_published:
        raise Conflict(_("The document is already published."), code="already_published")
    document.status = Status.PUBLISHED
    document.published_at = timezone.now()
    document.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        actor=actor, action="library.document_published", obj=document, after={"status": "published"}
    )
    request_reindex(kind=KIND, object_ids=[document.pk])
    return document


@transaction.atomic
def unpublish_document(*, actor: Any, document: LibraryDocument, reason: str = "") -> LibraryDocument:
    """Take a publication back (an error, a law repealed): the document is no longer public."""
    if not permissions.can_publish(actor):
        raise PermissionDenied(_("Only the secretariat publishes library documents."))
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_published:
        raise Conflict(_("The document is not published."), code="not_published")
    document.status = Status.SUBMITTED
    document.published_at = None
    document.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        actor=actor,
        action="library.document_unpublished",
        obj=document,
        before={"status": "published"},
        after={"status": "submitted"},
        reason=reason,
    )
    request_reindex(kind=KIND, object_ids=[document.pk])
    return document
