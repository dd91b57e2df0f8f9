"""Background work of the public record (thin: the logic is in indexing and bulk)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from irm.public import bulk


@task()
def build_bulk_download() -> dict[str, Any]:
    """Enqueued when the published set changes: the bulk files of the whole set (skipped if current)."""
    return bulk.build()
