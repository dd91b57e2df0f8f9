"""Accounts test helpers: a clock the TOTP checks read, fresh codes, and logging in through the pages."""

from __future__ import annotations

import time

import pytest

from irm.accounts import totp
from irm.accounts.models import Membership, Role, User


class Clock:
    """The time the TOTP checks see: tests move it on instead of waiting 30 seconds for a new code."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(totp, "time", fake)
    return fake


def fresh_code(user: User) -> str:
    """A code the user's authenticator shows and that was not accepted yet (each is accepted once):
    the clock moves on to the next time step when this one's code was spent."""
    user.refresh_from_db()
    secret = totp.decrypt_secret(user.totp_secret)
    step = totp.current_step(secret)
    if step <= user.totp_last_counter:
        totp.time.offset += (user.totp_last_counter + 1 - step) * 30  # type: ignore[attr-defined]
        step = totp.current_step(secret)
    return totp.code_for(secret, step)


def password_login(client, username: str, password: str, **extra):
    """Log in through the login page (not the tests' shortcut): the second step is still ahead."""
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


@pytest.fixture
def new_secretariat(db):
    """A secretariat member who has not set up two-factor authentication yet."""
    user = User.objects.create_user("sec-new", "sec-new@example.org", "a-long-secret-phrase-7")
    Membership.objects.create(user=user, role=Role.SECRETARIAT, organization="UNODC")
    return user
