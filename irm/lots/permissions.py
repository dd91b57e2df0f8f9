"""Who sees and does what with draws of lots.

The results of draws (year groups, pairings, seeds, algorithm) are public: anyone may re-run them.
The reason given for a re-draw is seen by the secretariat and by the State under review (its focal
point and contributors). Only the secretariat runs draws and records volunteers, deferrals and
exclusions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_secretariat, state_ids
from irm.cycles.models import Cycle
from irm.lots.models import Draw


def visible_to(user: Any) -> QuerySet[Draw]:
    """Draws whose result, seed and algorithm the user may see: all of them."""
    return Draw.objects.all()


def can_view(user: Any, draw: Draw) -> bool:
    return True


def can_view_reason(user: Any, draw: Draw) -> bool:
    if is_secretariat(user):
        return True
    return draw.state_id is not None and draw.state_id in state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)


def can_run_draw(user: Any, cycle: Cycle) -> bool:
    return is_secretariat(user)


def can_record_conditions(user: Any, cycle: Cycle) -> bool:
    return is_secretariat(user)
