"""The analytics' state changes: the secretariat's proposals for the next phase (stored and audited).

A proposal's settings are checked by the same validator as a proposal file
(`irm.analytics.simulation.validate`), so a stored proposal always runs. Two people editing the same
proposal: the second save is refused (`version`), never silently overwriting the first.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from irm.analytics import permissions, simulation
from irm.analytics.models import Proposal
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied

MAX_PROPOSALS = 200


def _require(actor: Any) -> None:
    if not permissions.can_manage_proposals(actor):
        raise PermissionDenied(_("Only the secretariat sets up proposals."))


def _clean(name: str, description: str, config: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise InvalidInput(_("A proposal needs a name of at most 200 characters."), details={"field": "name"})
    description = (description or "").strip()
    if len(description) > 4000:
        raise InvalidInput(
            _("The description has more than 4,000 characters."), details={"field": "description"}
        )
    proposal = simulation.validate({**config, "name": name}, filename=name)
    return name, description, proposal.to_dict()


@transaction.atomic
def create_proposal(*, actor: Any, name: str, description: str = "", config: dict[str, Any]) -> Proposal:
    _require(actor)
    name, description, stored = _clean(name, description, config)
    if Proposal.objects.count() >= MAX_PROPOSALS:
        raise Conflict(_("There are already %(n)s proposals: delete some first.") % {"n": MAX_PROPOSALS})
    if Proposal.objects.filter(name=name).exists():
        raise Conflict(_("A proposal with this name exists."), details={"field": "name"})
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                name=name, description=description, config=stored, created_by=actor, updated_by=actor
            )
    except IntegrityError:
        raise Conflict(_("A proposal with this name exists."), details={"field": "name"}) from None
    record_event(actor=actor, action="analytics.proposal_created", obj=proposal, after={"config": stored})
    return proposal


@transaction.atomic
def update_proposal(
    *, actor: Any, proposal: Proposal, version: int, name: str, description: str = "", config: dict[str, Any]
) -> Proposal:
    _require(actor)
    name, description, stored = _clean(name, description, config)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.version != version:
        raise Conflict(
            _("Someone else changed this proposal meanwhile: reload it and make your changes again.")
        )
    if Proposal.objects.filter(name=name).exclude(pk=locked.pk).exists():
        raise Conflict(_("A proposal with this name exists."), details={"field": "name"})
    before = {"name": locked.name, "description": locked.description, "config": locked.config}
    locked.name, locked.description, locked.config = name, description, stored
    locked.version += 1
    locked.updated_by = actor
    locked.save(update_fields=["name", "description", "config", "version", "updated_by", "updated_at"])
    record_event(
        actor=actor,
        action="analytics.proposal_changed",
        obj=locked,
        before=before,
        after={"name": name, "description": description, "config": stored},
    )
    return locked


@transaction.atomic
def delete_proposal(*, actor: Any, proposal: Proposal) -> None:
    _require(actor)
    locked = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None:
        return
    record_event(
        actor=actor,
        action="analytics.proposal_deleted",
        obj=locked,
        before={"name": locked.name, "config": locked.config},
    )
    locked.delete()
