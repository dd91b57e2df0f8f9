from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from irm.core.errors import as_command_error
from irm.core.exceptions import InvalidInput
from irm.web.backups import write_backup


def database_target() -> str:
    """The SQLite file, or the PostgreSQL URL for pg_dump/pg_restore."""
    return (
        settings.DATABASE_URL if connection.vendor == "postgresql" else str(connection.settings_dict["NAME"])
    )


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar.gz: `irm backup FILE` "
        "(SQLite: online backup, safe while the platform runs; PostgreSQL: pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. irm-2026-11-23.tar.gz")

    def handle(self, *args, file: str, **options):
        target = Path(file).resolve()
        try:
            write_backup(
                target=target,
                vendor=connection.vendor,
                database=database_target(),
                media_root=Path(settings.MEDIA_ROOT),
            )
        except InvalidInput as error:
            raise as_command_error(error) from error
        self.stdout.write(self.style.SUCCESS(f"backup written to {target}"))
