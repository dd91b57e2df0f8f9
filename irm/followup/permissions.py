"""Who may see the follow-up pages of this app; the follow-up records' own rules are the findings app's."""

from __future__ import annotations

from typing import Any

from irm.accounts.roles import is_secretariat
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review


def can_view_compilations(user: Any) -> bool:
    """The full compilations (every State, published or not): the secretariat. The public version of
    the public record shows only published follow-up."""
    return is_secretariat(user)


def can_view_self_assessment(user: Any, review: Review) -> bool:
    """A review's follow-up section: its confidential circle (the State edits, the experts read)."""
    return review_permissions.can_view_confidential(user, review)
