"""Searching one kind of entry: text, filters with counts (facets), sorting, pages.

The caller (the app that owns the audience) says which entries may be returned at all
(`required`: e.g. only the findings of reviews published now), which the user chose (`filters`),
and how to sort; the text match is done by the database, everything else on the arrays of
irm.search.facets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from irm.search import backends, facets
from irm.search.models import Entry
from irm.search.text import Term

RELEVANCE = "relevance"


@dataclass(frozen=True)
class Sort:
    """Sort by a key of the entries' `sort` values; `order` maps values to ranks (e.g. names A–Z)."""

    key: str
    descending: bool = False
    order: dict[str, int] | None = None


@dataclass
class Query:
    terms: list[Term] = field(default_factory=list)
    #: What the user chose: a row must hold one of the values of every named facet.
    filters: dict[str, set[str]] = field(default_factory=dict)
    #: What the caller allows at all (not a choice of the user: never shown as a filter).
    required: dict[str, set[str]] = field(default_factory=dict)
    #: RELEVANCE (with terms) or a list of sort keys; the object id breaks ties.
    sort: str | list[Sort] = RELEVANCE
    facets: list[str] = field(default_factory=list)
    offset: int = 0
    limit: int | None = 20


@dataclass
class Result:
    count: int
    object_ids: list[int]
    facets: dict[str, list[tuple[str, int]]]
    #: For each object of the page: its facet values and sort values, as indexed.
    values: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    sort_values: dict[int, dict[str, str]] = field(default_factory=dict)


def _masks(table: facets.FacetTable, wanted: dict[str, set[str]]) -> dict[str, np.ndarray]:
    out = {}
    for name, values in wanted.items():
        facet = table.facets.get(name)
        out[name] = facet.mask(table.size, values) if facet else np.zeros(table.size, dtype=bool)
    return out


def _allowed(table: facets.FacetTable, required: dict[str, set[str]]) -> np.ndarray:
    """The rows the caller allows (e.g. the reviews published now): the same for many searches, kept."""
    key = ("required", tuple(sorted((name, frozenset(values)) for name, values in required.items())))

    def make() -> np.ndarray:
        allowed = np.ones(table.size, dtype=bool)
        for mask in _masks(table, required).values():
            allowed &= mask
        return allowed

    return table.remember(key, make)


def _order(table: facets.FacetTable, sort: list[Sort]) -> np.ndarray:
    """Every row in the order of the sort keys (then the object id): sorted once per table and sort, so
    a search's order is this permutation filtered by its rows, with no sorting at all."""
    key = ("order", tuple((s.key, s.descending, tuple(sorted((s.order or {}).items()))) for s in sort))

    def make() -> np.ndarray:
        keys: list[np.ndarray] = [table.object_ids]
        for item in reversed(sort):
            sort_key = table.sort_keys.get(item.key)
            if sort_key is None:
                continue
            ranks = sort_key.ordered_by(item.order)
            keys.append(-ranks if item.descending else ranks)
        return np.lexsort(keys)

    return table.remember(key, make)


def _counts(
    table: facets.FacetTable, names: list[str], allowed: np.ndarray, chosen: dict[str, np.ndarray]
) -> dict[str, list[tuple[str, int]]]:
    """Each facet counted with every filter but its own (so that choices can widen)."""
    everything = allowed.copy()
    for mask in chosen.values():
        everything &= mask
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        facet = table.facets.get(name)
        if facet is None:
            counts[name] = []
            continue
        base = everything
        if name in chosen:
            base = allowed.copy()
            for other, mask in chosen.items():
                if other != name:
                    base &= mask
        counts[name] = sorted(facet.counts(base), key=lambda vc: (-vc[1], vc[0]))
    return counts


def search(index: type[Entry], kind: str, query: Query) -> Result:
    table = facets.table(index, kind)
    allowed = _allowed(table, query.required)
    ranked: np.ndarray | None = None
    if query.terms:
        relevance = query.sort == RELEVANCE
        positions = table.positions(backends.match(index, query.terms, ranked=relevance))
        text = np.zeros(table.size, dtype=bool)
        text[positions] = True
        allowed = allowed & text
        ranked = positions if relevance else None
    chosen = _masks(table, query.filters)
    selected = allowed.copy()
    for mask in chosen.values():
        selected &= mask
    counts = _counts(table, query.facets, allowed, chosen)
    if ranked is None:
        ranked = _order(table, query.sort if isinstance(query.sort, list) else [])
    rows = ranked[selected[ranked]]
    end = None if query.limit is None else query.offset + query.limit
    page = rows[query.offset : end]
    object_ids = [int(i) for i in table.object_ids[page]]
    values: dict[int, dict[str, list[str]]] = {}
    sort_values: dict[int, dict[str, str]] = {}
    if query.limit is not None:  # a page: what it shows comes with it (an export asks for ids only)
        for object_id, row in zip(object_ids, page.tolist(), strict=True):
            values[object_id] = {name: f.values_of(row) for name, f in table.facets.items()}
            sort_values[object_id] = {name: k.value_of(row) for name, k in table.sort_keys.items()}
    return Result(int(rows.size), object_ids, counts, values, sort_values)


def matching(queryset: QuerySet[Any], index: type[Entry], kind: str, terms: list[Term]) -> QuerySet[Any]:
    """The objects of `queryset` (already narrowed by the owning app's `visible_to`) whose entry of
    `kind` matches every term: the permission filter and the text match run as one query."""
    if not terms:
        return queryset
    sql, params = backends.match_sql(index, kind, terms)
    return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - built from quoted tokens, parameterised
