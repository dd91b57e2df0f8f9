from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from irm.accounts.roles import primary_role

router = Router()


class MembershipOut(Schema):
    role: str
    state: str | None
    organization: str


class MeOut(Schema):
    authenticated: bool
    username: str | None
    role: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="Who the API sees you as")
def me(request: HttpRequest):
    user = request.user
    if not user.is_authenticated:
        return {"authenticated": False, "username": None, "role": "public", "memberships": []}
    memberships = [
        {"role": m.role, "state": m.state.iso3 if m.state else None, "organization": m.organization}
        for m in user.memberships.select_related("state")
    ]
    return {
        "authenticated": True,
        "username": user.get_username(),
        "role": primary_role(user),
        "memberships": memberships,
    }
