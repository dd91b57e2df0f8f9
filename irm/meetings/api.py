"""JSON API of sessions under /api/v1/meetings/ (domain errors are mapped in irm/api.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from irm.core.api_schemas import Code, ErrorOut, Int, Text
from irm.core.exceptions import NotFound, PermissionDenied
from irm.meetings import permissions, selectors, services
from irm.meetings.models import Delegation, ParticipationKind, Rank, Session, SpeakersList, SwapRequest

router = Router()


class SessionOut(Schema):
    slug: Code
    body: str
    number: int
    resumed_part: int
    title_en: str
    title_zh: str
    city: str
    host_state: str | None
    starts_on: str
    ends_on: str
    opens_at: str
    hybrid: bool
    credentials_due_at: str
    draft_resolution_deadline: str
    agenda_adopted_at: str | None


class AgendaItemOut(Schema):
    label: str
    title_en: str
    title_zh: str


class SlotOut(Schema):
    date: str
    part: str
    starts_at: str
    ends_at: str
    room: str
    interpreted: bool
    items: list[str]


class SessionDetailOut(SessionOut):
    agenda: list[AgendaItemOut]
    organization_of_work: list[SlotOut]
    interpreted_meetings_limit: int | None


class DocumentOut(Schema):
    symbol: str
    title_en: str
    title_zh: str
    kind: str
    access: str
    agenda_item: str | None
    issued_on: str | None
    languages: list[str]


class SpeakerOut(Schema):
    position: int
    entry_id: int
    delegation: str
    iso3: str | None
    speaker: str
    rank: str
    ministerial: bool
    minutes: int
    mode: str
    status: str


class SpeakersListOut(Schema):
    id: int
    agenda_item: str
    opens_at: str
    closes_at: str
    item_closes_at: str | None
    video_deadline: str | None
    speakers: list[SpeakerOut]


class SpeakRequestIn(Schema):
    speaker_name: Annotated[str, Field(max_length=200)]
    rank: Rank
    speaker_function: Annotated[str, Field(max_length=255)] = ""
    on_behalf_of_group: Annotated[str, Field(max_length=12)] = ""


class SwapIn(Schema):
    first_entry_id: Int
    second_entry_id: Int
    confirmation: Text


class ConfirmIn(Schema):
    confirmation: Text


class SwapOut(Schema):
    id: int
    status: str


class RotationOut(Schema):
    president_group: str | None
    rapporteur_group: str | None
    rapporteur_basis: str
    host_practice_president_group: str | None
    host_practice_rapporteur_group: str | None


def _session(request: HttpRequest, slug: Code) -> Session:
    session = permissions.visible_to(request.user).filter(slug=slug).first()
    if session is None:
        raise NotFound("No such session.")
    return session


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _session_out(s: Session) -> dict:
    return {
        "slug": s.slug,
        "body": s.body,
        "number": s.number,
        "resumed_part": s.resumed_part,
        "title_en": s.title_en,
        "title_zh": s.title_zh,
        "city": s.city,
        "host_state": s.host_state.iso3 if s.host_state else None,
        "starts_on": s.starts_on.isoformat(),
        "ends_on": s.ends_on.isoformat(),
        "opens_at": s.opens_at.isoformat(),
        "hybrid": s.hybrid,
        "credentials_due_at": s.credentials_due_at.isoformat(),
        "draft_resolution_deadline": services.draft_resolution_deadline(s).isoformat(),
        "agenda_adopted_at": _iso(s.agenda_adopted_at),
    }


@router.get("/", response=list[SessionOut])
def list_sessions(request: HttpRequest):
    return [_session_out(s) for s in permissions.visible_to(request.user).select_related("host_state")]


@router.get("/{slug}", response={200: SessionDetailOut, 404: ErrorOut})
def get_session(request: HttpRequest, slug: Code):
    s = _session(request, slug)
    work = selectors.organization_of_work(s)
    return {
        **_session_out(s),
        "agenda": [
            {"label": i.label, "title_en": i.title_en, "title_zh": i.title_zh} for i in s.agenda_items.all()
        ],
        "organization_of_work": [
            {
                "date": slot.date.isoformat(),
                "part": slot.part,
                "starts_at": slot.starts_at.isoformat("minutes"),
                "ends_at": slot.ends_at.isoformat("minutes"),
                "room": slot.room,
                "interpreted": slot.interpreted,
                "items": [i.label for i in slot.items.all()],
            }
            for day in work["days"]
            for slot in day.slots
        ],
        "interpreted_meetings_limit": s.interpreted_meetings_limit,
    }


@router.get("/{slug}/documents", response={200: list[DocumentOut], 404: ErrorOut})
def list_documents(request: HttpRequest, slug: Code):
    s = _session(request, slug)
    documents = permissions.documents_visible_to(request.user).filter(session=s).select_related("agenda_item")
    return [
        {
            "symbol": d.symbol,
            "title_en": d.title_en,
            "title_zh": d.title_zh,
            "kind": d.kind,
            "access": d.access,
            "agenda_item": d.agenda_item.label if d.agenda_item else None,
            "issued_on": d.issued_on.isoformat() if d.issued_on else None,
            "languages": [f.language for f in d.files.all()],
        }
        for d in documents.prefetch_related("files")
    ]


def _list(request: HttpRequest, slug: Code, list_id: Int) -> SpeakersList:
    lst = (
        SpeakersList.objects.filter(session=_session(request, slug), pk=list_id)
        .select_related("agenda_item")
        .first()
    )
    if lst is None:
        raise NotFound("No such list of speakers.")
    return lst


@router.get("/{slug}/speakers/{list_id}", response={200: SpeakersListOut, 404: ErrorOut})
def get_speakers(request: HttpRequest, slug: Code, list_id: Int):
    lst = _list(request, slug, list_id)
    return {
        "id": lst.pk,
        "agenda_item": lst.agenda_item.label,
        "opens_at": lst.opens_at.isoformat(),
        "closes_at": lst.closes_at.isoformat(),
        "item_closes_at": _iso(lst.item_closes_at),
        "video_deadline": _iso(lst.video_deadline),
        "speakers": [
            {
                "position": r.position,
                "entry_id": r.entry.pk,
                "delegation": r.delegation,
                "iso3": r.entry.delegation.iso3 or None,
                "speaker": r.entry.speaker_name,
                "rank": r.entry.rank,
                "ministerial": r.entry.ministerial,
                "minutes": r.minutes,
                "mode": r.entry.mode,
                "status": r.entry.status,
            }
            for r in selectors.speakers_rows(lst)
        ],
    }


@router.post(
    "/{slug}/speakers/{list_id}/requests",
    auth=django_auth,
    response={201: SpeakerOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def request_to_speak(request: HttpRequest, slug: Code, list_id: Int, payload: SpeakRequestIn):
    """Inscribe the caller's delegation. 422 `list_not_open` before the window: the request is not kept."""
    lst = _list(request, slug, list_id)
    state_ids = sorted(permissions.delegate_state_ids(request.user))
    if not state_ids:
        raise PermissionDenied("Only delegates inscribe their delegation.")
    delegation = Delegation.objects.filter(session=lst.session, state_id=state_ids[0]).first()
    if delegation is None:
        from irm.parties.models import State

        delegation = services.register_delegation(
            actor=request.user,
            session=lst.session,
            kind=ParticipationKind.PARTY,
            state=State.objects.get(pk=state_ids[0]),
        )
    entry = services.request_to_speak(
        actor=request.user, speakers_list=lst, delegation=delegation, **payload.dict()
    )
    row = next(r for r in selectors.speakers_rows(lst) if r.entry.pk == entry.pk)
    return Status(
        201,
        {
            "position": row.position,
            "entry_id": entry.pk,
            "delegation": row.delegation,
            "iso3": delegation.state.iso3 if delegation.state else None,
            "speaker": entry.speaker_name,
            "rank": entry.rank,
            "ministerial": entry.ministerial,
            "minutes": row.minutes,
            "mode": entry.mode,
            "status": entry.status,
        },
    )


@router.post(
    "/{slug}/speakers/{list_id}/swaps",
    auth=django_auth,
    response={201: SwapOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def propose_swap(request: HttpRequest, slug: Code, list_id: Int, payload: SwapIn):
    """Propose a swap (first entry = the caller's delegation), with its written confirmation."""
    lst = _list(request, slug, list_id)
    first = lst.entries.filter(pk=payload.first_entry_id).first()
    second = lst.entries.filter(pk=payload.second_entry_id).first()
    if first is None or second is None:
        raise NotFound("No such speaker on this list.")
    swap = services.propose_swap(
        actor=request.user, first=first, second=second, confirmation=payload.confirmation
    )
    return Status(201, {"id": swap.pk, "status": swap.status})


@router.post(
    "/{slug}/speakers/{list_id}/swaps/{swap_id}/confirm",
    auth=django_auth,
    response={200: SwapOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def confirm_swap(request: HttpRequest, slug: Code, list_id: Int, swap_id: Int, payload: ConfirmIn):
    lst = _list(request, slug, list_id)
    swap = SwapRequest.objects.filter(speakers_list=lst, pk=swap_id).first()
    if swap is None:
        raise NotFound("No such swap.")
    swap = services.confirm_swap(actor=request.user, swap=swap, confirmation=payload.confirmation)
    return {"id": swap.pk, "status": swap.status}


@router.get("/{slug}/bureau/rotation", response={200: RotationOut, 404: ErrorOut})
def bureau_rotation(request: HttpRequest, slug: Code):
    proposal = selectors.rotation_proposal(_session(request, slug))
    host = proposal["host_practice"]
    return {
        "president_group": proposal["president_group"],
        "rapporteur_group": proposal["rapporteur_group"],
        "rapporteur_basis": proposal["rapporteur_basis"],
        "host_practice_president_group": host["president_group"] if host else None,
        "host_practice_rapporteur_group": host["rapporteur_group"] if host else None,
    }


@router.get(
    "/{slug}/credentials/report", auth=django_auth, response={200: dict, 403: ErrorOut, 404: ErrorOut}
)
def credentials_report(request: HttpRequest, slug: Code):
    """The facts of the bureau's credentials report (secretariat)."""
    session = _session(request, slug)
    if not permissions.can_manage(request.user):
        raise PermissionDenied("Only the secretariat sees the credentials overview.")
    return selectors.credentials_overview(session, as_json=True)
