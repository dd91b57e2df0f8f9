"""A prepared copy of a freshly loaded demo, so that the next `irm serve --demo` starts in a second.

Loading the demo through the services takes most of a first start (issue 18 §4). After `irm init
--demo` has made a new SQLite database and loaded the demo into it, the database (SQLite's online
backup), the keys its data depend on (the audit key and head file: the chain's HMACs; the TOTP key:
the demo secretariat's second factor) and the uploaded files are copied to a snapshot directory under
the user's cache (`$IRM_DEMO_SNAPSHOTS`, else `$XDG_CACHE_HOME/irm/demo`, else `~/.cache/irm/demo`;
owner-only). The next `irm init --demo` on an empty database in an empty data directory copies them
back instead of loading again.

A snapshot is used only if it was made from exactly the same thing: its name is a hash of every file
of the `irm` package (code, data files, migrations), Django's version and the day (the demo dates
things relative to today). Anything else is loaded as before. Never on PostgreSQL, never on a
database or data directory that already holds something; the secret key is never copied (the web
process that is starting has already read its own).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import django
from django.conf import settings
from django.db import connection
from django.utils import timezone

#: The files of the data directory the demo's rows depend on (see the module's docstring).
KEY_FILES = ("audit_key", "audit_head", "totp_key")
DATABASE_FILE = "irm.sqlite3"
KEEP = 3  # snapshots kept (older ones are removed when a new one is written)


def snapshot_root() -> Path:
    if explicit := os.environ.get("IRM_DEMO_SNAPSHOTS"):
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "irm" / "demo"


def snapshot_key() -> str:
    """A hash of the package's files, Django's version and today's date."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{django.get_version()} {timezone.localdate().isoformat()}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".mo"}:
            digest.update(str(path.relative_to(package)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _usable() -> bool:
    return connection.vendor == "sqlite" and not settings.TESTING


def _fresh_data_dir() -> bool:
    key_dir = Path(settings.KEY_DIR)
    media = Path(settings.MEDIA_ROOT)
    return not any((key_dir / name).exists() for name in KEY_FILES) and not (
        media.exists() and any(media.iterdir())
    )


def restore(key: str) -> bool:
    """Copy the snapshot `key` into the (empty) database and data directory; False if there is none
    or the database or data directory is not empty."""
    source = snapshot_root() / key
    if not _usable() or not (source / "complete").exists() or not _fresh_data_dir():
        return False
    if connection.introspection.table_names():
        return False
    connection.ensure_connection()
    with sqlite3.connect(source / DATABASE_FILE) as snapshot:
        snapshot.backup(connection.connection)
    key_dir = Path(settings.KEY_DIR)
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name in KEY_FILES:
        if (source / name).exists():
            shutil.copyfile(source / name, key_dir / name)
            os.chmod(key_dir / name, 0o600)
    if (source / "media").exists():
        shutil.copytree(source / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    return True


def save(key: str) -> Path | None:
    """Keep a copy of the database and data directory just loaded (SQLite only)."""
    if not _usable():
        return None
    root = snapshot_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(root, 0o700)
    target = root / key
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(mode=0o700)
    connection.ensure_connection()
    with sqlite3.connect(target / DATABASE_FILE) as copy:
        connection.connection.backup(copy)
    os.chmod(target / DATABASE_FILE, 0o600)
    key_dir = Path(settings.KEY_DIR)
    for name in KEY_FILES:
        if (key_dir / name).exists():
            shutil.copyfile(key_dir / name, target / name)
            os.chmod(target / name, 0o600)
    if Path(settings.MEDIA_ROOT).exists():
        shutil.copytree(settings.MEDIA_ROOT, target / "media")
    (target / "complete").touch()
    older = sorted((p for p in root.iterdir() if p.is_dir() and p != target), key=lambda p: p.stat().st_mtime)
    for stale in older[: max(0, len(older) - (KEEP - 1))]:
        shutil.rmtree(stale, ignore_errors=True)
    return target
