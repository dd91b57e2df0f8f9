"""People created in bulk (the demo's users): memberships checked, existing users kept, a password
hash prepared ahead used only when a configured hasher made it."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from irm.accounts.models import Membership, User
from irm.accounts.services import NewMembership, NewUser, create_users
from irm.core.exceptions import InvalidInput
from irm.parties.models import State

pytestmark = pytest.mark.django_db


def test_new_users_get_their_memberships_and_existing_ones_are_left_as_they_are(cast):
    kenya = State.objects.get(iso3="KEN")
    made = create_users(
        actor=None,
        people=[
            NewUser("fp-kenya", "changed", memberships=[NewMembership("focal_point", kenya)]),
            NewUser("new-expert", "pw-123456", memberships=[NewMembership("expert", kenya)]),
        ],
    )
    assert [u.username for u in made] == ["new-expert"]
    assert Membership.objects.filter(user__username="new-expert", role="expert", state=kenya).exists()
    assert not User.objects.get(username="fp-kenya").check_password("changed")
    assert User.objects.get(username="new-expert").check_password("pw-123456")


def test_a_prepared_hash_is_used_only_if_a_configured_hasher_made_it(db):
    usable = make_password("prepared-pw")  # the tests' hasher
    create_users(
        actor=None,
        people=[
            NewUser("a-user", "prepared-pw", password_hash=usable),
            NewUser("b-user", "plain-pw", password_hash="argon2$unknown$hash"),
        ],
    )
    assert User.objects.get(username="a-user").password == usable
    assert User.objects.get(username="b-user").check_password("plain-pw")


def test_a_role_that_acts_for_a_state_needs_its_state_and_nothing_is_created(db):
    with pytest.raises(InvalidInput):
        create_users(
            actor=None, people=[NewUser("no-state", "pw", memberships=[NewMembership("focal_point")])]
        )
    assert not User.objects.filter(username="no-state").exists()
