"""Who a user is, in the terms every app's `permissions.py` asks about.

This module only answers questions about memberships; the rules of who may see what live in
each app's `permissions.py`, which call these helpers.
"""

from __future__ import annotations

from typing import Any

from irm.accounts.models import Membership, Role


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_irm_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._irm_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, "_irm_memberships"):
        del user._irm_memberships


def roles_of(user: Any) -> set[str]:
    return {m.role for m in _memberships(user)}


def has_role(user: Any, role: str) -> bool:
    return role in roles_of(user)


def is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.SECRETARIAT)


def state_ids(user: Any, *roles: str) -> set[int]:
    """The States for which the user holds any of the given roles."""
    return {m.state_id for m in _memberships(user) if m.role in roles and m.state_id is not None}


def is_public(user: Any) -> bool:
    return not getattr(user, "is_authenticated", False)


def primary_role(user: Any) -> str:
    """The role a dashboard is built for: the most powerful one the user holds."""
    if is_public(user):
        return "public"
    if is_secretariat(user):
        return Role.SECRETARIAT
    order = [Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.EXPERT, Role.DELEGATE, Role.DONOR, Role.OBSERVER]
    held = roles_of(user)
    return next((r.value for r in order if r in held), "none")


def requires_totp(user: Any) -> bool:
    """Whose account must use two-factor authentication: the secretariat's (issue 14 §1), who see
    every State's confidential material. Others may turn it on."""
    return is_secretariat(user)
