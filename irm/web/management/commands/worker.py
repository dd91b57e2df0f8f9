from __future__ import annotations

import logging
import os
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from irm.core.health import HEARTBEAT_SECONDS, beat, worker_name
from irm.web.serving import end_with_parent

log = logging.getLogger("irm.worker")


def run_scheduler(stop: threading.Event) -> None:
    """Enqueue each periodic task (settings.PERIODIC_TASKS) at its interval. Tasks are idempotent."""
    last: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        for path, every in settings.PERIODIC_TASKS:
            if now - last.get(path, -1e12) >= every:
                try:
                    import_string(path).enqueue()
                    last[path] = now
                except DatabaseError:
                    log.warning("could not enqueue %s; trying again shortly", path, exc_info=True)
        stop.wait(5)


def run_heartbeat(stop: threading.Event, *, every: float = HEARTBEAT_SECONDS) -> None:
    """Write the worker's heartbeat until stopped. A failed beat is logged: if the database is gone,
    the task loop fails too and the worker exits non-zero."""
    name, started = worker_name(), timezone.now()
    while not stop.is_set():
        try:
            beat(name=name, started_at=started)
        except DatabaseError:
            log.warning("could not write the worker's heartbeat", exc_info=True)
        finally:
            close_old_connections()
        stop.wait(every)
    connection.close()


class QueueWorker(DatabaseWorker):
    """django-tasks-db's worker, whose per-task lines ("Task id=… state=RUNNING", "… SUCCESSFUL") are
    kept for `--verbosity 1` and up: with 0 only warnings and failed tasks are told (`irm serve` runs
    its worker so: a newcomer's console showed some forty such lines after the demo's start)."""

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(max(verbosity, 1))
        if verbosity == 0:
            for name in ("django.tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)


class Command(BaseCommand):
    help = (
        "Run the background worker: the database task queue and the periodic tasks, with a heartbeat "
        "`GET /healthz` reports. Exits non-zero on a fatal error, so a service manager restarts it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-scheduler", action="store_true", help="do not enqueue periodic tasks")
        parser.add_argument(
            "--nice",
            type=int,
            default=0,
            help="lower the worker's CPU priority by this much (POSIX), so pages come first on a shared machine",
        )

    def handle(self, *args, no_scheduler: bool = False, nice: int = 0, verbosity: int = 1, **options):
        end_with_parent()  # under `irm serve`: its worker ends with it
        if nice > 0 and hasattr(os, "nice"):
            os.nice(nice)
        stop = threading.Event()
        threading.Thread(target=run_heartbeat, args=(stop,), daemon=True, name="irm-heartbeat").start()
        if not no_scheduler and settings.PERIODIC_TASKS:
            threading.Thread(target=run_scheduler, args=(stop,), daemon=True, name="irm-scheduler").start()
        try:
            call_command(QueueWorker(), interval=1.0, verbosity=verbosity)
        except (DatabaseError, OSError) as error:
            log.exception("the worker stops on a fatal error")
            raise CommandError(f"fatal: {error}", returncode=1) from error
        finally:
            stop.set()
