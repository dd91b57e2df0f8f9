"""Key files kept in the data directory, outside the database: readable by their owner only.

The audit trail's HMAC key and the key that encrypts TOTP secrets live here (`settings.KEY_DIR`,
which is the data directory). Someone who copies or edits the database alone holds neither.
`irm backup` carries them, encrypted with a passphrase (`irm.web.backups`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

#: The files `irm backup` carries (names inside KEY_DIR). The secret key is there only when it was
#: generated (IRM_SECRET_KEY set in the environment is the operator's to keep).
KEY_FILES = ("audit_key", "audit_head", "totp_key", "secret_key")


def key_path(name: str) -> Path:
    return Path(settings.KEY_DIR) / name


def read_or_create_key(name: str, *, make=lambda: secrets.token_hex(32)) -> str:
    """The key in KEY_DIR/name, created 0600 on first use. Two processes starting at once agree on one
    key: the file is created exclusively, and the loser reads the winner's."""
    path = key_path(name)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


#: cache_clear of every per-process cache of a key (a restore replaces the files).
_caches: list = []


def cached_key(function):
    """Register an lru_cache'd key loader so that `forget_cached_keys` empties it."""
    _caches.append(function.cache_clear)
    return function


def forget_cached_keys() -> None:
    for clear in _caches:
        clear()


def write_key_file(key_dir: Path, name: str, content: bytes) -> None:
    """Replace key_dir/name with `content`, owner-only (restore)."""
    path = key_dir / name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{name}.restoring")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(tmp, path)
    forget_cached_keys()
