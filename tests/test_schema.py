"""A fresh database made straight from the models (irm/web/schema.py, what `irm serve --demo` does on a
first start, and how conftest.py makes the test databases) has exactly the schema that replaying the
migrations gives."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection

CHECK = re.compile(r'CONSTRAINT "([^"]+)" CHECK \((.*?)\)(?:,|\)$| CONSTRAINT)')


def schema_of(cursor: Any) -> dict[str, Any]:
    """Tables with their columns, indexes, foreign keys and check constraints (order-free)."""
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    tables = {}
    for name, sql in cursor.fetchall():
        cursor.execute(f'PRAGMA table_info("{name}")')
        columns = {(c[1], c[2], c[3], c[4], c[5]) for c in cursor.fetchall()}
        cursor.execute(f'PRAGMA index_list("{name}")')
        indexes = set()
        for index in cursor.fetchall():
            cursor.execute(f'PRAGMA index_info("{index[1]}")')
            indexes.add((index[2], index[3], tuple(c[2] for c in cursor.fetchall()), index[4]))
        cursor.execute(f'PRAGMA foreign_key_list("{name}")')
        keys = {(k[2], k[3], k[4]) for k in cursor.fetchall()}
        checks = {(n, re.sub(r"\s+", " ", body)) for n, body in CHECK.findall(sql)}
        tables[name] = {"columns": columns, "indexes": indexes, "foreign_keys": keys, "checks": checks}
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    partial = {name: re.sub(r"\s+", " ", sql) for name, sql in cursor.fetchall()}
    return {"tables": tables, "indexes": partial}


def _irm_in(data_dir: Any, *args: str) -> subprocess.CompletedProcess[str]:
    """An `irm` command in a process of its own, on a SQLite database in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "IRM_TESTING"}}
    env["IRM_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "irm", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _read(path: Any) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    database = sqlite3.connect(path)
    try:
        return schema_of(database.cursor()), {
            tuple(r) for r in database.execute("SELECT app, name FROM django_migrations")
        }
    finally:
        database.close()


def _assert_same(made: dict[str, Any], migrated: dict[str, Any]) -> None:
    assert made["tables"].keys() == migrated["tables"].keys()
    for table, parts in migrated["tables"].items():
        assert made["tables"][table] == parts, table
    assert made["indexes"] == migrated["indexes"]


@pytest.mark.django_db
def test_a_fresh_database_made_from_the_models_has_the_migrated_schema(tmp_path):
    """`irm init`'s way (prepare_schema on an empty database) against every migration replayed; and the
    test database, which conftest.py also makes from the models, against both."""
    if connection.vendor != "sqlite":
        pytest.skip("compared on SQLite (the embedded default); the rule does not depend on the database")
    (tmp_path / "made").mkdir()
    (tmp_path / "migrated").mkdir()
    done = _irm_in(
        tmp_path / "made", "shell", "-c", "from irm.web.schema import prepare_schema; print(prepare_schema())"
    )
    assert done.returncode == 0 and "created" in done.stdout, done.stderr
    done = _irm_in(tmp_path / "migrated", "migrate", "--no-input", "-v", "0")
    assert done.returncode == 0, done.stderr
    made, recorded = _read(tmp_path / "made" / "irm.sqlite3")
    migrated, applied = _read(tmp_path / "migrated" / "irm.sqlite3")
    assert recorded == applied
    _assert_same(made, migrated)
    with connection.cursor() as cursor:
        tests = schema_of(cursor)
        cursor.execute("SELECT app, name FROM django_migrations")
        assert {tuple(r) for r in cursor.fetchall()} == applied
    _assert_same(tests, migrated)
