"""Finance test fixtures: the S000/S004 data set, loaded through the services."""

from __future__ import annotations

import pytest

from irm.accounts.models import Membership, Role, User
from irm.finance.fixtures import ORGANIZATION, load_dataset
from irm.parties.models import State


@pytest.fixture
def dataset(db):
    return load_dataset()


#: username → (role, ISO3 or organization); like the demo cast, without password hashing (fast).
PEOPLE = {
    "secretariat": (Role.SECRETARIAT, ""),
    "fp-kenya": (Role.FOCAL_POINT, "KEN"),
    "contrib-kenya": (Role.CONTRIBUTOR, "KEN"),
    "expert-nzl": (Role.EXPERT, "NZL"),
    "delegate": (Role.DELEGATE, "BRA"),
    "observer": (Role.OBSERVER, "Transparency NGO"),
    "donor-nor": (Role.DONOR, "NOR"),
    "donor-org": (Role.DONOR, ORGANIZATION),
}


@pytest.fixture
def people(db):
    """One user per role that matters to finance, keyed by username."""
    made = {}
    for username, (role, where) in PEOPLE.items():
        user = User.objects.create(username=username)
        state = State.objects.filter(iso3=where).first() if len(where) == 3 else None
        Membership.objects.create(user=user, role=role, state=state, organization="" if state else where)
        made[username] = user
    return made
