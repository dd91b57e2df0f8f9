from __future__ import annotations

from typing import Any

from django import template

from irm.meetings import permissions

register = template.Library()


@register.filter
def manages_sessions(user: Any) -> bool:
    """`{% if user|manages_sessions %}`: the secretariat's links (the pages check again)."""
    return permissions.can_manage(user)
