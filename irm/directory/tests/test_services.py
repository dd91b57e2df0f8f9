"""Proposals, approval, versions and the audit trail of the directory (issue 21 §2)."""

from __future__ import annotations

from datetime import date

import pytest

from irm.core.exceptions import Conflict, PermissionDenied
from irm.core.models import AuditEvent
from irm.directory import services
from irm.directory.models import Entry, Proposal, Version
from irm.directory.tests.factories import entry_data, make_entry
from irm.parties.models import State

pytestmark = pytest.mark.django_db


def test_a_focal_point_proposes_and_the_secretariat_approves_keeping_every_version(cast):
    entry = make_entry(cast["secretariat"])
    kenya = State.objects.get(iso3="KEN")
    proposal = services.propose_change(
        actor=cast["fp-kenya"],
        state=kenya,
        provision="46.13",
        entry=entry,
        data=entry_data(email="central.authority@example.go.ke", languages=["en", "sw"]),
        as_of=date(2025, 3, 1),
    )
    entry.refresh_from_db()
    assert entry.email == "mla@example.go.ke", "a proposal changes nothing until approved"
    services.approve_proposal(actor=cast["secretariat"], proposal=proposal)
    entry.refresh_from_db()
    assert (entry.email, entry.languages, entry.version) == (
        "central.authority@example.go.ke",
        ["en", "sw"],
        2,
    )
    versions = list(Version.objects.filter(entry=entry).order_by("number"))
    assert [v.data["email"] for v in versions] == ["mla@example.go.ke", "central.authority@example.go.ke"]
    assert AuditEvent.objects.filter(action="directory.change_proposed", object_id=str(proposal.pk)).exists()
    approved = AuditEvent.objects.filter(action="directory.change_approved", object_id=str(entry.pk)).latest(
        "seq"
    )
    assert approved.before is not None and approved.after is not None
    assert approved.before["email"] == "mla@example.go.ke"
    assert approved.after["email"] == "central.authority@example.go.ke"


def test_a_focal_point_cannot_propose_for_another_state(cast):
    france = State.objects.get(iso3="FRA")
    with pytest.raises(PermissionDenied):
        services.propose_change(
            actor=cast["fp-kenya"], state=france, provision="46.13", data=entry_data(), as_of=date(2025, 1, 1)
        )
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["fp-kenya", "contrib-kenya", "delegate", "observer"])
def test_only_the_secretariat_approves(cast, who):
    kenya = State.objects.get(iso3="KEN")
    proposal = services.propose_change(
        actor=cast["fp-kenya"], state=kenya, provision="6.3", data=entry_data(), as_of=date(2025, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        services.approve_proposal(actor=cast[who], proposal=proposal)
    assert not Entry.objects.exists()
    assert Proposal.objects.get().status == "pending"


def test_a_rejection_needs_a_reason_and_is_audited(cast):
    kenya = State.objects.get(iso3="KEN")
    proposal = services.propose_change(
        actor=cast["fp-kenya"], state=kenya, provision="6.3", data=entry_data(), as_of=date(2025, 1, 1)
    )
    services.reject_proposal(
        actor=cast["secretariat"], proposal=proposal, reason="Not an authority of art. 6(3)"
    )
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and not Entry.objects.exists()
    assert (
        AuditEvent.objects.get(action="directory.change_rejected").reason == "Not an authority of art. 6(3)"
    )


def test_a_proposal_made_on_an_older_version_is_refused(cast):
    entry = make_entry(cast["secretariat"])
    kenya = State.objects.get(iso3="KEN")
    first = services.propose_change(
        actor=cast["fp-kenya"],
        state=kenya,
        provision="46.13",
        entry=entry,
        data=entry_data(phone="1"),
        as_of=date(2025, 1, 1),
    )
    second = services.propose_change(
        actor=cast["fp-kenya"],
        state=kenya,
        provision="46.13",
        entry=entry,
        data=entry_data(phone="2"),
        as_of=date(2025, 1, 2),
    )
    services.approve_proposal(actor=cast["secretariat"], proposal=second)
    with pytest.raises(Conflict) as raised:
        services.approve_proposal(actor=cast["secretariat"], proposal=first)
    assert raised.value.code == "stale"
    entry.refresh_from_db()
    assert entry.phone == "2"


def test_older_information_never_replaces_newer(cast):
    entry = make_entry(cast["secretariat"], as_of=date(2025, 6, 1))
    kenya = State.objects.get(iso3="KEN")
    with pytest.raises(Conflict) as raised:
        services.propose_change(
            actor=cast["fp-kenya"],
            state=kenya,
            provision="46.13",
            entry=entry,
            data=entry_data(phone="old"),
            as_of=date(2024, 1, 1),
        )
    assert raised.value.code == "directory_newer"
    entry.refresh_from_db()
    assert entry.phone != "old"
