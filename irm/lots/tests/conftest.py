from __future__ import annotations

from typing import cast

import pytest

from irm.accounts.models import Role, User
from irm.cycles.models import Cycle
from tests.factories import UserFactory


@pytest.fixture
def cycle2(db) -> Cycle:
    return Cycle.objects.get(number=2)


@pytest.fixture
def cycle1(db) -> Cycle:
    return Cycle.objects.get(number=1)


def make_user(username: str, role: str, iso3: str | None = None, password: str | None = None) -> User:
    """A user with this membership (a demo user of the cast is reused); no password hashing unless
    asked (hashing is slow)."""
    return cast(User, UserFactory(username=username, password=password, role=role, role__iso3=iso3))


@pytest.fixture
def secretariat(db) -> User:
    return make_user("secretariat", Role.SECRETARIAT)


@pytest.fixture
def focal_kenya(db) -> User:
    return make_user("fp-kenya", Role.FOCAL_POINT, "KEN")
