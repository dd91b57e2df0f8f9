"""Reads never fail because of an import (issue 14 §3): while a 2,000-row findings import runs, 4
clients reading the API for its whole duration get 0 errors.

The import parses, resolves, validates and plans the file before its one short write transaction
opens. The check runs `benchmarks/import.py` in a subprocess on a real database — a file-based SQLite
database in WAL mode (the test suite's in-memory database has no WAL), or, when the suite runs on
PostgreSQL, a scratch PostgreSQL database — and reads the readers' error count it prints.

2,000 rows and the first import only (`--first-only`): enough for an import whose write transaction
creates every row while the readers read; the benchmark's sizes (10,000 rows, then a re-import that
changes nothing) measure speed, not this property, and cost several minutes of CPU per run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_four_readers_get_no_error_during_a_two_thousand_row_import():
    env = dict(os.environ)
    backend = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    if backend == "postgresql":
        settings = connection.settings_dict
        env["BENCH_POSTGRES_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        )
        env["BENCH_POSTGRES_DB"] = f"{settings['NAME']}_readers"[:60]
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "import.py"),
            "--rows",
            "2000",
            "--readers",
            "4",
            "--only",
            backend,
            "--first-only",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    readers = re.findall(r"readers: 4 threads, (\d+) requests, (\d+) errors", done.stdout)
    assert len(readers) == 1, done.stdout  # the first import: every row created in its write transaction
    assert all(int(requests) > 0 for requests, _ in readers), done.stdout
    assert [int(errors) for _, errors in readers] == [0], done.stdout
    assert "created 2000" in done.stdout, done.stdout
