"""The library in the search indexes (irm.search): kind "library_document", one entry per document.

- `PublicEntry` holds the published documents: what anyone may find (the public query path reads it
  only).
- `RestrictedEntry` holds every document, published or not: it is read only through
  `irm.search.selectors.matching` on `permissions.visible_to(user)`, for those who may see unpublished
  documents (the secretariat, focal points of the State).

Each entry's tokens are the title, the description and the text read from each file (in the file's
language: jieba for Chinese, stemmers for the others); its facets are the State (ISO3), the articles,
the languages of the files and the type; its version is a fingerprint of the document, so `sync()`
re-indexes only what changed. Registered in `settings.SEARCH_INDEXES` ("library") and, for the refresh
after a change, in `settings.SEARCH_INDEXERS` ("library_document" → `refresh_documents`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from irm.library.models import LibraryDocument, Status
from irm.search import services
from irm.search.models import Entry, PublicEntry, RestrictedEntry
from irm.search.services import Document
from irm.search.text import index_text

KIND = "library_document"
BATCH = 200


def version_of(document: LibraryDocument) -> str:
    files = sorted((f.pk, f.sha256) for f in document.files.all())
    raw = repr((document.updated_at.isoformat(), document.status, files))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _documents(ids: Iterable[int] | None = None) -> Iterator[LibraryDocument]:
    queryset = LibraryDocument.objects.select_related("state").prefetch_related("articles", "files")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    yield from queryset.order_by("pk").iterator(chunk_size=BATCH)


def entry_for(document: LibraryDocument) -> Document:
    files = list(document.files.all())
    first = files[0].language if files else "en"
    texts = [(document.title, first), (document.description, first)]
    texts += [(f.text, f.language) for f in files if f.text]
    return Document(
        object_id=document.pk,
        tokens=index_text(texts),
        language=first,
        facets={
            "state": [document.state.iso3],
            "article": sorted(str(a.number) for a in document.articles.all()),
            "language": sorted({f.language for f in files}),
            "type": [document.type],
        },
        sort={"date": document.date.isoformat() if document.date else "", "title": document.title.casefold()},
        version=version_of(document),
    )


def _put(index: type[Entry], entries: list[Document], gone: list[int]) -> None:
    if entries:
        services.put_documents(index=index, kind=KIND, documents=entries)
    if gone:
        services.remove_documents(index=index, kind=KIND, object_ids=gone)


def refresh_documents(*, object_ids: list[int]) -> int:
    """Indexer for kind "library_document": index these documents again (published ones publicly)."""
    ids = sorted(set(object_ids))
    found = {d.pk: d for d in _documents(ids)}
    entries = {pk: entry_for(d) for pk, d in found.items()}
    published = [e for pk, e in entries.items() if found[pk].status == Status.PUBLISHED]
    _put(RestrictedEntry, list(entries.values()), [i for i in ids if i not in found])
    _put(PublicEntry, published, [i for i in ids if i not in {e.object_id for e in published}])
    return len(ids)


def rebuild() -> int:
    """Every document again (`irm search rebuild library`)."""
    everything = [entry_for(d) for d in _documents()]
    published = set(LibraryDocument.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
    services.replace_kind(index=RestrictedEntry, kind=KIND, documents=everything)
    services.replace_kind(
        index=PublicEntry, kind=KIND, documents=[e for e in everything if e.object_id in published]
    )
    return len(everything)


def _indexed(index: type[Entry]) -> dict[int, str]:
    return dict(index.objects.filter(kind=KIND).values_list("object_id", "version"))


def sync() -> int:
    """Catch up with changes made outside the services (the admin, a restored backup)."""
    current = {d.pk: (version_of(d), d.status) for d in _documents()}
    restricted, public = _indexed(RestrictedEntry), _indexed(PublicEntry)
    stale = {pk for pk, (version, _status) in current.items() if restricted.get(pk) != version}
    stale |= {
        pk
        for pk, (version, status) in current.items()
        if (status == Status.PUBLISHED) != (pk in public) or (pk in public and public[pk] != version)
    }
    stale |= (set(restricted) | set(public)) - set(current)
    for start in range(0, len(stale), BATCH):
        refresh_documents(object_ids=sorted(stale)[start : start + BATCH])
    return len(stale)
