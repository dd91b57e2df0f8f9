"""Benchmark: import 100,000 findings (`irm import findings`) on SQLite and PostgreSQL scratch databases.

    uv run python benchmarks/import.py [--rows 100000] [--only sqlite|postgresql]

Each database runs in its own subprocess: a fresh scratch database (a temporary SQLite file; the
PostgreSQL database `irm_bench_import` on $BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432,
created and dropped here), migrations, reference data, one review per State in cycle 2, then:
the first import (all rows created), and a re-import of the same file (all rows unchanged).
Prints seconds and rows per second for each.
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
PG_DB = "irm_bench_import"


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


def child(rows: int) -> None:
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
        for label in ("first import", "re-import (unchanged)"):
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


def run(backend: str, rows: int) -> None:
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
            [sys.executable, __file__, "--child", "--rows", str(rows)], env=env, check=True, timeout=900
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
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.rows)
        return
    for backend in [args.only] if args.only else ["sqlite", "postgresql"]:
        run(backend, args.rows)


if __name__ == "__main__":
    main()
