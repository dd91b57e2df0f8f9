"""Inserting many rows of one model at once, below the ORM (for the owning app's bulk services).

Why: `bulk_create` builds a model instance and compiles every value of every row through the ORM; for
the demo's 11,814 finding translations and 8,816 confirmed themes that was most of a second each on
the 2-core machine, on the path of `irm serve --demo`'s first page (issue 18 §4). Here each value is
prepared by its field once and the rows go to the database's `executemany`. Rows whose unique key is
taken already are skipped (`ON CONFLICT DO NOTHING`, SQLite and PostgreSQL), as `bulk_create(...,
ignore_conflicts=True)` does. No signals are sent and no ids returned, as with `bulk_create`.

Only the app that defines the model calls this for it (docs/ARCHITECTURE.md "Owners").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model

BATCH = 2000


def insert_new_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT the rows (values in the order of `fields`, attribute names such as `finding_id` or
    `finding`); a row whose unique key exists is skipped. Fields not named get their column's default,
    so name every column that has no default in the database."""
    meta = model._meta
    columns: list[Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, Field) or not field.column:
            raise TypeError(f"{model.__name__}.{name}: not a column")
        columns.append(field)
    quote = connection.ops.quote_name
    # Names from the model's metadata, quoted; the values are parameters.
    names = ", ".join(quote(str(f.column)) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    prepare = [field.get_db_prep_save for field in columns]
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(p(value, connection) for p, value in zip(prepare, row, strict=True)))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
