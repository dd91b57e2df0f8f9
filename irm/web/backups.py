"""Backup and restore of the database and uploaded files (`irm backup`, `irm restore`)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from irm.core.exceptions import InvalidInput


def write_backup(*, target: Path, vendor: str, database: str, media_root: Path) -> None:
    """One .tar.gz with `irm.sqlite3` (online backup API: safe while running) or `irm.pgdump`, and `media/`."""
    with tempfile.TemporaryDirectory(prefix="irm-backup-") as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            source = sqlite3.connect(database)
            dest = sqlite3.connect(work / "irm.sqlite3")
            with dest:
                source.backup(dest)
            source.close()
            dest.close()
        elif vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise InvalidInput("pg_dump is not installed (apt-get install postgresql-client)")
            subprocess.run(
                ["pg_dump", "--format=custom", f"--file={work / 'irm.pgdump'}", database], check=True
            )
        else:
            raise InvalidInput(f"no backup method for the {vendor} database")
        with tarfile.open(target, "w:gz") as archive:
            for item in work.iterdir():
                archive.add(item, arcname=item.name)
            if media_root.exists():
                archive.add(media_root, arcname="media")


def restore_backup(*, archive_path: Path, vendor: str, database: str, media_root: Path) -> None:
    """Replace the database and the uploaded files with those of an archive written by write_backup."""
    if not archive_path.exists():
        raise InvalidInput(f"{archive_path}: no such file")
    with tempfile.TemporaryDirectory(prefix="irm-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path) as archive:
            archive.extractall(work, filter="data")
        if vendor == "sqlite":
            if not (work / "irm.sqlite3").exists():
                raise InvalidInput(f"{archive_path} holds no SQLite database (irm.sqlite3)")
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(work / "irm.sqlite3", database)
        elif vendor == "postgresql":
            if not (work / "irm.pgdump").exists():
                raise InvalidInput(f"{archive_path} holds no PostgreSQL dump (irm.pgdump)")
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "-d",
                    database,
                    str(work / "irm.pgdump"),
                ],
                check=True,
            )
        else:
            raise InvalidInput(f"no restore method for the {vendor} database")
        if (work / "media").exists():
            shutil.rmtree(media_root, ignore_errors=True)
            shutil.copytree(work / "media", media_root)
