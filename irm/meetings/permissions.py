"""Who sees and does what with sessions — in one place.

- Sessions, agendas, the organization of work, public documents, lists of participants and lists
  of speakers are public.
- Restricted documents (DESIGN-SKETCH "IRG/CoSP restricted documents"): delegates, the users of
  a State (focal points, contributors, experts) and the secretariat; an observer only for the
  sessions to which its organization is admitted (rules 14–17: "per rule").
- Briefings for NGOs on the margins of IRG sessions (resolution 4/6): the secretariat and the users
  of States see them all; an observer sees those its organization is invited to; the public none.
- The secretariat manages sessions (agenda, documents, participation, credentials, bureau, lists).
- A delegate acts for the delegation of the State in their DELEGATE membership: delegates,
  credentials, speakers, swaps, videos, draft resolutions, statements, objections.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from irm.accounts.models import Membership, Role
from irm.accounts.roles import has_role, is_public, is_secretariat, state_ids
from irm.meetings.models import (
    Access,
    BriefingInvitation,
    Credential,
    Delegation,
    Document,
    DraftResolution,
    NgoBriefing,
    ParticipationStatus,
    ResolutionStatus,
    Session,
    SpeakerEntry,
    Statement,
)

STATE_USER_ROLES = (Role.DELEGATE, Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.EXPERT)


def visible_to(user: Any) -> QuerySet[Session]:
    """Sessions: public."""
    return Session.objects.all()


def can_manage(user: Any, session: Session | None = None) -> bool:
    """Create and run sessions, record bureau decisions: the secretariat."""
    return is_secretariat(user)


def delegate_state_ids(user: Any) -> set[int]:
    return state_ids(user, Role.DELEGATE)


def can_view_credentials(user: Any) -> bool:
    """The credentials page: the secretariat, and delegates for their own delegation (issue 17 §9)."""
    return can_manage(user) or bool(delegate_state_ids(user))


def can_act_for(user: Any, delegation: Delegation) -> bool:
    """Act on behalf of a delegation: its State's delegates, or the secretariat."""
    if is_secretariat(user):
        return True
    return delegation.state_id is not None and delegation.state_id in delegate_state_ids(user)


def can_act_for_state(user: Any, state_id: int | None) -> bool:
    return is_secretariat(user) or (state_id is not None and state_id in delegate_state_ids(user))


def _observer_session_ids(user: Any) -> set[int]:
    organizations = _observer_organizations(user)
    if not organizations:
        return set()
    return set(
        Delegation.objects.annotate(lname=Lower("name"))
        .filter(lname__in=organizations, status=ParticipationStatus.ADMITTED)
        .values_list("session_id", flat=True)
    )


def sessions_of(user: Any) -> QuerySet[Session]:
    """A person's own sessions (their calendar): every session for the secretariat, those where their
    State has a delegation for a delegate, those their organization is admitted to for an observer."""
    if is_public(user):
        return Session.objects.none()
    if is_secretariat(user):
        return Session.objects.all()
    ids = _observer_session_ids(user) if has_role(user, Role.OBSERVER) else set()
    states = delegate_state_ids(user)
    return Session.objects.filter(Q(pk__in=ids) | Q(delegations__state_id__in=states)).distinct()


def sees_all_restricted(user: Any) -> bool:
    if is_public(user):
        return False
    return is_secretariat(user) or any(has_role(user, role) for role in STATE_USER_ROLES)


def documents_visible_to(user: Any) -> QuerySet[Document]:
    documents = Document.objects.all()
    if sees_all_restricted(user):
        return documents
    if is_public(user) or not has_role(user, Role.OBSERVER):
        return documents.filter(access=Access.PUBLIC)
    return documents.filter(Q(access=Access.PUBLIC) | Q(session_id__in=_observer_session_ids(user)))


def can_view_document(user: Any, document: Document) -> bool:
    return documents_visible_to(user).filter(pk=document.pk).exists()


def _observer_organizations(user: Any) -> list[str]:
    return [
        m.organization.lower()
        for m in Membership.objects.filter(user=user, role=Role.OBSERVER).exclude(organization="")
    ]


def briefings_visible_to(user: Any) -> QuerySet[NgoBriefing]:
    """Briefings for NGOs: all for the secretariat and States' users; invited NGOs their own; else none."""
    if sees_all_restricted(user):
        return NgoBriefing.objects.all()
    if is_public(user) or not has_role(user, Role.OBSERVER):
        return NgoBriefing.objects.none()
    invited = BriefingInvitation.objects.annotate(lname=Lower("organization")).filter(
        lname__in=_observer_organizations(user)
    )
    return NgoBriefing.objects.filter(pk__in=invited.values("briefing_id"))


def credentials_visible_to(user: Any) -> QuerySet[Credential]:
    if is_secretariat(user):
        return Credential.objects.all()
    return Credential.objects.filter(delegation__state_id__in=delegate_state_ids(user))


def delegation_members_visible(user: Any, delegation: Delegation) -> bool:
    """Names and e-mails of a delegation's members: the delegation itself and the secretariat."""
    return can_act_for(user, delegation)


def statements_visible_to(user: Any) -> QuerySet[Statement]:
    if is_secretariat(user):
        return Statement.objects.all()
    return Statement.objects.filter(Q(publish=True) | Q(delegation__state_id__in=delegate_state_ids(user)))


def draft_resolutions_visible_to(user: Any) -> QuerySet[DraftResolution]:
    if sees_all_restricted(user):
        return DraftResolution.objects.all()
    return DraftResolution.objects.filter(status__in=[ResolutionStatus.APPROVED, ResolutionStatus.ADOPTED])


def sees_lateness(user: Any, draft: DraftResolution) -> bool:
    """That a draft came after the deadline is shown to the secretariat and to the submitting delegation."""
    return can_act_for(user, draft.submitted_by)


def can_change_entry(user: Any, entry: SpeakerEntry) -> bool:
    return can_act_for(user, entry.delegation)
