"""Who reads the directory's restricted contacts (issue 21 §2); the full role table is in
tests/test_permission_matrix.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from irm.directory import permissions, selectors
from irm.directory.tests.factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("secretariat", True),
        ("fp-kenya", True),
        ("contrib-kenya", True),
        ("expert-nzl", True),
        ("delegate", True),
        ("observer", False),
        ("donor-norway", False),
    ],
)
def test_restricted_contacts_are_for_the_mechanisms_people_only(cast, who, sees):
    entry = make_entry(cast["secretariat"], contacts_public=False)
    shown = selectors.item(cast[who], entry)
    assert permissions.can_view_contacts(cast[who], entry) is sees
    assert (shown["email"] == "mla@example.go.ke") is sees
    assert (shown["phone"] is None) is not sees
    assert shown["authority"] == "Office of the Attorney General", "the public fields show to everybody"


def test_the_public_never_reads_restricted_contacts_but_reads_public_ones(cast):
    restricted = make_entry(cast["secretariat"], contacts_public=False)
    public = make_entry(
        cast["secretariat"], provision="6.3", contacts_public=True, email="prevention@example.go.ke"
    )
    anonymous = AnonymousUser()
    assert selectors.item(anonymous, restricted)["email"] is None
    assert selectors.item(anonymous, public)["email"] == "prevention@example.go.ke"


def test_an_earlier_restricted_version_stays_restricted(cast):
    entry = make_entry(cast["secretariat"], contacts_public=False)
    version = entry.versions.get()
    assert selectors.version_data(AnonymousUser(), version.data)["email"] is None
    assert selectors.version_data(cast["fp-france"], version.data)["email"] == "mla@example.go.ke"
