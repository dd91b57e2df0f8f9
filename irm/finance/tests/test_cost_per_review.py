"""Expenditure linked to reviews gives the cost per completed review (completed = summary agreed)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from irm.core.exceptions import InvalidInput
from irm.cycles.models import Cycle
from irm.finance import selectors, services
from irm.finance.models import Activity, Funding
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage


@pytest.fixture
def reviews(db):
    cycle = Cycle.objects.get(number=2)
    made = []
    for iso3, agreed in [("KEN", date(2019, 5, 1)), ("FRA", date(2020, 3, 1)), ("BRA", None)]:
        review = Review.objects.create(
            cycle=cycle,
            state=State.objects.get(iso3=iso3),
            year=1,
            stage=Stage.SUMMARY_AGREED if agreed else Stage.DIRECT_DIALOGUE_HELD,
        )
        if agreed:
            Milestone.objects.create(review=review, stage=Stage.SUMMARY_AGREED, done_on=agreed)
        made.append(review)
    return made


def _visit(review, amount, spent_on=date(2018, 10, 1), activity=Activity.EXPERT_TRAVEL):
    return services.record_expenditure(
        actor=None,
        spent_on=spent_on,
        cycle=review.cycle,
        year=3,
        activity=activity,
        funding=Funding.EXTRABUDGETARY,
        amount_usd=amount,
        review=review,
        description="Country visit",
    )


def test_cost_per_completed_review(reviews):
    kenya, france, brazil = reviews
    _visit(kenya, "42000")
    _visit(kenya, "8000", activity=Activity.TRANSLATION)
    _visit(france, "30000")
    _visit(brazil, "25000")  # not completed: counts in the cycle's spending, not in the linked costs
    figures = selectors.cost_per_completed_review(date(2020, 12, 31))["2"]
    assert figures == {
        "completed_reviews": 2,
        "expenditure": "105000.00",
        "cost_per_completed_review": "52500.00",
        "completed_reviews_with_costs": 2,
        "linked_expenditure": "80000.00",
        "linked_cost_per_completed_review": "40000.00",
    }
    earlier = selectors.cost_per_completed_review(date(2019, 12, 31))["2"]
    assert earlier["completed_reviews"] == 1 and earlier["linked_cost_per_completed_review"] == "50000.00"
    assert selectors.review_costs(kenya.pk) == Decimal("50000")


def test_no_completed_review_gives_no_cost_per_review(reviews):
    assert selectors.cost_per_completed_review(date(2018, 1, 1))["2"]["cost_per_completed_review"] is None


def test_a_review_of_another_cycle_is_refused(reviews):
    with pytest.raises(InvalidInput):
        services.record_expenditure(
            actor=None,
            spent_on=date(2012, 1, 1),
            cycle=Cycle.objects.get(number=1),
            year=2,
            activity=Activity.EXPERT_TRAVEL,
            funding=Funding.EXTRABUDGETARY,
            amount_usd="1",
            review=reviews[0],
        )


def test_the_api_records_rates_estimates_expenditure_payments_and_reports(client, people, reviews):
    client.force_login(people["secretariat"])

    def post(url, body):
        return client.post(f"/api/v1/finance{url}", data=json.dumps(body), content_type="application/json")

    assert post("/rates", {"currency": "EUR", "on": "2018-01-02", "usd_per_unit": "1.2"}).status_code == 201
    assert (
        post(
            "/requirements",
            {
                "cycle": 2,
                "year": 3,
                "activity": "expert_travel",
                "funding": "extrabudgetary",
                "amount_usd": "100000",
                "estimated_on": "2018-01-02",
            },
        ).status_code
        == 201
    )
    pledge = post(
        "/contributions",
        {
            "donor": "NOR",
            "reference": "API-9",
            "pledged_on": "2018-01-03",
            "amount": "50000",
            "currency": "EUR",
            "earmark_cycle": 2,
        },
    )
    assert pledge.status_code == 201 and pledge.json()["amount_usd"] == "60000.00"
    paid = post("/contributions/API-9/payments", {"received_on": "2018-02-01"})
    assert paid.status_code == 201 and paid.json()["payments"][0]["amount_usd"] == "60000.00"
    spent = post(
        "/expenditure",
        {
            "spent_on": "2018-10-01",
            "cycle": 2,
            "year": 3,
            "activity": "expert_travel",
            "funding": "extrabudgetary",
            "amount_usd": "12000",
            "review_id": reviews[0].pk,
            "contribution": "API-9",
        },
    )
    assert spent.status_code == 201
    bad = post(
        "/expenditure",
        {
            "spent_on": "2018-10-01",
            "cycle": 2,
            "year": 3,
            "activity": "parties",
            "funding": "extrabudgetary",
            "amount_usd": "1",
        },
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    issued = post("/reports", {"as_of": "2018-12-31", "symbol": "TEST/1"})
    assert issued.status_code == 201 and issued.json()["figures"]["funding_gap"] == "40000.00"
    assert post("/reports", {"as_of": "2018-12-31"}).status_code == 409
    report = client.get("/api/v1/finance/report?as_of=2019-06-30").json()
    assert report["previous"]["symbol"] == "TEST/1"
    assert report["cost_per_completed_review"]["2"]["linked_cost_per_completed_review"] == "12000.00"
