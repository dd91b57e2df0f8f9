"""Who sees what of the parties: the list of parties is public."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.parties.models import State


def visible_to(user: Any) -> QuerySet[State]:
    return State.objects.all()


def can_view(user: Any, state: State) -> bool:
    return True
