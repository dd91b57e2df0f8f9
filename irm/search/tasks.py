"""Background work of the search indexes (thin: the indexers belong to the apps that own the documents)."""

from __future__ import annotations

from django.tasks import task

from irm.search import services


@task()
def reindex(*, kind: str, object_ids: list[int]) -> dict[str, int]:
    """Enqueued after commit by `services.request_reindex`: refresh what depends on these objects."""
    return services.run_indexers(kind=kind, object_ids=object_ids)


@task()
def reindex_kinds(*, requests: dict[str, list[int]]) -> dict[str, dict[str, int]]:
    """Enqueued once by `services.reindex_batch()`: what many `request_reindex` calls asked for (kind →
    object ids), refreshed by one task instead of one per call."""
    return {kind: services.run_indexers(kind=kind, object_ids=ids) for kind, ids in requests.items()}


@task()
def sync_indexes() -> dict[str, int]:
    """Periodic (settings.PERIODIC_TASKS): every index catches up with changes made outside the
    services (imports, the admin, a restored backup). Idempotent: an index in step changes nothing."""
    return {name: index.sync() for name, index in services.registered_indexes().items()}
