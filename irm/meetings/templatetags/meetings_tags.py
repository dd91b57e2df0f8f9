from __future__ import annotations

from typing import Any

from django import template

from irm.meetings import permissions
from irm.meetings.links import is_safe_link

register = template.Library()


@register.filter
def manages_sessions(user: Any) -> bool:
    """`{% if user|manages_sessions %}`: the secretariat's links (the pages check again)."""
    return permissions.can_manage(user)


@register.filter
def sees_credentials(user: Any) -> bool:
    """`{% if user|sees_credentials %}`: the Credentials tab only for those who may open it."""
    return permissions.can_view_credentials(user)


@register.filter
def safe_link(url: str) -> bool:
    """`{% if link.url|safe_link %}`: render a stored link as a link only if it is http(s) or on this site."""
    return is_safe_link(url or "", site_paths=True)
