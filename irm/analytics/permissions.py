"""Who sees what of the analytics.

- The process analytics exist in two versions: the secretariat's holds every cell and a per-review
  table; everybody else (the public included) gets the public version, aggregates only, with every
  cell computed from fewer than `settings.ANALYTICS_MIN_CELL` reviews suppressed.
- Proposals for the next phase are the secretariat's working material: only the secretariat sees,
  sets up, changes and compares them (the pages answer 404 to everybody else).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.roles import is_secretariat
from irm.analytics.models import Proposal


def sees_every_cell(user: Any) -> bool:
    """Whether the user gets the secretariat's version of the process analytics."""
    return is_secretariat(user)


def can_manage_proposals(user: Any) -> bool:
    return is_secretariat(user)


def visible_proposals(user: Any) -> QuerySet[Proposal]:
    if not can_manage_proposals(user):
        return Proposal.objects.none()
    return Proposal.objects.all()
