"""Whose executive summaries an analysis may be computed from.

The analysis never decides confidentiality itself: it asks `irm.reviews.permissions`. The
secretariat sees figures computed from every completed executive summary; everybody else sees
figures computed only from the summaries they may read (`summaries_visible_to`: for the public,
the published ones).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.roles import is_secretariat
from irm.reviews.models import Review
from irm.reviews.permissions import summaries_visible_to


def review_scope(user: Any) -> QuerySet[Review] | None:
    """The reviews an analysis for this user may count; None means every review (no filter)."""
    if is_secretariat(user):
        return None
    return summaries_visible_to(user)


def sees_unpublished(user: Any) -> bool:
    """Whether the figures shown to this user may include unpublished executive summaries."""
    return is_secretariat(user)


def can_view_analysis(user: Any) -> bool:
    """Every user (the public included) may see the analysis, computed within their scope."""
    return True
