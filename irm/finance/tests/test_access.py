"""Who sees what of the money: the role × object × action matrix, on the pages and the API."""

from __future__ import annotations

import json

import pytest

from irm.finance.models import Contribution, Donor
from irm.finance.tests.conftest import ORGANIZATION

STATE_USERS = ["fp-kenya", "contrib-kenya", "expert-nzl", "delegate"]
EVERYONE = ["public", "observer", *STATE_USERS, "donor-nor", "donor-org", "secretariat"]


def _client(client, people, who):
    client.logout()
    if who != "public":
        client.force_login(people[who])
    return client


def test_access_matrix(client, people, dataset):
    nor = Donor.objects.get(state__iso3="NOR")
    org = Donor.objects.get(organization=ORGANIZATION)
    nor_contribution = Contribution.objects.filter(donor=nor)[0]
    org_contribution = Contribution.objects.filter(donor=org)[0]
    reports = {"secretariat", *STATE_USERS, "donor-nor"}
    pages = {
        "/finance/?as_of=2022-09-30": reports,
        "/finance/charts/spending.svg?as_of=2022-09-30": reports,
        "/finance/report.json?as_of=2022-09-30": reports,
        "/finance/report.docx?as_of=2022-09-30&lang=zh": reports,
        f"/finance/donors/{nor.pk}/": {"secretariat", "donor-nor"},
        f"/finance/donors/{org.pk}/": {"secretariat", "donor-org"},
        f"/finance/contributions/{nor_contribution.reference}/": {"secretariat", "donor-nor"},
        f"/finance/contributions/{org_contribution.reference}/": {"secretariat", "donor-org"},
        "/finance/record/contribution/": {"secretariat"},
        "/finance/donors/": {"secretariat", "donor-nor", "donor-org"},
        "/api/v1/finance/report?as_of=2022-09-30": reports,
        f"/api/v1/finance/donors/{nor.pk}": {"secretariat", "donor-nor"},
        "/api/v1/finance/contributions": {"secretariat", "donor-nor", "donor-org"},
    }
    #: Rendering these is slow; they share the overview's rule, so one allowed role is enough.
    heavy = ("/finance/charts/", "/finance/report.")
    problems = []
    for url, allowed in pages.items():
        for who in EVERYONE:
            if url.startswith(heavy) and who in allowed and who != "delegate":
                continue
            response = _client(client, people, who).get(url)
            expected = 200 if who in allowed else 404
            if url.startswith("/finance/?") and who == "donor-org":
                expected = 302  # an organization's donor lands on its own contributions
            if response.status_code != expected:
                problems.append(f"{who} GET {url}: {response.status_code}, expected {expected}")
    assert problems == []


def test_an_organizations_donor_is_sent_to_its_own_contributions(client, people, dataset):
    org = Donor.objects.get(organization=ORGANIZATION)
    response = _client(client, people, "donor-org").get("/finance/")
    assert response.status_code == 302 and response.url == f"/finance/donors/{org.pk}/"


def test_a_donor_sees_only_its_own_contributions_in_the_api(client, people, dataset):
    rows = _client(client, people, "donor-nor").get("/api/v1/finance/contributions").json()
    assert rows and {r["donor"] for r in rows} == {"NOR"}
    everything = _client(client, people, "secretariat").get("/api/v1/finance/contributions").json()
    assert len(everything) == Contribution.objects.count()


def test_a_donor_sees_how_its_money_was_used(client, people, dataset):
    nor = Donor.objects.get(state__iso3="NOR")
    body = (
        _client(client, people, "donor-nor").get(f"/api/v1/finance/donors/{nor.pk}?as_of=2022-09-30").json()
    )
    training = next(c for c in body["contributions"] if c["reference"] == "IRM-2014-001")
    assert training["earmark"]["activity"] == "training"
    assert {a["activity"] for a in training["allocations"]} == {"training"}
    assert sum(float(a["amount"]) for a in training["allocations"]) == 330000.0
    page = _client(client, people, "donor-nor").get(f"/finance/donors/{nor.pk}/?as_of=2022-09-30")
    assert "IRM-2014-001" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("public", 404), ("observer", 404), ("fp-kenya", 403), ("donor-nor", 403), ("secretariat", 201)],
)
def test_only_the_secretariat_records_a_contribution_through_the_api(client, people, dataset, who, status):
    before = Contribution.objects.count()
    response = _client(client, people, who).post(
        "/api/v1/finance/contributions",
        data=json.dumps(
            {"donor": "NOR", "reference": "API-1", "pledged_on": "2023-01-10", "amount": "1000.00"}
        ),
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    assert Contribution.objects.count() == before + (1 if status == 201 else 0)
    if status != 201:
        assert set(response.json()) >= {"error", "code"}


@pytest.mark.parametrize("who", ["fp-kenya", "donor-nor", "observer"])
def test_the_secretariat_forms_do_not_exist_for_others(client, people, dataset, who):
    before = Contribution.objects.count()
    response = _client(client, people, who).post(
        "/finance/record/contribution/",
        {
            "donor_state": "NOR",
            "reference": "F-1",
            "kind": "cash",
            "pledged_on": "2023-01-10",
            "amount": "5",
            "currency": "USD",
        },
    )
    assert response.status_code == 404
    assert Contribution.objects.count() == before


def test_the_secretariat_records_a_contribution_and_a_payment_through_the_pages(client, people, dataset):
    c = _client(client, people, "secretariat")
    response = c.post(
        "/finance/record/contribution/",
        {
            "donor_state": "NOR",
            "reference": "F-2",
            "kind": "cash",
            "pledged_on": "2022-06-21",
            "amount": "10000",
            "currency": "EUR",
            "earmark_cycle": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Contribution.objects.get(reference="F-2")
    assert made.earmark_cycle is not None
    assert made.amount_usd.to_eng_string() == "10520.00" and made.earmark_cycle.number == 2
    response = c.post("/finance/contributions/F-2/", {"received_on": "2022-07-01"})
    assert response.status_code == 302
    assert made.payments.get().amount_usd.to_eng_string() == "10520.00"
    problem = c.post(
        "/finance/record/contribution/",
        {
            "donor_state": "NOR",
            "reference": "F-3",
            "kind": "cash",
            "pledged_on": "2001-01-01",
            "amount": "5",
            "currency": "EUR",
        },
    )
    assert problem.status_code == 422 and "No exchange rate" in problem.content.decode()
    assert 'value="F-3"' in problem.content.decode()  # the input is kept


@pytest.mark.parametrize(
    ("language", "grouped"), [("en", "330,000.00"), ("fr", "330\u202f000,00"), ("zh-hans", "330,000.00")]
)
def test_a_donor_reads_its_money_with_the_languages_separators(client, people, dataset, language, grouped):
    """Money on the donor's pages is grouped for the interface language (issue 17 §4), never "330000.00"."""
    nor = Donor.objects.get(state__iso3="NOR")
    contribution = Contribution.objects.get(reference="IRM-2014-001")
    viewer = _client(client, people, "donor-nor")
    viewer.cookies["django_language"] = language
    statement = viewer.get(f"/finance/donors/{nor.pk}/?as_of=2022-09-30").content.decode()
    detail = viewer.get(f"/finance/contributions/{contribution.reference}/").content.decode()
    assert "330000.00" not in statement and "330000.00" not in detail
    assert grouped in statement
    amount = f"{contribution.amount:,.2f}"
    assert amount.replace(",", "") not in detail
