"""Who sees and does what with draws of lots.

The results of draws (year groups, pairings, seeds, algorithm) are public: anyone may re-run them.
The reason given for a re-draw, and the State's requests for one, are seen by the secretariat and by
the State under review (its focal point and contributors); its focal point files the requests. Only the secretariat runs draws and records volunteers, deferrals and
exclusions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_secretariat, state_ids
from irm.cycles.models import Cycle
from irm.lots.models import Draw, RedrawRequest


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


def can_request_redraw(user: Any, state: Any) -> bool:
    """The focal point of the State under review files its requests; the secretariat records letters."""
    return is_secretariat(user) or state.pk in state_ids(user, Role.FOCAL_POINT)


def redraw_requests_visible_to(user: Any) -> QuerySet[RedrawRequest]:
    """Requests and their reasons: the secretariat, and the State under review (focal point, contributors)."""
    requests = RedrawRequest.objects.select_related("cycle", "state", "draw")
    if is_secretariat(user):
        return requests
    return requests.filter(state_id__in=state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR))


def is_secretariat_user(user: Any) -> bool:
    return is_secretariat(user)


def focal_point_state_ids(user: Any) -> set[int]:
    return state_ids(user, Role.FOCAL_POINT)
