"""The filter and sort values of one kind of entry, held in memory as arrays (one copy per process).

Counting facets for every search in SQL would join the matching entries with every filter table:
over 100,000 findings that is hundreds of milliseconds per facet. Here each facet is a compressed
sparse row (for each entry, the codes of its values), so filtering is a boolean mask and counting
is one `bincount`: a few milliseconds whatever the size of the result. The arrays are rebuilt when
the kind's generation (a new random number at every write through irm.search.services, so that a
rolled-back write or a restored backup can never look like the state a cache was built from) changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from irm.search.models import Entry, Generation


def generation_key(index: type[Entry], kind: str) -> str:
    return f"{index._meta.db_table}:{kind}"


def current_generation(index: type[Entry], kind: str) -> int:
    value = Generation.objects.filter(key=generation_key(index, kind)).values_list("value", flat=True).first()
    return int(value or 0)


@dataclass
class Facet:
    """One facet: `values[code]` is a value; `rows`/`codes` list every (entry row, value code) pair."""

    values: list[str]
    rows: np.ndarray
    codes: np.ndarray
    lookup: dict[str, int] = field(default_factory=dict)

    def mask(self, size: int, wanted: set[str]) -> np.ndarray:
        """Rows holding at least one of the wanted values."""
        codes = [self.lookup[v] for v in wanted if v in self.lookup]
        out = np.zeros(size, dtype=bool)
        if codes:
            out[self.rows[np.isin(self.codes, codes)]] = True
        return out

    def values_of(self, row: int) -> list[str]:
        """The values of one row (the pairs are stored in row order)."""
        start, end = np.searchsorted(self.rows, [row, row + 1])
        return [self.values[c] for c in self.codes[start:end]]

    def counts(self, selected: np.ndarray) -> list[tuple[str, int]]:
        """(value, number of selected rows holding it), for the values held by any selected row."""
        hits = np.bincount(self.codes[selected[self.rows]], minlength=len(self.values))
        return [(self.values[i], int(hits[i])) for i in np.flatnonzero(hits)]


@dataclass
class SortKey:
    """Values of one sort key: `ranks[row]` is the position of the row's value in sorted order."""

    values: list[str]
    ranks: np.ndarray  # int64; rows without the key get len(values) (last)

    def value_of(self, row: int) -> str:
        rank = int(self.ranks[row])
        return self.values[rank] if rank < len(self.values) else ""

    def ordered_by(self, order: dict[str, int] | None) -> np.ndarray:
        if not order:
            return self.ranks
        remap = np.array([order.get(v, len(order)) for v in self.values] + [len(order) + 1], dtype=np.int64)
        return remap[self.ranks]


@dataclass
class FacetTable:
    generation: int
    entry_ids: np.ndarray  # sorted
    object_ids: np.ndarray
    facets: dict[str, Facet]
    sort_keys: dict[str, SortKey]

    @property
    def size(self) -> int:
        return int(self.entry_ids.size)

    def positions(self, entry_ids: list[int]) -> np.ndarray:
        """Row positions of the given entry ids, in the given order; ids of other kinds are dropped."""
        if not entry_ids or not self.size:
            return np.zeros(0, dtype=np.int64)
        ids = np.asarray(entry_ids, dtype=np.int64)
        at = np.searchsorted(self.entry_ids, ids)
        at[at >= self.size] = 0
        return at[self.entry_ids[at] == ids]


def _sort_key(raw: list[object]) -> SortKey:
    present = sorted({str(v) for v in raw if v is not None and v != ""}, key=_natural)
    lookup = {v: i for i, v in enumerate(present)}
    ranks = np.array(
        [lookup[str(v)] if v is not None and v != "" else len(present) for v in raw], dtype=np.int64
    )
    return SortKey(present, ranks)


def _natural(value: str) -> tuple[int, float | str]:
    """Numbers in numeric order, before text in text order."""
    try:
        return (0, float(value))
    except ValueError:
        return (1, value)


def build(index: type[Entry], kind: str, generation: int) -> FacetTable:
    rows = list(
        index.objects.filter(kind=kind).order_by("pk").values_list("pk", "object_id", "facets", "sort")
    )
    entry_ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    object_ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    occurrences: dict[str, tuple[list[int], list[int], dict[str, int]]] = {}
    sort_raw: dict[str, list[object]] = {}
    for position, (_, _, facets, sort) in enumerate(rows):
        for name, values in (facets or {}).items():
            row_list, code_list, lookup = occurrences.setdefault(name, ([], [], {}))
            for value in values if isinstance(values, list) else [values]:
                code = lookup.setdefault(str(value), len(lookup))
                row_list.append(position)
                code_list.append(code)
        for name, value in (sort or {}).items():
            sort_raw.setdefault(name, [None] * len(rows))[position] = value
    facets = {
        name: Facet(
            values=list(lookup),
            rows=np.asarray(row_list, dtype=np.int64),
            codes=np.asarray(code_list, dtype=np.int64),
            lookup=lookup,
        )
        for name, (row_list, code_list, lookup) in occurrences.items()
    }
    sort_keys = {name: _sort_key(raw) for name, raw in sort_raw.items()}
    return FacetTable(generation, entry_ids, object_ids, facets, sort_keys)


_cache: dict[str, FacetTable] = {}
_lock = threading.Lock()


def table(index: type[Entry], kind: str) -> FacetTable:
    """The arrays of the kind, rebuilt when its generation moved since they were built."""
    key = generation_key(index, kind)
    generation = current_generation(index, kind)
    cached = _cache.get(key)
    if cached is not None and cached.generation == generation:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.generation != generation:
            cached = _cache[key] = build(index, kind, generation)
    return cached


def forget() -> None:
    """Drop every cached table (tests, and after a restore)."""
    with _lock:
        _cache.clear()
