from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from irm.core.api_schemas import Code, ErrorOut, Line
from irm.core.exceptions import NotFound
from irm.parties import permissions
from irm.parties.models import State
from irm.parties.names import NameResolver
from irm.parties.reference import LANGUAGES

router = Router()


class NamesOut(Schema):
    en: str
    zh: str
    ar: str
    fr: str
    ru: str
    es: str


class SourceOut(Schema):
    field: str
    status: str
    source: str


class StateOut(Schema):
    iso3: str
    kind: str
    name_en: str
    name_zh: str
    name_ar: str
    name_fr: str
    name_ru: str
    name_es: str
    names: NamesOut
    formal_names: NamesOut
    regional_group: str
    signature_date: str | None
    party_since: str | None
    instrument: str
    entry_into_force: str | None
    competence_declaration: str
    legal_system: str
    legal_system_components: str
    unverified: list[str]

    @staticmethod
    def resolve_names(obj: State) -> dict[str, str]:
        return {lang: getattr(obj, f"name_{lang}") for lang in LANGUAGES}

    @staticmethod
    def resolve_formal_names(obj: State) -> dict[str, str]:
        return {lang: getattr(obj, f"formal_name_{lang}") for lang in LANGUAGES}

    @staticmethod
    def resolve_signature_date(obj: State) -> str | None:
        return obj.signature_date.isoformat() if obj.signature_date else None

    @staticmethod
    def resolve_party_since(obj: State) -> str | None:
        """The date the instrument of ratification, acceptance, approval or accession was deposited."""
        return obj.party_since.isoformat() if obj.party_since else None

    @staticmethod
    def resolve_entry_into_force(obj: State) -> str | None:
        return obj.entry_into_force.isoformat() if obj.entry_into_force else None

    @staticmethod
    def resolve_unverified(obj: State) -> list[str]:
        return sorted(s.field for s in obj.sources.all() if s.status == "unverified")


class StateDetailOut(StateOut):
    sources: list[SourceOut]

    @staticmethod
    def resolve_sources(obj: State) -> list:
        return list(obj.sources.all())


class ResolvedOut(Schema):
    query: str
    state: StateOut


def _states(request: HttpRequest):
    return permissions.visible_to(request.user).prefetch_related("sources")


@router.get("/", response=list[StateOut], summary="List the parties")
def list_parties(request: HttpRequest, region: Code | None = None):
    """Every party with its names and formal names in the six languages, the date its instrument
    was deposited (`party_since`), the date the Convention entered into force for it, its legal
    system, and the fields no reachable source confirmed (`unverified`)."""
    states = _states(request)
    if region:
        states = states.filter(regional_group=region.upper())
    return list(states)


@router.get("/resolve", response={200: ResolvedOut, 422: ErrorOut}, summary="Resolve any name of a party")
def resolve_name(request: HttpRequest, name: Line):
    """Any short, formal, earlier or common name in any of the six languages ("République française",
    "Российская Федерация", "the Kyrgyz Republic") → the party; 422 with token-based suggestions."""
    return {"query": name, "state": NameResolver(_states(request)).resolve(name[:300])}


@router.get("/{iso3}", response={200: StateDetailOut, 404: ErrorOut}, summary="One party by its ISO3 code")
def get_party(request: HttpRequest, iso3: Code):
    """The party, with the source and status (verified, unverified, corrected) of each value."""
    state = _states(request).filter(iso3=iso3.upper()).first()
    if state is None:
        raise NotFound(f"No State party with the code {iso3!r}.")
    return state
