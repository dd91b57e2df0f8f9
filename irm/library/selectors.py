"""Reads of the library: the filtered and searched list, a State's documents for an article, the
sources an executive summary may cite."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import formats

from irm.library import permissions
from irm.library.indexing import KIND
from irm.library.models import DocumentFile, DocumentType, LibraryDocument, Status
from irm.parties.models import State
from irm.search.models import PublicEntry, RestrictedEntry
from irm.search.selectors import matching
from irm.search.text import query_terms

MAX_FILTER_VALUES = 50


@dataclass
class Filters:
    q: str = ""
    state: list[str] = field(default_factory=list)  # ISO3 codes
    article: list[int] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    status: str = ""

    @classmethod
    def parse(cls, data: Any) -> Filters:
        """From a query dict (repeated parameters or comma-separated values); unknown values are dropped."""

        def values(name: str) -> list[str]:
            raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            if isinstance(raw, str):
                raw = [raw]
            out = [v.strip() for item in raw for v in str(item).split(",") if v.strip()]
            return out[:MAX_FILTER_VALUES]

        q = data.get("q") or ""
        return cls(
            q=(q[0] if isinstance(q, list) and q else q if isinstance(q, str) else "")[:200],
            state=[s.upper() for s in values("state")],
            article=[int(a) for a in values("article") if a.isdigit() and len(a) < 4],
            language=values("language"),
            type=[t for t in values("type") if t in DocumentType.values],
            status=next((s for s in values("status") if s in Status.values), ""),
        )


def _with_related(queryset: QuerySet[LibraryDocument]) -> QuerySet[LibraryDocument]:
    return queryset.select_related("state").prefetch_related(
        "articles", Prefetch("files", queryset=DocumentFile.objects.order_by("pk"))
    )


def search(user: Any, filters: Filters) -> QuerySet[LibraryDocument]:
    """The documents the user may see that pass the filters and match the words of `q` (the search
    engine of irm.search: every word must match, in any of the six languages, Chinese segmented)."""
    documents = permissions.visible_to(user)
    if filters.state:
        documents = documents.filter(state__iso3__in=filters.state)
    if filters.article:
        documents = documents.filter(articles__number__in=filters.article)
    if filters.language:
        documents = documents.filter(files__language__in=filters.language)
    if filters.type:
        documents = documents.filter(type__in=filters.type)
    if filters.status:
        documents = documents.filter(status=filters.status)
    terms = query_terms(filters.q) if filters.q.strip() else []
    if terms:
        index = RestrictedEntry if permissions.sees_unpublished(user) else PublicEntry
        documents = matching(documents, index, KIND, terms)
    return _with_related(documents.distinct()).order_by("-date", "-pk")


def for_article(user: Any, state: State, article_number: int) -> list[LibraryDocument]:
    """The State's documents on one article that the user may see (the checklist and reviewers' pages)."""
    documents = permissions.visible_to(user).filter(state=state, articles__number=article_number)
    return list(_with_related(documents.distinct()).order_by("-date", "-pk")[:50])


def citations(state: State, article_numbers: Iterable[int]) -> list[LibraryDocument]:
    """Published documents of the State on these articles: the sources an executive summary cites."""
    documents = LibraryDocument.objects.filter(
        state=state, status=Status.PUBLISHED, articles__number__in=list(article_numbers)
    )
    return list(_with_related(documents.distinct()).order_by("date", "pk")[:100])


def citation_text(document: LibraryDocument) -> str:
    """One line that names a document: title, type, date and source."""
    parts = [document.title, str(document.get_type_display())]  # type: ignore[attr-defined]
    if document.date:
        parts.append(formats.date_format(document.date, "DATE_FORMAT"))
    if document.source:
        parts.append(document.source)
    return ", ".join(parts)
