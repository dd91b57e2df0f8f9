from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from irm.core.errors import as_command_error
from irm.core.exceptions import InvalidInput
from irm.web.backups import restore_backup
from irm.web.management.commands.backup import add_passphrase_arguments, database_target, read_passphrase


class Command(BaseCommand):
    help = (
        "Restore an archive written by `irm backup` (stop the platform first): replaces the database, "
        "the uploaded files and the keys of the data directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        add_passphrase_arguments(parser)

    def handle(self, *args, file: str, yes: bool, passphrase_file: str | None = None, **options):
        if not yes and input(f"Replace the current database with {file}? [y/N] ").strip().lower() != "y":
            raise CommandError("restore cancelled")
        passphrase = read_passphrase(passphrase_file, confirm=False)
        target = database_target()
        connection.close()
        try:
            keys = restore_backup(
                archive_path=Path(file),
                vendor=connection.vendor,
                database=target,
                media_root=Path(settings.MEDIA_ROOT),
                key_dir=Path(settings.KEY_DIR),
                passphrase=passphrase,
            )
        except InvalidInput as error:
            raise as_command_error(error) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"restored from {file} (keys: {', '.join(keys) or 'none in the archive'}); "
                "run `irm migrate` if the archive is older, then `irm audit verify`"
            )
        )
