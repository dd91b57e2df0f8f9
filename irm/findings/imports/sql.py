"""Writing many findings at once, below the ORM.

Why raw SQL: an import of 100,000 findings with their article and category links spends most of its
time in Django's `bulk_create` (model instances, one parameter list per row, and no ids returned on
SQLite for the through rows to point to). Here the ids are taken first (a sequence on PostgreSQL; on
SQLite the import's transaction holds the write lock, so max + 1… is ours) and the rows go in with
COPY (PostgreSQL) or sqlite3's own `executemany` (a C loop). The findings app is the owner of these
tables; nothing else writes them this way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection

from irm.findings.models import Finding
from irm.findings.signals import findings_written

if TYPE_CHECKING:
    from irm.findings.imports.findings import FindingRow


def _new_ids(table: str, count: int) -> list[int]:
    """Ids for `count` new rows, taken before inserting (the through rows need them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import's transaction holds the write lock, so max + 1… is ours.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
        return list(range(start, start + count))


def _bulk_insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs (COPY on PostgreSQL): the ORM's bulk_create costs more than the database."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # sqlite3's own executemany (a C loop) on the raw connection, inside the same transaction;
        # a larger page cache for this connection keeps the findings' indexes in memory meanwhile.
        cursor.execute("PRAGMA cache_size = -262144")
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})"
        connection.connection.executemany(sql, rows)


def insert_findings(rows: list[FindingRow], *, now: Any, agreed: set[int], user_id: int | None) -> None:
    """Insert new findings with their articles and categories; sets each row's `match_id`."""
    if not rows:
        return
    ids = _new_ids(Finding._meta.db_table, len(rows))
    stamp = connection.ops.adapt_datetimefield_value(now)
    findings = []
    for r, pk in zip(rows, ids, strict=True):
        r.match_id = pk
        findings.append(
            (
                pk,
                r.review_id,
                r.type,
                r.chapter_id,
                r.paragraphs,
                r.text,
                r.language,
                r.primary_id,
                r.answers_id,
                1,
                r.key,
                str(r.origin),
                stamp if r.review_id in agreed else None,
                "",
                user_id,
                stamp,
                stamp,
            )
        )
    _bulk_insert(
        Finding._meta.db_table,
        [
            "id",
            "review_id",
            "type",
            "chapter_id",
            "paragraphs",
            "text",
            "language",
            "primary_category_id",
            "answers_id",
            "version",
            "content_key",
            "origin",
            "frozen_at",
            "follow_up_status",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        findings,
    )
    _bulk_insert(
        Finding.articles.through._meta.db_table,
        ["finding_id", "article_id"],
        [(r.match_id, a) for r in rows for a in r.article_ids],
    )
    _bulk_insert(
        Finding.categories.through._meta.db_table,
        ["finding_id", "tacategory_id"],
        [(r.match_id, c) for r in rows for c in r.category_ids],
    )
    if connection.vendor == "sqlite":
        # keep AUTOINCREMENT's counter in step (SQLite updates it on explicit ids, but be sure)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                [ids[-1], Finding._meta.db_table],
            )
    findings_written.send(
        sender=Finding, review_ids={r.review_id for r in rows}, types={str(r.type) for r in rows}
    )
