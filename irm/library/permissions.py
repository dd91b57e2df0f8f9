"""Who may see, submit and publish library documents.

Published documents are public (the knowledge repository, seed S000 ¶51). A submitted document that
the secretariat has not published yet is seen by the secretariat and by the focal points of its State,
who submitted it; focal points submit only for their own State, and add files to their State's
documents until they are published. Only the secretariat publishes (and takes back a publication).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_public, is_secretariat, state_ids
from irm.library.models import LibraryDocument, Status
from irm.parties.models import State


def visible_to(user: Any) -> QuerySet[LibraryDocument]:
    documents = LibraryDocument.objects.all()
    if is_secretariat(user):
        return documents
    own = state_ids(user, Role.FOCAL_POINT)
    if own:
        return documents.filter(Q(status=Status.PUBLISHED) | Q(state_id__in=own))
    return documents.filter(status=Status.PUBLISHED)


def sees_unpublished(user: Any) -> bool:
    """Whether any unpublished document may be visible to the user (their search reads the restricted
    index, narrowed by `visible_to`); everyone else reads the public index only."""
    return not is_public(user) and (is_secretariat(user) or bool(state_ids(user, Role.FOCAL_POINT)))


def can_view(user: Any, document: LibraryDocument) -> bool:
    return visible_to(user).filter(pk=document.pk).exists()


def submittable_states(user: Any) -> QuerySet[State]:
    """The States the user may submit documents for."""
    if is_secretariat(user):
        return State.objects.all()
    return State.objects.filter(pk__in=state_ids(user, Role.FOCAL_POINT))


def can_submit(user: Any, state: State | None = None) -> bool:
    if is_public(user):
        return False
    if is_secretariat(user):
        return True
    own = state_ids(user, Role.FOCAL_POINT)
    return bool(own) if state is None else state.pk in own


def can_add_file(user: Any, document: LibraryDocument) -> bool:
    if is_secretariat(user):
        return True
    return not document.is_published and can_submit(user, document.state)


def can_publish(user: Any) -> bool:
    return is_secretariat(user)
