from __future__ import annotations

import pytest

from irm.accounts.models import Membership, Role, User
from irm.cycles.models import Cycle
from irm.parties.models import State


@pytest.fixture
def cycle2(db) -> Cycle:
    return Cycle.objects.get(number=2)


@pytest.fixture
def cycle1(db) -> Cycle:
    return Cycle.objects.get(number=1)


def make_user(username: str, role: str, iso3: str | None = None, password: str | None = None) -> User:
    """A user with this membership (a demo user of the cast is reused); no password hashing unless
    asked (hashing is slow)."""
    user, _ = User.objects.get_or_create(username=username)
    if password:
        user.set_password(password)
        user.save()
    state = State.objects.get(iso3=iso3) if iso3 else None
    Membership.objects.get_or_create(user=user, role=role, state=state)
    return user


@pytest.fixture
def secretariat(db) -> User:
    return make_user("secretariat", Role.SECRETARIAT)


@pytest.fixture
def focal_kenya(db) -> User:
    return make_user("fp-kenya", Role.FOCAL_POINT, "KEN")
