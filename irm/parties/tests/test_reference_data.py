"""The reference data files: complete, sourced, loaded by `irm init`, and counted by date (art. 68)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from irm.parties import selectors
from irm.parties.models import PartyKind, State, ValueSource
from irm.parties.reference import CONVENTION_IN_FORCE, LANGUAGES, entry_into_force, read_table
from irm.parties.services import load_reference_parties

pytestmark = pytest.mark.django_db
FILES = ("parties.csv", "names.csv", "ratifications.csv", "legal_systems.csv", "aliases.csv")


def codes() -> set[str]:
    return {row["iso3"] for row in read_table("parties.csv")[1]}


@pytest.mark.parametrize("filename", FILES)
def test_every_data_file_names_its_source_on_its_first_line(filename):
    source, rows = read_table(filename)
    assert len(source) > 40 and rows


@pytest.mark.parametrize("filename", ["names.csv", "ratifications.csv", "legal_systems.csv", "aliases.csv"])
def test_every_value_records_its_source_and_status(filename):
    for row in read_table(filename)[1]:
        assert row["source"].strip(), (filename, row["_row"])
        if "status" in row:
            assert row["status"] in ("verified", "unverified"), (filename, row["_row"])
        assert row["iso3"] in codes(), (filename, row["_row"])


def test_parties_file_is_complete_and_flags_the_european_union():
    rows = read_table("parties.csv")[1]
    assert len(rows) == len(codes()) == 193
    eu = next(r for r in rows if r["iso3"] == "EUU")
    assert (eu["kind"], eu["regional_group"]) == ("reio", "NONE")  # seed S000 para. 8
    assert {r["kind"] for r in rows if r["iso3"] != "EUU"} == {"state"}


def test_names_file_has_short_and_formal_names_in_the_six_languages_for_every_party():
    rows = read_table("names.csv")[1]
    have = Counter((r["iso3"], r["language"], r["kind"]) for r in rows if r["name"].strip())
    for iso3 in codes():
        for lang in LANGUAGES:
            for kind in ("short", "formal"):
                assert have[(iso3, lang, kind)] == 1, (iso3, lang, kind)


def test_ratifications_file_dates_every_party_or_says_by_when_it_is_known_a_party():
    rows = read_table("ratifications.csv")[1]
    values = {(r["iso3"], r["field"]): r["value"] for r in rows}
    for iso3 in codes():
        deposit = values.get((iso3, "deposit"), "")
        if deposit:
            eif = date.fromisoformat(values[(iso3, "entry_into_force")])
            assert eif == entry_into_force(date.fromisoformat(deposit)), iso3  # art. 68
            assert (iso3, "instrument") in values, iso3  # may be empty (unverified, "not known")
        else:
            assert values.get((iso3, "party_by")), iso3


def test_entry_into_force_follows_article_68():
    assert entry_into_force(date(2003, 12, 9)) == CONVENTION_IN_FORCE  # Kenya, an early party
    assert entry_into_force(date(2006, 5, 25)) == date(2006, 6, 24)  # Albania (Tractatenblad 2006)
    assert entry_into_force(date(2017, 7, 11)) == date(2017, 8, 10)  # Japan


def test_legal_systems_file_classifies_every_party():
    rows = read_table("legal_systems.csv")[1]
    assert {r["iso3"] for r in rows if r["legal_system"]} == codes()


def test_party_count_on_given_dates_equals_the_count_from_the_data_file():
    rows = read_table("ratifications.csv")[1]
    eif = {
        r["iso3"]: date.fromisoformat(r["value"])
        for r in rows
        if r["field"] == "entry_into_force" and r["value"]
    }
    by = {r["iso3"]: date.fromisoformat(r["value"]) for r in rows if r["field"] == "party_by" and r["value"]}
    for on in (
        date(2005, 12, 13),
        CONVENTION_IN_FORCE,
        date(2010, 1, 1),
        date(2017, 8, 10),
        date(2022, 11, 7),
    ):
        expected = sum(1 for d in eif.values() if d <= on) + sum(1 for d in by.values() if d <= on)
        assert selectors.party_count_on(on) == expected, on
    assert selectors.party_count_on(date(2005, 12, 13)) == 0  # nobody before the Convention was in force
    assert selectors.party_count_on(date(2030, 1, 1)) == 193


def test_japan_becomes_a_party_on_the_thirtieth_day_after_its_deposit():
    japan = State.objects.get(iso3="JPN")
    assert (japan.party_since, japan.instrument) == (date(2017, 7, 11), "acceptance")
    assert not japan.in_force_on(date(2017, 8, 9)) and japan.in_force_on(date(2017, 8, 10))


def test_a_party_without_a_date_is_not_a_party_before_it_is_known_to_be_one():
    state = State.objects.get(iso3="SUR")
    assert state.entry_into_force is None and state.party_by is not None
    assert not state.in_force_on(date(2022, 11, 7))
    assert "SUR" in set(selectors.without_dates().values_list("iso3", flat=True))


def test_the_european_union_is_flagged_with_its_declaration_of_competence():
    eu = State.objects.get(iso3="EUU")
    assert eu.kind == PartyKind.REIO and eu.is_organization and not eu.has_regional_group
    assert eu.instrument == "approval" and "67" in eu.competence_declaration


def test_every_loaded_value_has_a_source_and_unverified_ones_are_marked():
    counts = selectors.verification_counts()
    assert counts["party_since"]["verified"] >= 30
    assert counts["legal_system"]["unverified"] == 193  # a project classification, said so
    missing = [
        (s.iso3, f)
        for s in State.objects.all()
        for f in ("name_fr", "formal_name_ar", "legal_system")
        if not ValueSource.objects.filter(state=s, field=f).exists()
    ]
    assert missing == []


def test_loading_twice_changes_nothing():
    assert load_reference_parties(actor=None)["updated"] == 0
