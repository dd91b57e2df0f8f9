"""Benchmark: import 100,000 findings (`irm import findings`) on SQLite and PostgreSQL scratch databases.

    uv run python benchmarks/import.py [--rows 100000] [--only sqlite|postgresql] [--readers N] [--first-only]

Each database runs in its own subprocess: a fresh scratch database (a temporary SQLite file; the
PostgreSQL database `irm_bench_import` on $BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432,
created and dropped here), migrations, reference data, one review per State in cycle 2, then:
the first import (all rows created), and a re-import of the same file (all rows unchanged).
Prints seconds and rows per second for each.

With `--readers N` (the import of issue 14 §3), N threads read the public API (parties, cycles, a
State's review outcomes) for the whole duration of each import, each with its own database
connection, and the readers' request and error counts are printed ("readers: … 0 errors"): the import
parses and checks the file before its one short write transaction, so readers never fail. On SQLite
the database is a file in WAL mode (the settings' default), not the test suite's in-memory database.
`irm/findings/tests/test_readers_during_import.py` runs this with 2,000 rows, 4 readers and `--first-only`.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_POSTGRES_DB", "irm_bench_import")


def make_file(path: Path, rows: int, states: list[str], categories: list[str]) -> None:
    rng = random.Random(6)
    chapter_articles = {2: list(range(5, 15)), 5: list(range(51, 60))}
    types = ["observation", "good_practice", "challenge", "recommendation", "ta_need"]
    with path.open("w", encoding="utf-8") as out:
        out.write("cycle,state,type,chapter,articles,categories,text,language\n")
        for i in range(rows):
            chapter = rng.choice([2, 2, 5])
            type = rng.choice(types)
            articles = ";".join(
                str(a) for a in sorted(rng.sample(chapter_articles[chapter], rng.choice([0, 1, 1, 2])))
            )
            cats = ";".join(rng.sample(categories, rng.choice([1, 1, 2]))) if type == "ta_need" else ""
            out.write(
                f"2,{rng.choice(states)},{type},{chapter},{articles},{cats},Finding number {i} on the implementation.,en\n"
            )


class Readers:
    """N threads reading the API until stopped; each request that fails or answers 5xx is an error."""

    PATHS = ("/api/v1/parties/", "/api/v1/cycles/", "/api/v1/findings/states/KEN/outcomes")

    def __init__(self, count: int) -> None:
        import threading

        self.stop = threading.Event()
        self.requests = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(count)]

    def read(self) -> None:
        from django.db import connection
        from django.test import Client

        client = Client()
        try:
            while not self.stop.is_set():
                for path in self.PATHS:
                    try:
                        status = client.get(path).status_code
                        problem = f"{path}: HTTP {status}" if status >= 500 else ""
                    except Exception as exc:  # a reader must never fail: count it, keep reading
                        problem = f"{path}: {type(exc).__name__}: {exc}"
                    with self.lock:
                        self.requests += 1
                        if problem:
                            self.errors.append(problem)
        finally:
            connection.close()

    def __enter__(self) -> Readers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def child(rows: int, readers: int = 0, first_only: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from irm.cycles.models import Cycle, TACategory
    from irm.findings.imports import import_findings
    from irm.findings.models import Finding
    from irm.parties.models import State
    from irm.reference import load_reference_data
    from irm.reviews.models import Review

    load_reference_data()
    cycle = Cycle.objects.get(number=2)
    states = list(State.objects.all())
    Review.objects.bulk_create([Review(cycle=cycle, state=s, year=1) for s in states], ignore_conflicts=True)
    categories = list(TACategory.objects.filter(cycle=cycle).values_list("code", flat=True))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "findings.csv"
        # Names as people write them (English names), resolved by the NameResolver.
        make_file(
            path, rows, [s.name_en.replace(",", "") for s in states if "," not in s.name_en], categories
        )
        content = path.read_bytes()
        vendor = connection.vendor
        labels = ("first import",) if first_only else ("first import", "re-import (unchanged)")
        for label in labels:
            started = time.perf_counter()
            phases: dict[str, float] = {}

            def progress(
                phase: str,
                done: int,
                total: int,
                _phases: dict[str, float] = phases,
                _started: float = started,
            ) -> None:
                _phases[phase] = time.perf_counter() - _started

            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                result = profiler.runcall(
                    import_findings, actor=None, content=content, filename=path.name, progress=progress
                )
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            elif readers:
                with Readers(readers) as reading:
                    result = import_findings(
                        actor=None, content=content, filename=path.name, progress=progress
                    )
                print(
                    f"{vendor:<10} {label:<22} readers: {readers} threads, {reading.requests} requests, "
                    f"{len(reading.errors)} errors"
                    + (f" (first: {reading.errors[0]})" if reading.errors else ""),
                    flush=True,
                )
            else:
                result = import_findings(actor=None, content=content, filename=path.name, progress=progress)
            seconds = time.perf_counter() - started
            assert result.ok, result.errors[:5]
            print(
                f"{vendor:<10} {label:<22} {rows:>7} rows {seconds:7.1f} s {rows / seconds:9.0f} rows/s "
                f"(created {result.created}, unchanged {result.unchanged}; "
                + ", ".join(f"{k} done at {v:.1f} s" for k, v in phases.items())
                + ")",
                flush=True,
            )
        assert Finding.objects.count() == rows


def run(backend: str, rows: int, readers: int = 0, first_only: bool = False) -> None:
    env = dict(os.environ)
    if backend == "sqlite":
        tmp = tempfile.mkdtemp(prefix="irm-bench-")
        env.pop("DATABASE_URL", None)
        env["IRM_DATA_DIR"] = tmp
    else:
        import psycopg

        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"{PG_BASE}/{PG_DB}"
        env["IRM_DATA_DIR"] = tempfile.mkdtemp(prefix="irm-bench-")
    try:
        subprocess.run(
            [sys.executable, __file__, "--child", "--rows", str(rows), "--readers", str(readers)]
            + (["--first-only"] if first_only else []),
            env=env,
            check=True,
            timeout=1800,
        )
    finally:
        if backend == "postgresql":
            import psycopg

            with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--readers", type=int, default=0, help="threads reading the API during each import")
    parser.add_argument("--first-only", action="store_true", help="the first import only, no re-import")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.readers, args.first_only)
        return
    for backend in [args.only] if args.only else ["sqlite", "postgresql"]:
        run(backend, args.rows, args.readers, args.first_only)


if __name__ == "__main__":
    main()
