"""The bureau (rule 22): a president, three vice-presidents and a rapporteur, one per regional group."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.meetings.models import BUREAU_OFFICES, BureauMember, Office, Session
from irm.meetings.services.common import require_manager
from irm.parties.models import RegionalGroup, State


@transaction.atomic
def elect_officer(
    *,
    actor: Any,
    session: Session,
    office: str,
    state: State,
    person_name: str = "",
    elected_on: date | None = None,
    note: str = "",
) -> BureauMember:
    """Rule 22: a president, three vice-presidents and a rapporteur; each regional group represented once."""
    require_manager(actor)
    if office not in Office.values:
        raise InvalidInput(_("Unknown office."))
    group = state.regional_group
    if office in BUREAU_OFFICES:
        if group == RegionalGroup.NONE:
            raise InvalidInput(_("Bureau members represent the five regional groups."))
        taken = BureauMember.objects.select_for_update().filter(session=session, office__in=BUREAU_OFFICES)
        if office in {Office.PRESIDENT, Office.RAPPORTEUR} and taken.filter(office=office).exists():
            raise Conflict(_("That office is filled."))
        if office == Office.VICE_PRESIDENT and taken.filter(office=office).count() >= 3:
            raise Conflict(_("The bureau has three vice-presidents."))
        holder = taken.filter(regional_group=group).first()
        if holder:
            raise Conflict(
                _("%(group)s is already represented on the bureau (%(holder)s).")
                % {"group": RegionalGroup(group).label, "holder": holder.state},
                code="group_represented",
            )
    member = BureauMember.objects.create(
        session=session,
        office=office,
        state=state,
        regional_group=group,
        person_name=person_name,
        elected_on=elected_on,
        note=note,
    )
    record_event(
        actor=actor,
        action="meetings.officer_elected",
        obj=member,
        after={"office": office, "state": state.iso3, "group": group},
    )
    return member


@transaction.atomic
def remove_officer(*, actor: Any, member: BureauMember, reason: str) -> None:
    """Correct a record (or note a resignation): the reason stays in the audit trail."""
    require_manager(actor)
    if not reason.strip():
        raise InvalidInput(_("Say why the officer is removed."), code="reason_required")
    record_event(
        actor=actor,
        action="meetings.officer_removed",
        obj=member,
        before={"office": member.office, "state": member.state.iso3, "person": member.person_name},
        reason=reason.strip(),
    )
    member.delete()
