"""Who sees and changes what of the directory (issue 21 §2).

- Every entry's public fields (the authority, provision, languages, whether electronic requests are
  accepted, procedural requirements, notes) are public.
- Its contact fields (address, phone, e-mail, website) are public only when the entry says so;
  otherwise only the secretariat and signed-in focal points, national contributors, governmental
  experts and delegates of States parties read them — not observers, donors or the public.
- A focal point proposes changes for their own State; the secretariat proposes, approves and rejects
  changes, and imports the directory from a spreadsheet.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_secretariat, state_ids
from irm.directory.models import Entry, Proposal
from irm.parties.models import State

#: The roles (of a State party) whose holders read restricted contacts.
CONTACT_ROLES = (Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.EXPERT, Role.DELEGATE)


def visible_to(user: Any) -> QuerySet[Entry]:
    """Every entry is listed for everybody; `can_view_contacts` says whose contacts show."""
    return Entry.objects.select_related("state", "article")


def can_view_restricted(user: Any) -> bool:
    """Whether the user reads restricted contact fields (of every State)."""
    return is_secretariat(user) or bool(state_ids(user, *CONTACT_ROLES))


def can_view_contacts(user: Any, entry: Entry) -> bool:
    return entry.contacts_public or can_view_restricted(user)


def can_propose(user: Any, state: State) -> bool:
    return is_secretariat(user) or state.pk in state_ids(user, Role.FOCAL_POINT)


def can_decide(user: Any) -> bool:
    """Approve or reject proposals, and import the directory."""
    return is_secretariat(user)


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    """The secretariat sees every proposal; a focal point their own State's."""
    rows = Proposal.objects.select_related("state", "entry", "proposed_by", "decided_by")
    if is_secretariat(user):
        return rows
    return rows.filter(state_id__in=state_ids(user, Role.FOCAL_POINT))


def can_view_proposals(user: Any) -> bool:
    """The proposals page: the secretariat, and focal points (their own State's proposals)."""
    return is_secretariat(user) or bool(state_ids(user, Role.FOCAL_POINT))
