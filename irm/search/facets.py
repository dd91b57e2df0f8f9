"""The filter and sort values of one kind of entry, held in memory as arrays (one copy per process).

Counting facets for every search in SQL would join the matching entries with every filter table:
over 100,000 findings that is hundreds of milliseconds per facet. Here each facet is a compressed
sparse row (for each entry, the codes of its values), so filtering is a boolean mask and counting
is one `bincount`: a few milliseconds whatever the size of the result. The arrays are brought up to
date when the kind's generation (a new random number at every write through irm.search.services, so
that a rolled-back write or a restored backup can never look like the state a cache was built from)
changes.

Up to date without reading everything again: entries are never updated in place (a change deletes
and inserts), so the rows of the older arrays whose (entry id, object id) are still in the table are
kept and only the new rows are read. A cold start does not read 100,000 JSON documents either: the
arrays are stored in the data directory (`save`/`load`: plain arrays, no pickle) by the process that
brought them up to date — the worker right after its writes commit (`refresh`) — and a new process
loads them and reads only the rows written since. `settings.SEARCH_SNAPSHOTS = False` (the test
suite, where rolled-back ids come back with other content) rebuilds from every row at each change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection

from irm.search.models import Entry, Generation

logger = logging.getLogger(__name__)
READ_CHUNK = 900  # ids per query (under SQLite's 999 parameters)
MEMO_SIZE = 64


def generation_key(index: type[Entry], kind: str) -> str:
    return f"{index._meta.db_table}:{kind}"


def lineage_key(index: type[Entry], kind: str) -> str:
    """A random token made with the kind's first write and never changed: a database made again (whose
    ids start over) has another, so arrays stored from the old one are never taken for its own."""
    return f"{generation_key(index, kind)}:lineage"


def lineage(index: type[Entry], kind: str) -> int:
    value = Generation.objects.filter(key=lineage_key(index, kind)).values_list("value", flat=True).first()
    return int(value or 0)


def current_generation(index: type[Entry], kind: str) -> int:
    value = Generation.objects.filter(key=generation_key(index, kind)).values_list("value", flat=True).first()
    return int(value or 0)


@dataclass
class Facet:
    """One facet: `values[code]` is a value; `rows`/`codes` list every (entry row, value code) pair,
    in row order (a row's values in the order they were indexed)."""

    values: list[str]
    rows: np.ndarray
    codes: np.ndarray
    lookup: dict[str, int] = field(default_factory=dict)
    _starts: np.ndarray | None = field(default=None, repr=False)

    def mask(self, size: int, wanted: set[str]) -> np.ndarray:
        """Rows holding at least one of the wanted values."""
        codes = [self.lookup[v] for v in wanted if v in self.lookup]
        out = np.zeros(size, dtype=bool)
        if codes:
            chosen = np.zeros(len(self.values), dtype=bool)
            chosen[codes] = True
            out[self.rows[chosen[self.codes]]] = True
        return out

    def values_of(self, row: int) -> list[str]:
        """The values of one row."""
        if self._starts is None:  # where each row's pairs start (computed once)
            self._starts = np.searchsorted(
                self.rows, np.arange(int(self.rows[-1]) + 2 if self.rows.size else 1)
            )
        if row + 1 >= self._starts.size:
            return []
        return [self.values[c] for c in self.codes[self._starts[row] : self._starts[row + 1]].tolist()]

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
    #: How many rows were read from the database to make this table (0: loaded as stored).
    read: int = 0
    #: Derived arrays kept with the table (orders of the rows, masks of required values), by key.
    memo: dict[Any, np.ndarray] = field(default_factory=dict, repr=False)

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

    def remember(self, key: Any, make: Callable[[], np.ndarray]) -> np.ndarray:
        """A derived array, made once per table (a table is never changed: a new one replaces it)."""
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            found = self.memo[key] = make()
        return found


def _natural(value: str) -> tuple[int, float | str]:
    """Numbers in numeric order, before text in text order."""
    try:
        return (0, float(value))
    except ValueError:
        return (1, value)


def _present(value: object) -> bool:
    return value is not None and value != ""


# --- reading the entries ------------------------------------------------------------------------


def _ids(index: type[Entry], kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(entry ids in order, their object ids), two aggregated strings parsed by numpy (no row objects)."""
    table = index._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            agg = "string_agg(id::text, ',' ORDER BY id), string_agg(object_id::text, ',' ORDER BY id)"
            sql = f"SELECT {agg} FROM {table} WHERE kind = %s"  # noqa: S608 - a model's table
            cursor.execute(sql, [kind])
        else:
            cursor.execute(
                "SELECT group_concat(id), group_concat(object_id) FROM "  # noqa: S608 - a model's table
                f"(SELECT id, object_id FROM {table} WHERE kind = %s ORDER BY id)",
                [kind],
            )
        ids, objects = cursor.fetchone() or (None, None)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.fromstring(ids, dtype=np.int64, sep=","), np.fromstring(objects or "", dtype=np.int64, sep=",")


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _documents(
    index: type[Entry], kind: str, entry_ids: np.ndarray, *, everything: bool
) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    """Entry id → (facets, sort) of these entries: one scan of the kind when they are all of it (or
    most), else by id in chunks."""
    out = {}
    table = index._meta.db_table
    with connection.cursor() as cursor:
        if everything:
            cursor.execute(f"SELECT id, facets, sort FROM {table} WHERE kind = %s", [kind])  # noqa: S608
            batches = iter(lambda: cursor.fetchmany(5000), [])
            for batch in batches:
                for entry_id, facet_values, sort_values in batch:
                    out[int(entry_id)] = (_json(facet_values), _json(sort_values))
            return out
        ids = [int(i) for i in entry_ids]
        for start in range(0, len(ids), READ_CHUNK):
            chunk = ids[start : start + READ_CHUNK]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id, facets, sort FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608
            for entry_id, facet_values, sort_values in cursor.fetchall():
                out[int(entry_id)] = (_json(facet_values), _json(sort_values))
    return out


# --- building, and bringing a table up to date --------------------------------------------------


def _merge_facet(
    old: Facet | None,
    keep_old_rows: np.ndarray,
    old_to_new: np.ndarray,
    new_pairs: tuple[list[int], list[str]],
) -> Facet:
    """The kept pairs of `old` (rows renumbered) and the new pairs, each row's values in their order."""
    values = list(old.values) if old else []
    lookup = dict(old.lookup) if old else {}
    new_rows, new_values = new_pairs
    new_codes = [lookup.setdefault(v, len(lookup)) for v in new_values]
    values += list(lookup)[len(values) :]
    if old is not None and old.rows.size:
        kept = keep_old_rows[old.rows]
        rows = np.concatenate([old_to_new[old.rows[kept]], np.asarray(new_rows, dtype=np.int64)])
        codes = np.concatenate([old.codes[kept], np.asarray(new_codes, dtype=np.int64)])
    else:
        rows, codes = np.asarray(new_rows, dtype=np.int64), np.asarray(new_codes, dtype=np.int64)
    order = np.argsort(rows, kind="stable")  # stable: a row's values keep their order
    return Facet(values, rows[order], codes[order], lookup)


def _merge_sort(
    old: SortKey | None,
    keep_old_rows: np.ndarray,
    old_to_new: np.ndarray,
    size: int,
    new_values: dict[int, str],
) -> SortKey:
    present = set(old.values) if old else set()
    present |= set(new_values.values())
    ordered = sorted(present, key=_natural)
    lookup = {v: i for i, v in enumerate(ordered)}
    ranks = np.full(size, len(ordered), dtype=np.int64)
    if old is not None and old.ranks.size:
        remap = np.asarray([lookup[v] for v in old.values] + [len(ordered)], dtype=np.int64)
        kept = np.flatnonzero(keep_old_rows)
        ranks[old_to_new[kept]] = remap[old.ranks[kept]]
    for row, value in new_values.items():
        ranks[row] = lookup[value]
    return SortKey(ordered, ranks)


def update(index: type[Entry], kind: str, generation: int, old: FacetTable | None) -> FacetTable:
    """The arrays of the kind now: the rows of `old` still in the table are kept as they are (entries
    are never updated in place: a change is a new row), only new rows are read. Without `old`, every
    row is read (a full build)."""
    entry_ids, object_ids = _ids(index, kind)
    if old is not None and old.size:
        at = np.searchsorted(old.entry_ids, entry_ids)
        at[at >= old.size] = 0
        same = (old.entry_ids[at] == entry_ids) & (old.object_ids[at] == object_ids)
        keep_old_rows = np.zeros(old.size, dtype=bool)
        keep_old_rows[at[same]] = True
        old_to_new = np.full(old.size, -1, dtype=np.int64)
        old_to_new[at[same]] = np.flatnonzero(same)
        fresh = np.flatnonzero(~same)
    else:
        old = None
        keep_old_rows = old_to_new = np.zeros(0, dtype=np.int64)
        fresh = np.arange(entry_ids.size)
    documents = _documents(index, kind, entry_ids[fresh], everything=fresh.size * 2 > entry_ids.size)
    pairs: dict[str, tuple[list[int], list[str]]] = {}
    sort_new: dict[str, dict[int, str]] = {}
    for row in fresh.tolist():
        facet_values, sort_values = documents.get(int(entry_ids[row]), ({}, {}))
        for name, values in facet_values.items():
            rows, names = pairs.setdefault(name, ([], []))
            for value in values if isinstance(values, list) else [values]:
                rows.append(row)
                names.append(str(value))
        for name, value in sort_values.items():
            if _present(value):
                sort_new.setdefault(name, {})[row] = str(value)
    old_facets = old.facets if old else {}
    old_sorts = old.sort_keys if old else {}
    facets = {
        name: _merge_facet(old_facets.get(name), keep_old_rows, old_to_new, pairs.get(name, ([], [])))
        for name in set(old_facets) | set(pairs)
    }
    sort_keys = {
        name: _merge_sort(
            old_sorts.get(name), keep_old_rows, old_to_new, entry_ids.size, sort_new.get(name, {})
        )
        for name in set(old_sorts) | set(sort_new)
    }
    return FacetTable(generation, entry_ids, object_ids, facets, sort_keys, read=int(fresh.size))


def build(index: type[Entry], kind: str, generation: int) -> FacetTable:
    """Every row read (no earlier table)."""
    return update(index, kind, generation, None)


# --- the stored copy (the cold start) -----------------------------------------------------------


def snapshot_path(index: type[Entry], kind: str) -> Path:
    """Where the arrays of a kind are kept between processes: the data directory (shared by the web
    processes and the worker, like the bulk downloads), one file per database."""
    db = connection.settings_dict
    which = hashlib.sha256(repr([connection.vendor, db.get("NAME"), db.get("HOST"), db.get("PORT")]).encode())
    return (
        Path(settings.DATA_DIR)
        / "search"
        / f"{generation_key(index, kind).replace(':', '-')}-{which.hexdigest()[:12]}.npz"
    )


def save(table: FacetTable, path: Path, *, origin: int = 0) -> None:
    arrays: dict[str, np.ndarray] = {
        "generation": np.asarray([table.generation], dtype=np.uint64),
        "lineage": np.asarray([origin], dtype=np.uint64),
        "entry_ids": table.entry_ids,
        "object_ids": table.object_ids,
    }
    for name, facet in table.facets.items():
        arrays[f"f:{name}:values"] = np.asarray(facet.values, dtype=str)
        arrays[f"f:{name}:rows"] = facet.rows
        arrays[f"f:{name}:codes"] = facet.codes
    for name, key in table.sort_keys.items():
        arrays[f"s:{name}:values"] = np.asarray(key.values, dtype=str)
        arrays[f"s:{name}:ranks"] = key.ranks
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(partial, **arrays)  # type: ignore[arg-type]
    partial.replace(path)  # readers never see half a file


def load(path: Path, *, origin: int = 0) -> FacetTable | None:
    """The stored arrays (plain arrays: loading runs no code), or None when absent, unreadable or
    stored from another database (`origin`: the kind's lineage)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if "lineage" not in data.files or int(data["lineage"][0]) != origin:
                return None
            names = {key.split(":")[1] for key in data.files if key.count(":") == 2}
            facets, sort_keys = {}, {}
            for name in names:
                if f"f:{name}:values" in data.files:
                    values = [str(v) for v in data[f"f:{name}:values"]]
                    facets[name] = Facet(
                        values,
                        data[f"f:{name}:rows"],
                        data[f"f:{name}:codes"],
                        {v: i for i, v in enumerate(values)},
                    )
                if f"s:{name}:values" in data.files:
                    sort_keys[name] = SortKey(
                        [str(v) for v in data[f"s:{name}:values"]], data[f"s:{name}:ranks"]
                    )
            return FacetTable(
                int(data["generation"][0]), data["entry_ids"], data["object_ids"], facets, sort_keys, read=0
            )
    except (OSError, ValueError, KeyError, IndexError):
        return None


_cache: dict[str, FacetTable] = {}
_lock = threading.Lock()


def _stored(index: type[Entry], kind: str) -> FacetTable | None:
    if not getattr(settings, "SEARCH_SNAPSHOTS", True):
        return None
    return load(snapshot_path(index, kind), origin=lineage(index, kind))


#: When each kind's arrays were last stored by this process: a burst of small writes stores them at
#: most every SAVE_SECONDS (a start after that reads the few rows written since).
SAVE_SECONDS = 60
SAVE_ROWS = 1000
_saved: dict[str, float] = {}


def _store(index: type[Entry], kind: str, table: FacetTable, *, fresh_start: bool) -> None:
    if not getattr(settings, "SEARCH_SNAPSHOTS", True):
        return
    key = generation_key(index, kind)
    if (
        fresh_start
        or table.read >= SAVE_ROWS
        or time.monotonic() - _saved.get(key, -SAVE_SECONDS) >= SAVE_SECONDS
    ):
        try:
            save(table, snapshot_path(index, kind), origin=lineage(index, kind))
        except OSError:
            logger.warning("search: the arrays of %s could not be stored", key, exc_info=True)
            return
        _saved[key] = time.monotonic()


def table(index: type[Entry], kind: str) -> FacetTable:
    """The arrays of the kind at its current generation: this process's copy, else the stored copy;
    either brought up to date by reading only the rows written since (then stored again)."""
    key = generation_key(index, kind)
    generation = current_generation(index, kind)
    cached = _cache.get(key)
    if cached is not None and cached.generation == generation:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.generation != generation:
            start = cached if cached is not None and getattr(settings, "SEARCH_SNAPSHOTS", True) else None
            if start is None:
                start = _stored(index, kind)
            if start is not None and start.generation == generation:
                cached = start
            else:
                cached = update(index, kind, generation, start)
                _store(index, kind, cached, fresh_start=start is None)
            _cache[key] = cached
    return cached


def refresh(index: type[Entry], kind: str) -> None:
    """Bring the arrays up to date and store them (after a write commits, in the writing process: the
    worker), so that the next process to start loads them instead of reading every row."""
    try:
        table(index, kind)
    except DatabaseError:
        logger.warning(
            "search: the arrays of %s could not be refreshed", generation_key(index, kind), exc_info=True
        )


def discard_stored() -> None:
    """Delete every stored copy (after a restore: the restored tables may reuse ids with other content)."""
    folder = Path(settings.DATA_DIR) / "search"
    for path in folder.glob("*.npz") if folder.is_dir() else []:
        path.unlink(missing_ok=True)


def forget() -> None:
    """Drop every cached table (tests, and after a restore)."""
    with _lock:
        _cache.clear()
