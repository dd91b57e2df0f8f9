from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from irm.core.api_schemas import ErrorOut
from irm.core.exceptions import NotFound
from irm.parties import permissions
from irm.parties.models import State
from irm.parties.names import NameResolver

router = Router()


class StateOut(Schema):
    iso3: str
    name_en: str
    name_zh: str
    name_ar: str
    name_fr: str
    name_ru: str
    name_es: str
    regional_group: str
    party_since: str | None
    legal_system: str

    @staticmethod
    def resolve_party_since(obj: State) -> str | None:
        return obj.party_since.isoformat() if obj.party_since else None


class ResolvedOut(Schema):
    query: str
    state: StateOut


@router.get("/", response=list[StateOut], summary="List the States parties")
def list_parties(request: HttpRequest, region: str | None = None):
    states = permissions.visible_to(request.user)
    if region:
        states = states.filter(regional_group=region.upper())
    return list(states)


@router.get("/resolve", response={200: ResolvedOut, 422: ErrorOut}, summary="Resolve any name of a State")
def resolve_name(request: HttpRequest, name: str):
    """Any common or historical name ("Vietnam", "the Kyrgyz Republic") → the State; 422 with suggestions."""
    return {"query": name, "state": NameResolver(permissions.visible_to(request.user)).resolve(name)}


@router.get("/{iso3}", response={200: StateOut, 404: ErrorOut}, summary="One State party by its ISO3 code")
def get_party(request: HttpRequest, iso3: str):
    state = permissions.visible_to(request.user).filter(iso3=iso3.upper()).first()
    if state is None:
        raise NotFound(f"No State party with the code {iso3!r}.")
    return state
