"""The public list of pairings (issue 17 §12): sorted on the server by State, reviewers, region or year,
and exported as CSV, XLSX (formula-safe) and JSON in the same order."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from irm.parties.models import State
from tests.factories import review_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairings(db):
    """Kenya (year 2, Africa), Brazil (year 1, Latin America), France (year 3, Western Europe), Mexico
    (year 1, no reviewers yet)."""
    review_with("KEN", year=2, reviewers=("NZL", "FRA"))
    review_with("BRA", year=1, reviewers=("URY", "ARG"))
    review_with("FRA", year=3, reviewers=("DEU", "CHN"))
    review_with("MEX", year=1, reviewers=None)


def _order(text: str, names: list[str]) -> list[str]:
    table = text[text.index('id="pairings"') :]
    return sorted(names, key=lambda name: table.index(f">{name}</a>"))


NAMES = ["Brazil", "France", "Kenya", "Mexico"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("state", ["Brazil", "France", "Kenya", "Mexico"]),
        # By the first reviewing State's name: Argentina … Uruguay; no reviewers yet comes last.
        ("reviewers", ["France", "Kenya", "Brazil", "Mexico"]),
        # African States, Latin American and Caribbean States, Western European and other States.
        ("region", ["Kenya", "Brazil", "Mexico", "France"]),
    ],
)
def test_the_list_is_sorted_on_the_server(client, pairings, sort, expected):
    text = client.get(f"/lots/cycle/2/?sort={sort}").content.decode()
    assert _order(text, NAMES) == expected
    assert f'<a href="?sort={sort}" aria-current="true"' in text
    assert f"pairings.csv?sort={sort}" in text


def test_by_year_the_list_keeps_its_year_groups_and_an_unknown_order_reads_as_by_year(client, pairings):
    for url in ("/lots/cycle/2/", "/lots/cycle/2/?sort=nonsense"):
        text = client.get(url).content.decode()
        assert 'id="pairings"' not in text
        assert text.index("Year 1") < text.index("Brazil") < text.index("Year 2") < text.index("Kenya")
        assert '<a href="?sort=year" aria-current="true"' in text


def test_the_exports_follow_the_order_and_hold_codes_and_names(client, pairings):
    response = client.get("/lots/cycle/2/pairings.json?sort=state")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["cycle"] == 2
    assert [p["state_under_review"] for p in data["pairings"]] == ["BRA", "FRA", "KEN", "MEX"]
    kenya = data["pairings"][2]
    assert kenya["reviewer_1"] == "NZL" and kenya["reviewer_2_name"] == "France" and kenya["year"] == 2
    assert kenya["regional_group"] == "AFRICA" and kenya["regional_group_name"] == "African States"
    assert data["pairings"][3]["reviewer_1"] == ""
    csv = client.get("/lots/cycle/2/pairings.csv?sort=region")
    assert 'filename="irm-pairings-cycle-2.csv"' in csv["Content-Disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("cycle,state_under_review,reviewer_1,reviewer_2,year")
    assert [line.split(",")[1] for line in lines[1:]] == ["KEN", "BRA", "MEX", "FRA"]
    sheet = load_workbook(io.BytesIO(client.get("/lots/cycle/2/pairings.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("cycle", "state_under_review", "reviewer_1", "reviewer_2")
    assert [r[1] for r in rows[1:]] == ["BRA", "MEX", "KEN", "FRA"]  # by year, then name
    assert client.get("/lots/cycle/2/pairings.pdf").status_code == 404
    assert client.get("/lots/cycle/9/pairings.csv").status_code == 404


def test_a_name_that_looks_like_a_formula_is_written_as_text(client, pairings):
    State.objects.filter(iso3="KEN").update(name_en="=HYPERLINK(1)")
    csv = client.get("/lots/cycle/2/pairings.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv
    sheet = load_workbook(io.BytesIO(client.get("/lots/cycle/2/pairings.xlsx").content)).active
    assert "'=HYPERLINK(1)" in [r[5] for r in sheet.iter_rows(values_only=True)]
