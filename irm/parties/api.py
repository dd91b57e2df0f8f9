from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from irm.parties import permissions

router = Router()


class StateOut(Schema):
    iso3: str
    name_en: str
    name_zh: str
    regional_group: str
    party_since: str | None = None
    legal_system: str


@router.get("/", response=list[StateOut])
def list_parties(request: HttpRequest):
    return [
        StateOut(
            iso3=s.iso3,
            name_en=s.name_en,
            name_zh=s.name_zh,
            regional_group=s.regional_group,
            party_since=s.party_since.isoformat() if s.party_since else None,
            legal_system=s.legal_system,
        )
        for s in permissions.visible_to(request.user)
    ]
