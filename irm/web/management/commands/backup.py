from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from irm.core.errors import as_command_error
from irm.core.exceptions import InvalidInput
from irm.core.keys import KEY_FILES
from irm.web.backups import Database, write_backup

PASSPHRASE_ENV = "IRM_BACKUP_PASSPHRASE"  # noqa: S105 (the variable's name, not a secret)


def database_target() -> Database:
    """The SQLite file, or the connection settings pg_dump/pg_restore get through their environment."""
    if connection.vendor == "postgresql":
        return dict(connection.settings_dict)
    return str(connection.settings_dict["NAME"])


def add_passphrase_arguments(parser: Any) -> None:
    parser.add_argument(
        "--passphrase-file",
        help=f"read the passphrase of the keys from this file (else ${PASSPHRASE_ENV}, else a prompt)",
    )


def read_passphrase(passphrase_file: str | None, *, confirm: bool) -> str:
    """--passphrase-file, else $IRM_BACKUP_PASSPHRASE, else a prompt (twice when writing)."""
    if passphrase_file:
        try:
            return Path(passphrase_file).read_text().rstrip("\r\n")
        except OSError as error:
            raise CommandError(f"{passphrase_file}: {error.strerror}") from error
    if value := os.environ.get(PASSPHRASE_ENV):
        return value
    if not sys.stdin.isatty():
        raise CommandError(f"give the keys' passphrase with --passphrase-file or ${PASSPHRASE_ENV}")
    value = getpass.getpass("Passphrase for the keys: ")
    if confirm and getpass.getpass("Same passphrase again: ") != value:
        raise CommandError("the two passphrases differ")
    return value


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and the keys (audit key and head, TOTP key, secret key; "
        "encrypted with a passphrase) into one .tar.gz readable by its owner only: `irm backup FILE` "
        "(SQLite: online backup, safe while the platform runs; PostgreSQL: pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. irm-2026-11-23.tar.gz")
        add_passphrase_arguments(parser)

    def handle(self, *args, file: str, passphrase_file: str | None = None, **options):
        target = Path(file).resolve()
        passphrase = read_passphrase(passphrase_file, confirm=True)
        try:
            write_backup(
                target=target,
                vendor=connection.vendor,
                database=database_target(),
                media_root=Path(settings.MEDIA_ROOT),
                key_dir=Path(settings.KEY_DIR),
                key_names=KEY_FILES,
                passphrase=passphrase,
            )
        except InvalidInput as error:
            raise as_command_error(error) from error
        self.stdout.write(self.style.SUCCESS(f"backup written to {target}"))
