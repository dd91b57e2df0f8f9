"""TOTP secrets: encrypted at rest with a key kept outside the database, and codes accepted once.

The key (`$IRM_DATA_DIR/totp_key`, a Fernet key from the `cryptography` library, 0600) is created on
first use and carried by `irm backup`; a database copied without it holds no usable secret.
"""

from __future__ import annotations

import hmac
import time
from functools import lru_cache

import pyotp
from cryptography.fernet import Fernet, InvalidToken

from irm.core.keys import cached_key, key_path, read_or_create_key

KEY_FILE = "totp_key"
#: Codes of the step before and after the current one are accepted too (clock drift).
DRIFT_STEPS = 1


@cached_key
@lru_cache(maxsize=4)
def _fernet(path: str) -> Fernet:
    return Fernet(read_or_create_key(KEY_FILE, make=lambda: Fernet.generate_key().decode()).encode())


def fernet() -> Fernet:
    return _fernet(str(key_path(KEY_FILE)))


def new_secret() -> str:
    return pyotp.random_base32()


def encrypt_secret(secret: str) -> str:
    return fernet().encrypt(secret.encode()).decode() if secret else ""


def decrypt_secret(stored: str) -> str:
    """The clear secret; '' for none, or when the key that encrypted it is not this one."""
    if not stored:
        return ""
    try:
        return fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        return ""


def clean_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def matching_step(*, secret: str, code: str, after: int = 0, at: float | None = None) -> int | None:
    """The time step whose code is `code` (the current one, or one step either side), provided it is
    later than `after` (the step of the last code accepted): a code seen once is never accepted again."""
    code = clean_code(code)
    if not secret or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(_utc(at))
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_for(secret: str, step: int) -> str:
    """The code of one time step (tests and the browser fixture answer the second step with it)."""
    return pyotp.TOTP(secret).generate_otp(step)


def current_step(secret: str) -> int:
    return pyotp.TOTP(secret).timecode(_utc(None))


def _utc(at: float | None):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(time.time() if at is None else at, tz=UTC)
