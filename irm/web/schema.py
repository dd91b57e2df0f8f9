"""The database schema: `migrate`, or, on a database that has no table yet, the tables made straight
from the models with every migration recorded as applied (what Django's test runner does when it
runs without migrations).

The second way takes under a second where replaying the ~60 migrations of the project and its
libraries takes 5–10: most of `irm serve --demo`'s first start. It gives the same schema
(tests/test_schema.py compares the two), and it skips nothing that matters: on a database with no
table there is no row for a data migration to change, and no migration creates rows of its own —
reference data is loaded by `irm init` (irm/reference.py), never by a migration. Keep it so.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def is_empty(database: str = DEFAULT_DB_ALIAS) -> bool:
    return not connections[database].introspection.table_names()


def create_from_models(database: str = DEFAULT_DB_ALIAS) -> None:
    """Make every table from the models, then record every migration as applied."""
    saved = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    try:
        call_command("migrate", database=database, run_syncdb=True, interactive=False, verbosity=0)
    finally:
        settings.MIGRATION_MODULES = saved
    finish_from_models(database)


def finish_from_models(database: str = DEFAULT_DB_ALIAS) -> None:
    """After the tables are made from the models: record every migration as applied, and make what the
    models do not describe (the search's full-text indexes). Also what the test databases get: the
    tests build theirs from the models too (conftest.py)."""
    connection = connections[database]
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    names: list[tuple[str, str]] = []
    for (app, name), migration in MigrationLoader(connection).graph.nodes.items():
        names += migration.replaces or [(app, name)]
    recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name) for app, name in names])
    # What the models do not describe and migrations make: the full-text indexes of the search.
    from irm.search.ddl import create_text_indexes

    create_text_indexes(connection)


def prepare_schema(database: str = DEFAULT_DB_ALIAS) -> str:
    """Bring the schema up to date; returns "created" (it was empty) or "migrated"."""
    if is_empty(database):
        create_from_models(database)
        return "created"
    call_command("migrate", database=database, interactive=False, verbosity=0)
    return "migrated"
