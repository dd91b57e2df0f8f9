from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


def run_scheduler(stop: threading.Event) -> None:
    """Enqueue each periodic task (settings.PERIODIC_TASKS) at its interval. Tasks are idempotent."""
    last: dict[str, float] = {}
    while not stop.is_set():
        now = time.monotonic()
        for path, every in settings.PERIODIC_TASKS:
            if now - last.get(path, -1e12) >= every:
                import_string(path).enqueue()
                last[path] = now
        stop.wait(5)


class Command(BaseCommand):
    help = "Run the background worker: the database task queue and the periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument("--no-scheduler", action="store_true", help="do not enqueue periodic tasks")

    def handle(self, *args, no_scheduler: bool = False, **options):
        stop = threading.Event()
        if not no_scheduler and settings.PERIODIC_TASKS:
            threading.Thread(target=run_scheduler, args=(stop,), daemon=True, name="irm-scheduler").start()
        try:
            call_command("db_worker", interval=1.0)
        finally:
            stop.set()
