"""Finance test fixtures: the S000/S004 data set of the demo (irm/demo/data/finance.yaml), loaded
through the finance services, and one user per role."""

from __future__ import annotations

import pytest

from irm.accounts.models import Membership, Role, User
from irm.demo.loader import read_data
from irm.demo.steps.finance import load_dataset
from irm.parties.models import State

ORGANIZATION = read_data("finance")["organization"]


@pytest.fixture
def dataset(db):
    return load_dataset()


#: username → (role, ISO3 or organization): the demo cast, and two donors.
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
def people(cast):
    """One user per role that matters to finance, keyed by username."""
    made = {}
    for username, (role, where) in PEOPLE.items():
        if username in cast:
            made[username] = cast[username]
            continue
        user = User.objects.create(username=username)
        state = State.objects.filter(iso3=where).first() if len(where) == 3 else None
        Membership.objects.create(user=user, role=role, state=state, organization="" if state else where)
        made[username] = user
    return made
