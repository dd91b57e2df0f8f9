"""What every page of sessions uses: objects fetched through permissions, the user's own delegation, refusals shown as messages or on forms."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from irm.core.errors import refusals_to_messages
from irm.meetings import permissions, services
from irm.meetings.models import Delegation, ParticipationKind, Session, SpeakersList
from irm.parties.models import State


def visible_session(request: HttpRequest, slug: str) -> Session:
    session = permissions.visible_to(request.user).filter(slug=slug).first()
    if session is None:
        raise Http404
    return session


def visible_list(request: HttpRequest, slug: str, pk: int) -> SpeakersList:
    session = visible_session(request, slug)
    lst = SpeakersList.objects.select_related("session", "agenda_item").filter(session=session, pk=pk).first()
    if lst is None:
        raise Http404
    return lst


def own_delegation(request: HttpRequest, session: Session) -> Delegation | None:
    state_ids = permissions.delegate_state_ids(request.user)
    if not state_ids:
        return None
    return Delegation.objects.filter(session=session, state_id__in=state_ids).select_related("state").first()


def own_state(request: HttpRequest) -> State | None:
    state_ids = sorted(permissions.delegate_state_ids(request.user))
    return State.objects.filter(pk=state_ids[0]).first() if state_ids else None


def ensure_own_delegation(request: HttpRequest, session: Session) -> Delegation:
    """A delegate's State takes part as a party; its delegation is registered on first use."""
    delegation = own_delegation(request, session)
    if delegation is None:
        state = own_state(request)
        if state is None:
            raise Http404
        delegation = services.register_delegation(
            actor=request.user, session=session, kind=ParticipationKind.PARTY, state=state
        )
    return delegation


#: A refused operation becomes a message on the page the user came from.
domain_errors = refusals_to_messages("meetings:session-list")
