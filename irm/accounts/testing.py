"""Helpers for tests that log in as a user with two-factor authentication on."""

from __future__ import annotations

import time

from irm.accounts import totp
from irm.accounts.models import User


def next_totp_code(username: str) -> str:
    """A code of the user's authenticator that was not accepted yet (each code works once): the
    current one, else the next one (accepted for clock drift), else wait for the next time step."""
    user = User.objects.get(username=username)
    secret = totp.decrypt_secret(user.totp_secret)
    step = max(totp.current_step(secret), user.totp_last_counter + 1)
    while step > totp.current_step(secret) + totp.DRIFT_STEPS:
        time.sleep(1)
    return totp.code_for(secret, step)


def totp_code(secret: str) -> str:
    """The current code of a secret (to confirm setting two-factor up)."""
    return totp.code_for(secret, totp.current_step(secret))
