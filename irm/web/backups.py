"""Backup and restore of the database, the uploaded files and the keys (`irm backup`, `irm restore`).

The archive is created readable by its owner only. The keys of the data directory (audit HMAC key,
audit head file, TOTP encryption key, generated secret key) travel in it as `keys.enc`, encrypted with
a passphrase (scrypt → Fernet, from the `cryptography` library): two-factor logins and
`irm audit verify` work after a restore, and the archive alone opens neither. The PostgreSQL password
reaches pg_dump/pg_restore through a temporary pgpass file, never through their arguments.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from irm.core.exceptions import InvalidInput
from irm.core.keys import write_key_file
from irm.search import facets

KEYS_MEMBER = "keys.enc"
KEYS_FORMAT = "irm-keys-1"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
#: The parts of DATABASES["default"] pg_dump and pg_restore need.
Database = str | Mapping[str, Any]


def _passphrase_key(passphrase: str, salt: bytes, params: Mapping[str, int]) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    return base64.urlsafe_b64encode(kdf.derive(passphrase.encode()))


def seal_keys(*, key_dir: Path, names: tuple[str, ...], passphrase: str) -> bytes:
    """The key files present in key_dir, encrypted with the passphrase."""
    if not passphrase:
        raise InvalidInput("the keys are carried encrypted: give a passphrase that is not empty")
    files = {
        name: base64.b64encode((key_dir / name).read_bytes()).decode()
        for name in names
        if (key_dir / name).is_file()
    }
    salt = os.urandom(16)
    token = Fernet(_passphrase_key(passphrase, salt, SCRYPT)).encrypt(json.dumps(files).encode())
    sealed = {"format": KEYS_FORMAT, "kdf": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()}
    return json.dumps({**sealed, "token": token.decode()}).encode()


def unseal_keys(blob: bytes, *, passphrase: str) -> dict[str, bytes]:
    try:
        sealed = json.loads(blob)
        if sealed["format"] != KEYS_FORMAT:
            raise ValueError(f"unknown format {sealed['format']!r}")
        key = _passphrase_key(passphrase, base64.b64decode(sealed["salt"]), sealed)
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput(f"{KEYS_MEMBER} is not a key file written by irm backup") from error
    try:
        files = json.loads(Fernet(key).decrypt(sealed["token"].encode()))
    except InvalidToken:
        raise InvalidInput("the passphrase does not open the keys of this archive") from None
    return {name: base64.b64decode(content) for name, content in files.items()}


def _pg_environment(database: Mapping[str, Any], work: Path) -> dict[str, str]:
    """libpq's environment for `database`: the password in a pgpass file (0600), not in argv."""
    env = os.environ.copy()
    for var, field in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")]:
        if database.get(field):
            env[var] = str(database[field])
    env.pop("PGPASSWORD", None)
    if password := database.get("PASSWORD"):
        pgpass = work / ".pgpass"
        escaped = str(password).replace("\\", "\\\\").replace(":", "\\:")
        fd = os.open(pgpass, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(f"*:*:*:*:{escaped}\n")
        env["PGPASSFILE"] = str(pgpass)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise InvalidInput(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def _dump_database(work: Path, vendor: str, database: Database) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(str(database))
        dest = sqlite3.connect(work / "irm.sqlite3")
        with dest:
            source.backup(dest)
        source.close()
        dest.close()
    elif vendor == "postgresql":
        if isinstance(database, str):
            raise RuntimeError("expected not isinstance(database, str)")
        with tempfile.TemporaryDirectory(prefix="irm-pg-") as secret_dir:
            env = _pg_environment(database, Path(secret_dir))
            command = [_tool("pg_dump"), "--format=custom", f"--file={work / 'irm.pgdump'}"]
            subprocess.run(command, check=True, env=env)  # noqa: S603 (fixed arguments, no shell)
    else:
        raise InvalidInput(f"no backup method for the {vendor} database")


def write_backup(
    *,
    target: Path,
    vendor: str,
    database: Database,
    media_root: Path,
    key_dir: Path | None = None,
    key_names: tuple[str, ...] = (),
    passphrase: str | None = None,
) -> None:
    """One .tar.gz (mode 0600) with `irm.sqlite3` (online backup API: safe while running) or
    `irm.pgdump`, `media/`, and the key files sealed with `passphrase` (`keys.enc`) when given."""
    with tempfile.TemporaryDirectory(prefix="irm-backup-") as tmp:
        work = Path(tmp)
        _dump_database(work, vendor, database)
        if key_dir is not None and passphrase is not None:
            sealed = seal_keys(key_dir=key_dir, names=key_names, passphrase=passphrase)
            (work / KEYS_MEMBER).write_bytes(sealed)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_TRUNC
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            for item in sorted(work.iterdir()):
                archive.add(item, arcname=item.name)
            if media_root.exists():
                archive.add(media_root, arcname="media")


def _restore_database(work: Path, archive_path: Path, vendor: str, database: Database) -> None:
    if vendor == "sqlite":
        if not (work / "irm.sqlite3").exists():
            raise InvalidInput(f"{archive_path} holds no SQLite database (irm.sqlite3)")
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(work / "irm.sqlite3", str(database))
        os.chmod(str(database), 0o600)
    elif vendor == "postgresql":
        if not (work / "irm.pgdump").exists():
            raise InvalidInput(f"{archive_path} holds no PostgreSQL dump (irm.pgdump)")
        if isinstance(database, str):
            raise RuntimeError("expected not isinstance(database, str)")
        with tempfile.TemporaryDirectory(prefix="irm-pg-") as secret_dir:
            env = _pg_environment(database, Path(secret_dir))
            command = [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={env.get('PGDATABASE', '')}",
                str(work / "irm.pgdump"),
            ]
            subprocess.run(command, check=True, env=env)  # noqa: S603 (fixed arguments, no shell)
    else:
        raise InvalidInput(f"no restore method for the {vendor} database")


def restore_backup(
    *,
    archive_path: Path,
    vendor: str,
    database: Database,
    media_root: Path,
    key_dir: Path | None = None,
    passphrase: str | None = None,
) -> list[str]:
    """Replace the database, the uploaded files and the keys with those of an archive written by
    write_backup. The keys are opened first: a wrong passphrase changes nothing. Returns the names
    of the key files put back."""
    if not archive_path.exists():
        raise InvalidInput(f"{archive_path}: no such file")
    with tempfile.TemporaryDirectory(prefix="irm-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path) as archive:
            archive.extractall(work, filter="data")
        keys: dict[str, bytes] = {}
        if (work / KEYS_MEMBER).exists() and key_dir is not None:
            if passphrase is None:
                raise InvalidInput(f"{archive_path} carries encrypted keys: give its passphrase")
            keys = unseal_keys((work / KEYS_MEMBER).read_bytes(), passphrase=passphrase)
        _restore_database(work, archive_path, vendor, database)
        facets.discard_stored()  # the search's stored arrays describe the database replaced just now
        if (work / "media").exists():
            shutil.rmtree(media_root, ignore_errors=True)
            shutil.copytree(work / "media", media_root)
        if key_dir is not None:
            for name, content in keys.items():
                write_key_file(key_dir, name, content)
    return sorted(keys)
