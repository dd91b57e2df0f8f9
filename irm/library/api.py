"""`GET /api/v1/library/documents`: the library's documents the caller may see (anonymous callers: the
published ones), filtered by `state` (ISO3), `article` (number), `language`, `type` and searched with
`q` (the same search as the page `/library/`). Answers `{count, items}`."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from irm.core.api_schemas import ErrorOut
from irm.library import selectors
from irm.library.models import LibraryDocument

router = Router()
MAX_LIMIT = 200


class LibraryQuery(Schema):
    q: str = ""
    state: list[str] = []
    article: list[str] = []
    language: list[str] = []
    type: list[str] = []
    offset: int = 0
    limit: int = 50


class LibraryFileOut(Schema):
    id: int
    language: str
    translation: str
    filename: str
    file_type: str
    size: int
    url: str


class LibraryDocumentOut(Schema):
    id: int
    url: str
    state: str
    type: str
    title: str
    description: str
    articles: list[int]
    languages: list[str]
    date: date | None
    source: str
    status: str
    files: list[LibraryFileOut]


class LibraryPage(Schema):
    count: int
    items: list[LibraryDocumentOut]


def _item(document: LibraryDocument) -> dict[str, object]:
    base = settings.SITE_URL.rstrip("/")
    files = list(document.files.all())
    return {
        "id": document.pk,
        "url": base + reverse("library:document", args=[document.pk]),
        "state": document.state.iso3,
        "type": document.type,
        "title": document.title,
        "description": document.description,
        "articles": sorted(a.number for a in document.articles.all()),
        "languages": sorted({f.language for f in files}),
        "date": document.date,
        "source": document.source,
        "status": document.status,
        "files": [
            {
                "id": f.pk,
                "language": f.language,
                "translation": f.translation,
                "filename": f.filename,
                "file_type": f.file_type,
                "size": f.size,
                "url": base + reverse("library:file", args=[document.pk, f.pk]),
            }
            for f in files
        ],
    }


@router.get("/documents", response={200: LibraryPage, 422: ErrorOut}, url_name="library_documents")
def documents(request: HttpRequest, query: Query[LibraryQuery]):
    """Library documents: `{count, items}`. Filters take several values (repeat the parameter or separate
    with commas): any value of a filter matches, all filters must. `q` searches titles, descriptions and
    the text of Word and plain-text files in the six languages (Chinese segmented). Pages: `offset`,
    `limit` (at most 200)."""
    filters = selectors.Filters.parse(
        {
            "q": query.q,
            "state": query.state,
            "article": query.article,
            "language": query.language,
            "type": query.type,
        }
    )
    found = selectors.search(request.user, filters)
    limit = max(0, min(query.limit, MAX_LIMIT))
    offset = max(0, query.offset)
    return {"count": found.count(), "items": [_item(d) for d in found[offset : offset + limit]]}
