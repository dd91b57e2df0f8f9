"""Writing the search indexes, and asking for a refresh after a change.

The index tables are derived data: whatever they hold can be rebuilt from the owning apps
(`irm search rebuild`). They are written only here, by the indexers of the apps that own the
documents (listed in `settings.SEARCH_INDEXERS`), and carry no audit events of their own (the
change that made them stale has one). Every write gives the kind a new generation, in the same
transaction, so that cached facet arrays are rebuilt.

Keeping them current: a service that changes something searchable calls `request_reindex(kind=…,
object_ids=…)` inside its transaction; after commit a task (`irm.search.tasks.reindex`) calls the
indexers registered for that kind. Nothing is indexed for a transaction that rolls back.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils.module_loading import import_string

from irm.search import facets
from irm.search.facets import generation_key
from irm.search.models import Entry, Generation

BATCH = 2000

#: The requests collected by the `reindex_batch()` under way (kind → object ids), if any.
_batch: ContextVar[dict[str, set[int]] | None] = ContextVar("irm_search_reindex_batch", default=None)


@dataclass(frozen=True)
class Document:
    """One document to index: its tokens (irm.search.text.index_text), filter and sort values."""

    object_id: int
    tokens: str
    language: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str | int] = field(default_factory=dict)
    scope: str = ""
    version: str = ""


def _bump(index: type[Entry], kind: str) -> None:
    Generation.objects.update_or_create(
        key=generation_key(index, kind), defaults={"value": secrets.randbits(62)}
    )
    Generation.objects.get_or_create(
        key=facets.lineage_key(index, kind), defaults={"value": secrets.randbits(62)}
    )
    # The writer (the worker) brings the arrays up to date and stores them once the write is
    # committed, so that the first search of a process started later loads them (irm.search.facets).
    transaction.on_commit(partial(facets.refresh, index, kind))


def _insert(index: type[Entry], kind: str, documents: list[Document]) -> int:
    rows = [
        index(
            kind=kind,
            object_id=d.object_id,
            scope=d.scope,
            language=d.language,
            tokens=d.tokens,
            facets=d.facets,
            sort=d.sort,
            version=d.version,
        )
        for d in documents
    ]
    index.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _delete_objects(index: type[Entry], kind: str, object_ids: list[int]) -> None:
    for start in range(0, len(object_ids), BATCH):
        index.objects.filter(kind=kind, object_id__in=object_ids[start : start + BATCH]).delete()


@transaction.atomic
def replace_scope(*, index: type[Entry], kind: str, scope: str, documents: list[Document]) -> int:
    """The documents of a scope (e.g. every finding of one review) become exactly these."""
    index.objects.filter(kind=kind, scope=scope).delete()
    _delete_objects(index, kind, [d.object_id for d in documents])
    written = _insert(index, kind, documents)
    _bump(index, kind)
    return written


@transaction.atomic
def put_documents(*, index: type[Entry], kind: str, documents: list[Document]) -> int:
    """Add or replace these documents."""
    _delete_objects(index, kind, [d.object_id for d in documents])
    written = _insert(index, kind, documents)
    _bump(index, kind)
    return written


@transaction.atomic
def remove_documents(*, index: type[Entry], kind: str, object_ids: Iterable[int]) -> None:
    _delete_objects(index, kind, list(object_ids))
    _bump(index, kind)


@transaction.atomic
def remove_scopes(*, index: type[Entry], kind: str, scopes: Iterable[str]) -> int:
    removed, _ = index.objects.filter(kind=kind, scope__in=list(scopes)).delete()
    _bump(index, kind)
    return removed


@transaction.atomic
def replace_kind(*, index: type[Entry], kind: str, documents: Iterable[Document]) -> int:
    """Rebuild: every document of the kind becomes exactly these (streamed in batches)."""
    index.objects.filter(kind=kind).delete()
    written, batch = 0, []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH:
            written += _insert(index, kind, batch)
            batch = []
    written += _insert(index, kind, batch)
    _bump(index, kind)
    return written


def indexers(kind: str) -> list[str]:
    return list(getattr(settings, "SEARCH_INDEXERS", {}).get(kind, []))


def request_reindex(*, kind: str, object_ids: Iterable[int]) -> None:
    """After the current transaction commits, refresh what depends on these objects (a task).

    At most one refresh of the same objects waits in the queue: a checklist saved fifty times while
    the worker is busy is indexed once, not fifty times (issue 18 §6)."""
    ids = sorted({int(i) for i in object_ids})
    if not ids or not indexers(kind):
        return
    batch = _batch.get()
    if batch is not None:  # collected once committed: a change rolled back asks for nothing
        transaction.on_commit(partial(_collect, batch, kind, ids))
        return
    transaction.on_commit(partial(_enqueue_reindex, kind=kind, object_ids=ids))


def _enqueue_reindex(*, kind: str, object_ids: list[int]) -> None:
    from irm.search.tasks import reindex

    if not _reindex_waiting(reindex, kind=kind, object_ids=object_ids):
        reindex.enqueue(kind=kind, object_ids=object_ids)


#: How many waiting refreshes `_reindex_waiting` looks at (the queue is short when the worker keeps up).
WAITING_LOOKED_AT = 100


def _reindex_waiting(task: Any, *, kind: str, object_ids: list[int]) -> bool:
    """Whether a refresh of exactly these objects is in the queue and not started yet.

    Safe to skip ours then: this runs after our commit, and a task that has not started will read
    the objects after it (the worker claims a task, commits the claim, then runs it; a claim not yet
    committed still shows the task as waiting, and its run comes after). Only the database queue
    keeps tasks waiting; with any other backend (the tests' immediate one) every request runs."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    wanted = {"args": [], "kwargs": {"kind": kind, "object_ids": object_ids}}
    waiting = (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=task.module_path, backend_name=backend.alias
        )
        .order_by()
        .values_list("args_kwargs", flat=True)[:WAITING_LOOKED_AT]
    )
    return any(args == wanted for args in waiting)


def _collect(batch: dict[str, set[int]], kind: str, ids: list[int]) -> None:
    batch.setdefault(kind, set()).update(ids)


def _enqueue_batch(batch: dict[str, set[int]]) -> None:
    if batch:
        from irm.search.tasks import reindex_kinds

        reindex_kinds.enqueue(requests={kind: sorted(ids) for kind, ids in sorted(batch.items())})


@contextmanager
def reindex_batch() -> Iterator[None]:
    """Inside: `request_reindex` collects what the committed transactions ask for, and one task
    refreshes it all when the block ends (after the enclosing transaction's commit, if there is one).
    A batch inside a batch adds to the outer one."""
    if _batch.get() is not None:
        yield
        return
    batch: dict[str, set[int]] = {}
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        # Registered after the collecting callbacks, so it runs after them (at once outside a transaction).
        transaction.on_commit(partial(_enqueue_batch, batch))


def run_indexers(*, kind: str, object_ids: list[int]) -> dict[str, int]:
    """Call every indexer registered for the kind (what the task does)."""
    done = {}
    for path in indexers(kind):
        done[path] = import_string(path)(object_ids=object_ids) or 0
    return done


class Index:
    """What an app registers in `settings.SEARCH_INDEXES` (a module or object with these two functions)."""

    def rebuild(self) -> int:  # pragma: no cover - protocol
        """Index every document from scratch; returns how many were written."""
        raise NotImplementedError

    def sync(self) -> int:  # pragma: no cover - protocol
        """Bring the index in step with its source; returns how many documents were refreshed."""
        raise NotImplementedError


def registered_indexes() -> dict[str, Index]:
    """Name → the index module of an app (`settings.SEARCH_INDEXES`)."""
    return {name: import_string(path) for name, path in getattr(settings, "SEARCH_INDEXES", {}).items()}
