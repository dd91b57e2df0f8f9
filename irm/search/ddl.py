"""The database-specific full-text index of an entry table, as a reversible migration operation.

PostgreSQL: a stored generated column `tsv = to_tsvector('simple', tokens)` and a GIN index on it.
SQLite: an external-content FTS5 table `<table>_fts(tokens)` with the `unicode61` tokenizer (no
diacritics removal: the tokens are already folded) and three triggers that keep it in step with
the entry table, so that every insert, update and delete through the ORM is indexed.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def fts_table(table: str) -> str:
    return f"{table}_fts"


def _sqlite_create(table: str) -> list[str]:
    # The table names come from the migration (a model's table), never from input.
    fts = fts_table(table)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(tokens, content='{table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}(rowid, tokens) VALUES (new.id, new.tokens); END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}({fts}, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF tokens ON {table} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}({fts}, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
        f"INSERT INTO {fts}(rowid, tokens) VALUES (new.id, new.tokens); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_ai",
        f"DROP TRIGGER IF EXISTS {table}_ad",
        f"DROP TRIGGER IF EXISTS {table}_au",
        f"DROP TABLE IF EXISTS {fts_table(table)}",
    ]


def _postgresql_create(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
        f"CREATE INDEX {table}_tsv_idx ON {table} USING GIN (tsv)",
    ]


def _postgresql_drop(table: str) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_tsv_idx", f"ALTER TABLE {table} DROP COLUMN IF EXISTS tsv"]


STATEMENTS = {
    "sqlite": (_sqlite_create, _sqlite_drop),
    "postgresql": (_postgresql_create, _postgresql_drop),
}


class CreateTextIndex(migrations.operations.base.Operation):
    """Add the full-text index of an entry table (the model's table name)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str) -> None:
        self.table = table

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the index is invisible to the ORM

    def _run(self, schema_editor: Any, which: int) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            raise NotImplementedError(f"No full-text index for the {vendor} database.")
        for statement in STATEMENTS[vendor][which](self.table):
            schema_editor.execute(statement)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._run(schema_editor, 0)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._run(schema_editor, 1)

    def describe(self) -> str:
        return f"Create the full-text index of {self.table}"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (f"{self.__class__.__module__}.{self.__class__.__name__}", [self.table], {})


#: The entry tables that have a full-text index (migration 0002 makes them).
TEXT_INDEXED_TABLES = ("search_publicentry", "search_restrictedentry")


def create_text_indexes(connection: Any) -> None:
    """Make the full-text indexes on a schema made straight from the models (irm/web/schema.py), as
    migration 0002 would: the models do not describe them."""
    with connection.schema_editor() as editor:
        for table in TEXT_INDEXED_TABLES:
            for statement in STATEMENTS[connection.vendor][0](table):
                editor.execute(statement)
