"""How long the status of a cycle, the overview and a reminder run take on the demo data.

Run: `uv run python benchmarks/reviews_status.py` (uses a scratch SQLite database under a temporary
directory; loads reference data, the lots demo if present, and the reviews demo). Prints seconds.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from datetime import date

os.environ.setdefault("IRM_DATA_DIR", tempfile.mkdtemp(prefix="irm-bench-reviews-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(label: str, fn) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<45} {elapsed:7.3f} s  {len(queries):5d} queries")


def main() -> None:
    call_command("migrate", verbosity=0)
    from irm.reference import load_reference_data

    load_reference_data()
    import importlib

    out = io.StringIO()
    for step in ("irm.accounts.demo", "irm.lots.demo", "irm.reviews.demo"):
        try:
            module = importlib.import_module(step)
        except ImportError:
            continue
        timed(f"demo step {step}", lambda module=module: module.load(stdout=out))

    from irm.accounts.models import User
    from irm.cycles.models import Cycle
    from irm.reviews import selectors, services

    cycle = Cycle.objects.get(number=2)
    secretariat = User.objects.get(username="secretariat")
    timed("status, cycle 2, as of 2022-11-07", lambda: selectors.status(cycle, as_of=date(2022, 11, 7)))
    timed("status, cycle 2, today", lambda: selectors.status(cycle))
    timed("overview, cycle 2, secretariat (192 rows)", lambda: selectors.overview(secretariat, cycle))
    timed("reminders run", lambda: services.send_due_reminders())
    sys.stdout.flush()


if __name__ == "__main__":
    main()
