"""Is the platform well: the database answers, and a background worker showed a sign of life lately.

`irm worker` calls `beat` every HEARTBEAT_SECONDS; `GET /healthz` (for a load balancer, a monitor or
a service manager) answers `health()` as JSON, with HTTP 503 when the database is down or the newest
heartbeat is older than `settings.WORKER_STALE_SECONDS`.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from irm.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 15
#: Rows of workers gone for this long are removed (a restarted worker gets a new pid).
FORGET_AFTER = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(*, name: str, started_at: datetime) -> None:
    """Record that worker `name` is alive now (one small upsert; old workers' rows are dropped)."""
    now = timezone.now()
    with transaction.atomic():
        WorkerHeartbeat.objects.update_or_create(
            worker=name, defaults={"started_at": started_at, "beat_at": now}
        )
        WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return False, str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return True, ""


def health() -> tuple[bool, dict[str, Any]]:
    """(healthy, report): the report is the JSON `GET /healthz` answers (docs/SECURITY.md)."""
    db_ok, db_error = database_ok()
    stale_after = settings.WORKER_STALE_SECONDS
    worker: dict[str, Any] = {
        "ok": False,
        "last_heartbeat": None,
        "age_seconds": None,
        "stale_after_seconds": stale_after,
    }
    if db_ok:
        try:
            last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        except DatabaseError as error:
            db_ok, db_error, last = False, str(error)[:200], None
        if last is not None:
            age = max(0.0, (timezone.now() - last).total_seconds())
            worker.update(last_heartbeat=last.isoformat(), age_seconds=round(age, 1), ok=age <= stale_after)
    database: dict[str, Any] = {"ok": db_ok, "vendor": connection.vendor}
    if db_error:
        database["error"] = db_error
    healthy = db_ok and worker["ok"]
    return healthy, {"status": "ok" if healthy else "fail", "database": database, "worker": worker}
