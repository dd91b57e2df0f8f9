"""The secretariat corrects reference data (audited, kept over reloads); the parties API gives every field."""

from __future__ import annotations

from datetime import date

import pytest

from irm.core.exceptions import InvalidInput
from irm.core.models import AuditEvent
from irm.parties import services
from irm.parties.models import State, ValueSource

pytestmark = pytest.mark.django_db


def test_a_correction_is_audited_recorded_as_such_and_survives_a_reload(cast):
    secretariat = cast["secretariat"]
    niue = State.objects.get(iso3="NIU")
    services.correct_party_value(
        actor=secretariat,
        state=niue,
        field="party_since",
        value="2017-10-03",
        source="Depositary notification C.N.123.2017.TREATIES-XVIII.14",
        reason="completing the date from the depositary",
    )
    niue.refresh_from_db()
    assert niue.party_since == date(2017, 10, 3)
    assert niue.entry_into_force == date(2017, 11, 2)  # art. 68, recomputed
    source = ValueSource.objects.get(state=niue, field="party_since")
    assert source.status == ValueSource.Status.CORRECTED and "C.N.123" in source.source
    event = AuditEvent.objects.filter(action="parties.value_corrected", object_id=str(niue.pk)).latest("seq")
    assert event.after is not None
    assert event.actor == secretariat and event.after["party_since"] == "2017-10-03"
    counts = services.load_reference_parties(actor=None)
    niue.refresh_from_db()
    assert niue.party_since == date(2017, 10, 3) and counts["kept_corrections"] >= 1


def test_a_released_correction_gives_way_to_the_shipped_value_at_the_next_load(cast):
    kenya = State.objects.get(iso3="KEN")
    services.correct_party_value(
        actor=cast["secretariat"], state=kenya, field="name_fr", value="Kenya!", source="x"
    )
    services.release_party_correction(actor=cast["secretariat"], state=kenya, field="name_fr")
    services.load_reference_parties(actor=None)
    kenya.refresh_from_db()
    assert kenya.name_fr == "Kenya"


@pytest.mark.parametrize(
    ("field", "value", "source"),
    [
        ("party_since", "11/07/2017", "UNTC"),
        ("instrument", "signature", "UNTC"),
        ("iso3", "XXX", "UNTC"),
        ("name_en", "Kenya", ""),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(cast, field, value, source):
    kenya = State.objects.get(iso3="KEN")
    before = (kenya.party_since, kenya.instrument, kenya.name_en, AuditEvent.objects.count())
    with pytest.raises(InvalidInput):
        services.correct_party_value(
            actor=cast["secretariat"], state=kenya, field=field, value=value, source=source
        )
    kenya.refresh_from_db()
    assert (kenya.party_since, kenya.instrument, kenya.name_en, AuditEvent.objects.count()) == before


def test_the_command_corrects_and_reports_counts(run_irm):
    out = run_irm(
        "parties", "correct", "TON", "party_since", "2020-02-04", "--source", "depositary notification"
    )
    assert "TON.party_since corrected: 2020-02-04" in out
    assert State.objects.get(iso3="TON").entry_into_force == date(2020, 3, 5)
    assert "193 parties on 2030-01-01" in run_irm("parties", "count", "--on", "2030-01-01")
    assert "party_since" in run_irm("parties", "check")


def test_parties_api_gives_dates_names_formal_names_and_legal_system_for_every_party(client):
    parties = client.get("/api/v1/parties/").json()
    assert len(parties) == 193
    for party in parties:
        assert all(party["names"][lang] for lang in ("en", "zh", "ar", "fr", "ru", "es")), party["iso3"]
        assert all(party["formal_names"][lang] for lang in ("en", "zh", "ar", "fr", "ru", "es")), party[
            "iso3"
        ]
        assert party["legal_system"], party["iso3"]
        assert "party_since" in party and "entry_into_force" in party
    kenya = next(p for p in parties if p["iso3"] == "KEN")
    assert kenya["party_since"] == "2003-12-09" and kenya["entry_into_force"] == "2005-12-14"
    assert kenya["formal_names"]["fr"] == "République du Kenya"
    assert "party_since" in kenya["unverified"]  # not confirmed by a reachable source: said so
    albania = client.get("/api/v1/parties/ALB").json()
    source = next(s for s in albania["sources"] if s["field"] == "party_since")
    assert source["status"] == "verified" and "Treaty Collection" in source["source"]
