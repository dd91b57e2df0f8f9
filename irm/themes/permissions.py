"""Who may see and decide finding tags.

Confirmed tags are public with their finding (the public record shows them only for published
findings). Suggestions and rejected tags are working material of the secretariat, which decides them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.roles import is_secretariat
from irm.themes.models import FindingTag


def can_decide(user: Any) -> bool:
    return is_secretariat(user)


def suggestions_visible_to(user: Any) -> QuerySet[FindingTag]:
    """Suggestions and decisions: the secretariat only."""
    if not is_secretariat(user):
        return FindingTag.objects.none()
    return FindingTag.objects.all()
