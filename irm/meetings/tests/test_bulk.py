"""Bulk registration of delegations and bulk records of credentials (the demo loader, imports of records):
each row checked as the one-by-one services check it; a refusal writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.meetings import services
from irm.meetings.models import (
    Body,
    Credential,
    CredentialStatus,
    Delegation,
    ParticipationKind,
    ParticipationStatus,
)
from irm.parties.models import State

pytestmark = pytest.mark.django_db


def _states(*codes: str) -> list[State]:
    return list(State.objects.filter(iso3__in=codes).order_by("iso3"))


def test_parties_and_observers_are_registered_at_once_with_one_event(session, secretariat):
    events = AuditEvent.objects.count()
    parties = services.register_delegations(
        actor=secretariat, session=session, kind=ParticipationKind.PARTY, states=_states("KEN", "FRA", "BRA")
    )
    igos = services.register_delegations(
        actor=secretariat,
        session=session,
        kind=ParticipationKind.IGO,
        names=["OECD", "INTERPOL"],
        notified_on=session.starts_on - timedelta(days=30),
    )
    assert sorted(d.iso3 for d in parties) == ["BRA", "FRA", "KEN"]
    assert {d.status for d in parties} == {ParticipationStatus.PARTICIPATING}
    assert {d.status for d in igos} == {ParticipationStatus.ADMITTED}  # rule 16: notified in writing
    assert AuditEvent.objects.count() == events + 2


def test_a_delegation_already_registered_refuses_the_whole_batch(session, secretariat):
    services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.PARTY, state=State.objects.get(iso3="KEN")
    )
    count = Delegation.objects.count()
    with pytest.raises(Conflict):
        services.register_delegations(
            actor=secretariat, session=session, kind=ParticipationKind.PARTY, states=_states("FRA", "KEN")
        )
    assert Delegation.objects.count() == count


def test_only_the_secretariat_registers_observers_and_the_irg_admits_no_ngo(session, secretariat, cast):
    with pytest.raises(PermissionDenied):
        services.register_delegations(
            actor=cast["delegate"], session=session, kind=ParticipationKind.IGO, names=["OECD"]
        )
    irg = services.create_session(
        actor=secretariat,
        body=Body.IRG,
        number=98,
        title_en="Ninety-eighth session",
        city="Vienna",
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        opens_at=session.opens_at,
    )
    with pytest.raises(InvalidInput):
        services.register_delegations(
            actor=secretariat, session=irg, kind=ParticipationKind.NGO_OTHER, names=["Open Courts"]
        )
    assert not Delegation.objects.filter(name__in=["OECD", "Open Courts"]).exists()


def test_credentials_are_recorded_with_lateness_and_the_bureaus_decision(session, secretariat):
    made = services.register_delegations(
        actor=secretariat, session=session, kind=ParticipationKind.PARTY, states=_states("KEN", "FRA", "BRA")
    )
    kenya, france, brazil = (next(d for d in made if d.iso3 == code) for code in ("KEN", "FRA", "BRA"))
    due = session.credentials_due_at
    past = due - timedelta(days=40)  # receipts cannot lie in the future: move the whole story back
    records = [
        services.CredentialRecord(
            delegation=kenya, issuer="foreign_minister", submitted_at=past, accepted=True
        ),
        services.CredentialRecord(
            delegation=france, issuer="head_of_state", submitted_at=past, accepted=False
        ),
        services.CredentialRecord(delegation=brazil, issuer="permanent_representative", submitted_at=past),
    ]
    assert services.record_credentials(actor=secretariat, session=session, records=records) == 3
    statuses = dict(Credential.objects.values_list("delegation__state__iso3", "status"))
    assert statuses == {
        "KEN": CredentialStatus.ACCEPTED,
        "FRA": CredentialStatus.NOT_IN_ORDER,
        "BRA": CredentialStatus.SUBMITTED,
    }
    assert not Credential.objects.filter(late=True).exists()


def test_credentials_of_a_state_from_the_eus_authority_are_refused_and_nothing_is_kept(
    session, secretariat, cast
):
    (kenya,) = services.register_delegations(
        actor=secretariat, session=session, kind=ParticipationKind.PARTY, states=_states("KEN")
    )
    at = session.credentials_due_at - timedelta(days=40)
    wrong = services.CredentialRecord(delegation=kenya, issuer="reio_authority", submitted_at=at)
    with pytest.raises(InvalidInput):
        services.record_credentials(actor=secretariat, session=session, records=[wrong])
    right = services.CredentialRecord(delegation=kenya, issuer="foreign_minister", submitted_at=at)
    with pytest.raises(PermissionDenied):
        services.record_credentials(actor=cast["delegate"], session=session, records=[right])
    assert not Credential.objects.exists()
