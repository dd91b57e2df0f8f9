"""Participation: delegations of parties, observers and their admission (rules 14-17 of the Conference,
resolution 4/5 for the Implementation Review Group), delegates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied, TooLong
from irm.meetings import permissions
from irm.meetings.models import (
    NGO_KINDS,
    STATE_KINDS,
    Body,
    Delegate,
    DelegateRole,
    Delegation,
    Objection,
    ParticipationKind,
    ParticipationStatus,
    Rank,
    Session,
    admits,
)
from irm.meetings.services.common import require_acts_for, require_manager, user_of
from irm.parties.models import State


def _initial_status(kind: str, notified_on: date | None) -> str:
    if kind == ParticipationKind.PARTY:
        return ParticipationStatus.PARTICIPATING
    if kind in {ParticipationKind.SIGNATORY, ParticipationKind.UN_BODY, ParticipationKind.IGO}:
        # Rules 14 and 16: entitled on prior written notification to the Secretary-General.
        return ParticipationStatus.ADMITTED if notified_on else ParticipationStatus.PENDING
    if kind in {ParticipationKind.NON_SIGNATORY, ParticipationKind.NGO_ECOSOC}:
        return ParticipationStatus.APPLIED  # rules 15, 17: apply to the bureau
    return ParticipationStatus.LISTED  # rule 17, other NGOs: listed and circulated


def require_admitted_kind(session: Session, kind: str) -> None:
    """Each body admits its own observers (issue 16 §7): the refusal names the rule."""
    if admits(session.body, kind):
        return
    if session.body == Body.IRG and kind in NGO_KINDS:
        raise InvalidInput(
            _(
                "The Implementation Review Group does not admit non-governmental organizations as "
                "observers: rule 2 of resolution 4/5 opens its sessions to intergovernmental organizations "
                "and United Nations entities. Resolution 4/6 provides briefings for non-governmental "
                "organizations on the margins of its sessions instead."
            ),
            code="observer_not_admitted",
        )
    raise InvalidInput(
        _("%(body)s does not admit this kind of observer.") % {"body": session.get_body_display()},
        code="observer_not_admitted",
    )


def _check_registration(actor: Any, session: Session, kind: str, state: State | None, name: str) -> None:
    if kind not in ParticipationKind.values:
        raise InvalidInput(_("Unknown kind of participant."))
    if kind == ParticipationKind.PARTY:
        if state is None:
            raise InvalidInput(_("A party's delegation names its State."))
        if not permissions.can_act_for_state(actor, state.pk):
            raise PermissionDenied(_("You may register only your own State's delegation."))
        return
    require_manager(actor)
    require_admitted_kind(session, kind)
    if kind in STATE_KINDS and state is not None:
        raise InvalidInput(_("States parties register as parties; give the name of a non-party State."))
    if not name.strip():
        raise InvalidInput(_("Give the name of the State or organization."))
    if len(name.strip()) > 255:
        raise TooLong(_("The name is limited to 255 characters."))


@transaction.atomic
def register_delegation(
    *,
    actor: Any,
    session: Session,
    kind: str,
    state: State | None = None,
    name: str = "",
    notified_on: date | None = None,
    applied_on: date | None = None,
) -> Delegation:
    """A party's delegation, or an observer the body admits (rules 14-17; resolution 4/5 for the IRG)."""
    _check_registration(actor, session, kind, state, name)
    existing = (
        Delegation.objects.filter(session=session, state=state).first()
        if state
        else Delegation.objects.filter(session=session, state__isnull=True, name__iexact=name.strip()).first()
    )
    if existing:
        raise Conflict(_("%(who)s is already registered for this session.") % {"who": existing.display_name})
    delegation = Delegation.objects.create(
        session=session,
        kind=kind,
        state=state,
        name=name.strip(),
        status=_initial_status(kind, notified_on),
        notified_on=notified_on,
        applied_on=applied_on,
    )
    record_event(
        actor=actor,
        action="meetings.delegation_registered",
        obj=delegation,
        after={"kind": kind, "status": delegation.status},
    )
    return delegation


#: Delegations one bulk registration may create.
MAX_BULK_DELEGATIONS = 1000


@transaction.atomic
def register_delegations(
    *,
    actor: Any,
    session: Session,
    kind: str,
    states: Sequence[State] = (),
    names: Sequence[str] = (),
    notified_on: date | None = None,
) -> list[Delegation]:
    """Many delegations of one kind at once (the parties of a session, its observers): each checked
    as `register_delegation` checks it, written in one insert, with one audit event."""
    if len(states) + len(names) > MAX_BULK_DELEGATIONS:
        raise InvalidInput(_("At most %(n)s delegations at a time.") % {"n": MAX_BULK_DELEGATIONS})
    for state in states:
        _check_registration(actor, session, kind, state, "")
    for name in names:
        _check_registration(actor, session, kind, None, name)
    taken = Delegation.objects.filter(session=session)
    if taken.filter(state__in=states).exists() or any(
        taken.filter(state__isnull=True, name__iexact=n.strip()).exists() for n in names
    ):
        raise Conflict(_("Some of these delegations are already registered for this session."))
    status = _initial_status(kind, notified_on)
    rows = [
        Delegation(session=session, kind=kind, state=s, status=status, notified_on=notified_on)
        for s in states
    ]
    rows += [
        Delegation(session=session, kind=kind, name=n.strip(), status=status, notified_on=notified_on)
        for n in names
    ]
    made = Delegation.objects.bulk_create(rows)
    if made:
        record_event(
            actor=actor,
            action="meetings.delegations_registered",
            obj=session,
            after={"kind": kind, "status": status, "delegations": [d.iso3 or d.name for d in made]},
        )
    return made


@transaction.atomic
def record_written_notification(*, actor: Any, delegation: Delegation, on: date) -> Delegation:
    """Rules 14 and 16: a signatory, a UN entity or an IGO notified the Secretary-General in writing."""
    require_manager(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind not in {ParticipationKind.SIGNATORY, ParticipationKind.UN_BODY, ParticipationKind.IGO}:
        raise InvalidInput(
            _("Written notification admits signatories, UN entities and IGOs only (rules 14, 16).")
        )
    before = delegation.status
    delegation.notified_on = on
    delegation.status = ParticipationStatus.ADMITTED
    delegation.save(update_fields=["notified_on", "status", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.notification_recorded",
        obj=delegation,
        before={"status": before},
        after={"status": delegation.status},
    )
    return delegation


@transaction.atomic
def grant_observer_status(*, actor: Any, delegation: Delegation, on: date | None = None) -> Delegation:
    """The bureau grants observer status to a non-signatory State or an ECOSOC NGO (rules 15, 17)."""
    require_manager(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind not in {ParticipationKind.NON_SIGNATORY, ParticipationKind.NGO_ECOSOC}:
        raise InvalidInput(
            _("Other NGOs are admitted after circulation of the list, unless a party objects (rule 17).")
        )
    if delegation.status != ParticipationStatus.APPLIED:
        raise Conflict(_("There is no pending application."))
    delegation.status = ParticipationStatus.ADMITTED
    delegation.decided_on = on or timezone.localdate()
    delegation.save(update_fields=["status", "decided_on", "updated_at"])
    record_event(actor=actor, action="meetings.observer_admitted", obj=delegation, after={"by": "bureau"})
    return delegation


@transaction.atomic
def circulate_ngo_list(*, actor: Any, session: Session, on: date) -> int:
    """Rule 17: the list of other NGOs is circulated at least 30 days before the session."""
    require_manager(actor)
    require_admitted_kind(session, ParticipationKind.NGO_OTHER)
    latest = session.starts_on - timedelta(days=30)
    if on > latest:
        raise InvalidInput(
            _("The list must be circulated at least 30 days before the session, i.e. by %(d)s.")
            % {"d": latest.isoformat()},
            code="circulation_too_late",
        )
    listed = Delegation.objects.select_for_update().filter(
        session=session, kind=ParticipationKind.NGO_OTHER, status=ParticipationStatus.LISTED
    )
    names = list(listed.values_list("name", flat=True))
    listed.update(status=ParticipationStatus.CIRCULATED, circulated_on=on, updated_at=timezone.now())
    record_event(
        actor=actor, action="meetings.ngo_list_circulated", obj=session, after={"on": on, "ngos": names}
    )
    return len(names)


@transaction.atomic
def object_to_observer(
    *,
    actor: Any,
    delegation: Delegation,
    objecting_state: State,
    reason: str = "",
    at: datetime | None = None,
) -> Objection:
    """A party objects to an NGO on the circulated list: the question goes to the Conference."""
    if not permissions.can_act_for_state(actor, objecting_state.pk):
        raise PermissionDenied(_("You may object only on behalf of your own State."))
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind != ParticipationKind.NGO_OTHER or delegation.status not in {
        ParticipationStatus.CIRCULATED,
        ParticipationStatus.REFERRED,
    }:
        raise Conflict(_("Objections concern NGOs on the circulated list that are not yet admitted."))
    if Objection.objects.filter(delegation=delegation, objecting_state=objecting_state).exists():
        raise Conflict(_("Your State has already objected."))
    objection = Objection.objects.create(
        delegation=delegation,
        objecting_state=objecting_state,
        reason=reason,
        raised_at=at or timezone.now(),
        raised_by=user_of(actor),
    )
    delegation.status = ParticipationStatus.REFERRED
    delegation.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.observer_objection",
        obj=delegation,
        after={"state": objecting_state.iso3},
        reason=reason,
    )
    return objection


@transaction.atomic
def settle_ngo_admissions(*, actor: Any, session: Session, on: date | None = None) -> int:
    """NGOs on the circulated list with no objection are admitted (rule 17)."""
    require_manager(actor)
    require_admitted_kind(session, ParticipationKind.NGO_OTHER)
    pending = Delegation.objects.select_for_update().filter(
        session=session, kind=ParticipationKind.NGO_OTHER, status=ParticipationStatus.CIRCULATED
    )
    names = list(pending.values_list("name", flat=True))
    pending.update(
        status=ParticipationStatus.ADMITTED, decided_on=on or timezone.localdate(), updated_at=timezone.now()
    )
    record_event(actor=actor, action="meetings.ngos_admitted", obj=session, after={"ngos": names})
    return len(names)


@transaction.atomic
def record_conference_decision(
    *, actor: Any, delegation: Delegation, admitted: bool, note: str = ""
) -> Delegation:
    """The Conference decides on an application that was objected to, or decides otherwise (rules 15, 17)."""
    require_manager(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.kind == ParticipationKind.PARTY:
        raise InvalidInput(_("Parties take part as of right."))
    before = delegation.status
    delegation.status = ParticipationStatus.ADMITTED if admitted else ParticipationStatus.REFUSED
    delegation.decided_on = timezone.localdate()
    delegation.decision_note = note
    delegation.save(update_fields=["status", "decided_on", "decision_note", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.conference_decided",
        obj=delegation,
        before={"status": before},
        after={"status": delegation.status},
        reason=note,
    )
    return delegation


@transaction.atomic
def register_delegate(
    *,
    actor: Any,
    delegation: Delegation,
    full_name: str,
    role: str = DelegateRole.REPRESENTATIVE,
    rank: str = Rank.OFFICIAL,
    function: str = "",
    email: str = "",
    attends_online: bool = False,
) -> Delegate:
    require_acts_for(actor, delegation)
    if not full_name.strip():
        raise InvalidInput(_("Give the delegate's name."))
    if role not in DelegateRole.values or rank not in Rank.values:
        raise InvalidInput(_("Unknown role or rank."))
    if (
        role == DelegateRole.HEAD
        and Delegate.objects.filter(delegation=delegation, role=DelegateRole.HEAD).exists()
    ):
        raise Conflict(_("The delegation already has a head."))
    delegate = Delegate.objects.create(
        delegation=delegation,
        full_name=full_name.strip(),
        role=role,
        rank=rank,
        function=function,
        email=email,
        attends_online=attends_online,
        registered_by=user_of(actor),
    )
    record_event(
        actor=actor,
        action="meetings.delegate_registered",
        obj=delegation,
        after={"delegate": delegate.pk, "role": role, "rank": rank},
    )
    return delegate
