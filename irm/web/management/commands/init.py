from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from irm.reference import load_reference_data
from irm.web.schema import prepare_schema


class Command(BaseCommand):
    help = "Create or update the database and load the reference data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also load the demo data")

    def handle(self, *args, demo: bool = False, verbosity: int = 1, **options):
        started = time.perf_counter()
        if demo:
            from irm.demo import snapshot

            key = snapshot.snapshot_key()
            if snapshot.restore(key):
                self.stdout.write(
                    f"  demo snapshot: database, keys and files copied from {snapshot.snapshot_root() / key} "
                    f"(the demo as loaded earlier today by this same code; {time.perf_counter() - started:.1f} s)"
                )
                return
        how = prepare_schema()
        if verbosity:
            self.stdout.write(f"  database schema: {how} ({time.perf_counter() - started:.1f} s)")
        started = time.perf_counter()
        results = load_reference_data()
        if verbosity:
            loaded = ", ".join(step.split(":")[1].removeprefix("load_reference_") for step in results)
            self.stdout.write(f"  reference data: {loaded} ({time.perf_counter() - started:.1f} s)")
        if verbosity > 1:
            for step, counts in results.items():
                self.stdout.write(f"    {step.split(':')[1]}: {counts}")
        if demo:
            from irm.demo import load_demo

            ran = load_demo(stdout=self.stdout)
            if how == "created" and ran:
                started = time.perf_counter()
                if kept := snapshot.save(key):
                    self.stdout.write(
                        f"  demo snapshot: kept in {kept} for the next start ({time.perf_counter() - started:.1f} s)"
                    )
