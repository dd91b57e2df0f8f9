"""Who may do what with draws: the role × action matrix in one place."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from irm.accounts.models import Role, User
from irm.lots import permissions
from irm.lots.models import Draw
from irm.lots.tests.conftest import make_user
from irm.parties.models import State

pytestmark = pytest.mark.django_db

#: username → (role, State), and whether they may: run draws, see the reason of Kenya's re-draw,
#: see the reason of France's re-draw.
MATRIX = {
    "secretariat": (Role.SECRETARIAT, None, True, True, True),
    "fp-kenya": (Role.FOCAL_POINT, "KEN", False, True, False),
    "contrib-kenya": (Role.CONTRIBUTOR, "KEN", False, True, False),
    "expert-nzl": (Role.EXPERT, "NZL", False, False, False),
    "delegate": (Role.DELEGATE, "BRA", False, False, False),
    "observer": (Role.OBSERVER, None, False, False, False),
}


def redraw_of(code: str, cycle) -> Draw:
    return Draw(cycle=cycle, kind=Draw.Kind.REDRAW, state=State.objects.get(iso3=code), reason="why")


def test_the_role_matrix_of_the_drawing_of_lots(cycle2):
    kenya, france = redraw_of("KEN", cycle2), redraw_of("FRA", cycle2)
    users: dict[str, User | AnonymousUser] = {
        name: make_user(name, role, iso3) for name, (role, iso3, *_rest) in MATRIX.items()
    }
    users["public"] = AnonymousUser()
    expected = {name: row[2:] for name, row in MATRIX.items()} | {"public": (False, False, False)}
    for name, user in users.items():
        actual = (
            permissions.can_run_draw(user, cycle2),
            permissions.can_view_reason(user, kenya),
            permissions.can_view_reason(user, france),
        )
        assert actual == expected[name], name
        assert permissions.can_record_conditions(user, cycle2) == expected[name][0]
        assert permissions.can_view(user, kenya)  # results and seeds are public
        assert permissions.visible_to(user).count() == Draw.objects.count()
