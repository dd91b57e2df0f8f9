"""Full-text matching on PostgreSQL (tsvector, `simple`) and SQLite (FTS5, `unicode61`).

Both receive the same tokens (irm.search.text) and the same query: every term must match, a term
matches any of its variants, a prefix term any token starting with it. Both therefore return the
same entries; only the relevance order (PostgreSQL's ts_rank, SQLite's bm25) differs.
"""

from __future__ import annotations

from django.db import connection

from irm.search.ddl import fts_table
from irm.search.models import Entry
from irm.search.text import Term


def _fts5_query(terms: list[Term]) -> str:
    groups = []
    for term in terms:
        if term.prefix:
            groups.append(f'"{term.variants[0]}" *')
        else:
            groups.append("(" + " OR ".join(f'"{v}"' for v in term.variants) + ")")
    return " AND ".join(groups)


def _tsquery(terms: list[Term]) -> str:
    groups = []
    for term in terms:
        if term.prefix:
            groups.append(f"'{term.variants[0]}':*")
        else:
            groups.append("(" + " | ".join(f"'{v}'" for v in term.variants) + ")")
    return " & ".join(groups)


def match(index: type[Entry], terms: list[Term], *, ranked: bool = False) -> list[int]:
    """Ids of the entries (all kinds) matching every term; best first when `ranked`, else by id."""
    if not terms:
        return []
    table = index._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            order = "ts_rank(tsv, q) DESC, id" if ranked else "id"
            cursor.execute(
                f"SELECT id FROM {table}, to_tsquery('simple'::regconfig, %s) q "  # noqa: S608 - table is a model's
                f"WHERE tsv @@ q ORDER BY {order}",
                [_tsquery(terms)],
            )
        else:
            fts = fts_table(table)
            order = "rank, rowid" if ranked else "rowid"
            cursor.execute(
                f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY {order}",  # noqa: S608 - table is a model's
                [_fts5_query(terms)],
            )
        return [row[0] for row in cursor.fetchall()]


def match_sql(index: type[Entry], kind: str, terms: list[Term]) -> tuple[str, list[str]]:
    """A subquery (SQL, parameters) giving the `object_id` of the entries of `kind` matching the terms,
    to be used inside the owning app's permission-filtered query (`pk IN (…)`)."""
    table = index._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT object_id FROM {table} "  # noqa: S608 - table is a model's
            "WHERE kind = %s AND tsv @@ to_tsquery('simple'::regconfig, %s)"
        )
        return sql, [kind, _tsquery(terms)]
    fts = fts_table(table)
    sql = (
        f"SELECT object_id FROM {table} WHERE kind = %s AND id IN "  # noqa: S608 - table is a model's
        f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"
    )
    return sql, [kind, _fts5_query(terms)]
