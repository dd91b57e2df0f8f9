"""Background work of the analysis app (thin: the logic is in services)."""

from __future__ import annotations

from django.tasks import task

from irm.analysis import services


@task()
def verify_need_counts() -> dict[str, int]:
    """Periodic (settings.PERIODIC_TASKS, and at the worker's start): recount the reviews whose needs
    were written by a path that told no one (raw SQL, `bulk_create`, `QuerySet.update`)."""
    return {"recounted": len(services.verify_need_counts())}
