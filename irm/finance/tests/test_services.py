"""Recording money: currency conversion, payments, estimates, expenditure; only the secretariat writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.cycles.models import Cycle
from irm.finance import selectors, services
from irm.finance.models import Activity, Contribution, Funding, Requirement
from irm.parties.models import State


@pytest.fixture
def norway(db):
    return services.register_donor(actor=None, state=State.objects.get(iso3="NOR"))


@pytest.fixture
def eur_rates(db):
    services.record_exchange_rate(actor=None, currency="EUR", on=date(2021, 1, 4), usd_per_unit="1.225000")
    services.record_exchange_rate(actor=None, currency="EUR", on=date(2021, 7, 1), usd_per_unit="1.185000")


def test_a_pledge_in_euros_is_valued_at_the_latest_rate_recorded_on_or_before_its_date(
    people, norway, eur_rates
):
    c = services.record_contribution(
        actor=people["secretariat"],
        donor=norway,
        reference="P-1",
        pledged_on=date(2021, 6, 30),
        amount="100000",
        currency="eur",
    )
    assert (c.currency, c.usd_per_unit, c.rate_on, c.amount_usd) == (
        "EUR",
        Decimal("1.225"),
        date(2021, 1, 4),
        Decimal("122500.00"),
    )
    event = AuditEvent.objects.filter(action="finance.contribution_pledged").latest("seq")
    assert event.after is not None
    assert event.after["amount_usd"] == "122500.00" and event.actor == people["secretariat"]


def test_a_payment_is_converted_at_the_rate_of_the_day_it_is_received(people, norway, eur_rates):
    c = services.record_contribution(
        actor=None,
        donor=norway,
        reference="P-2",
        pledged_on=date(2021, 2, 1),
        amount="100000",
        currency="EUR",
    )
    services.record_payment(
        actor=people["secretariat"], contribution=c, received_on=date(2021, 7, 15), amount="40000"
    )
    position = selectors.position(date(2021, 8, 1))
    money = next(m for m in position.monies if m.contribution.pk == c.pk)
    assert money.received == Decimal("47400.00")  # 40,000 × 1.185
    assert money.outstanding == Decimal("73500.00")  # 60,000 × 1.225 (the pledge's rate)
    before = selectors.position(date(2021, 7, 14))
    assert next(m for m in before.monies if m.contribution.pk == c.pk).received == 0


def test_an_explicit_rate_wins_over_the_table(norway):
    c = services.record_contribution(
        actor=None,
        donor=norway,
        reference="P-3",
        pledged_on=date(2020, 1, 1),
        amount="1000000",
        currency="NOK",
        usd_per_unit="0.1134",
    )
    assert c.amount_usd == Decimal("113400.00")


def test_no_rate_recorded_refuses_the_pledge(norway):
    with pytest.raises(InvalidInput) as error:
        services.record_contribution(
            actor=None,
            donor=norway,
            reference="P-4",
            pledged_on=date(2020, 1, 1),
            amount="1000",
            currency="JPY",
        )
    assert error.value.code == "no_exchange_rate"
    assert not Contribution.objects.filter(reference="P-4").exists()


@pytest.mark.parametrize("currency", ["EURO", "eu", "12$"])
def test_a_currency_must_be_an_iso_4217_code(norway, currency):
    with pytest.raises(InvalidInput):
        services.record_contribution(
            actor=None,
            donor=norway,
            reference="P-5",
            pledged_on=date(2020, 1, 1),
            amount="1000",
            currency=currency,
        )


def test_paying_more_than_was_pledged_is_refused(norway):
    c = services.record_contribution(
        actor=None, donor=norway, reference="P-6", pledged_on=date(2020, 1, 1), amount="1000"
    )
    services.record_payment(actor=None, contribution=c, received_on=date(2020, 2, 1))
    with pytest.raises(Conflict):
        services.record_payment(actor=None, contribution=c, received_on=date(2020, 3, 1), amount="1")
    assert c.payments.count() == 1


@pytest.mark.parametrize("who", ["fp-kenya", "delegate", "expert-nzl", "observer"])
def test_only_the_secretariat_records_money(people, norway, who):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.record_contribution(
            actor=people[who], donor=norway, reference="P-7", pledged_on=date(2020, 1, 1), amount="1000"
        )
    with pytest.raises(PermissionDenied):
        services.estimate_requirement(
            actor=people[who],
            cycle=Cycle.objects.get(number=2),
            year=1,
            activity=Activity.TRAINING,
            funding=Funding.EXTRABUDGETARY,
            amount_usd="1",
            estimated_on=date(2020, 1, 1),
        )
    assert not Contribution.objects.filter(reference="P-7").exists()
    assert not Requirement.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_revised_estimate_replaces_the_earlier_one_from_its_date(db):
    cycle = Cycle.objects.get(number=2)
    for on, amount in [(date(2016, 6, 1), "100000"), (date(2019, 6, 3), "80000")]:
        services.estimate_requirement(
            actor=None,
            cycle=cycle,
            year=3,
            activity=Activity.TRAINING,
            funding=Funding.EXTRABUDGETARY,
            amount_usd=amount,
            estimated_on=on,
        )
    assert selectors.position(date(2018, 1, 1)).requirements_total == Decimal("100000")
    assert selectors.position(date(2020, 1, 1)).requirements_total == Decimal("80000")
    again = services.estimate_requirement(
        actor=None,
        cycle=cycle,
        year=3,
        activity=Activity.TRAINING,
        funding=Funding.EXTRABUDGETARY,
        amount_usd="80000",
        estimated_on=date(2019, 6, 3),
    )
    assert Requirement.objects.count() == 2 and again.amount_usd == Decimal("80000")


def test_expenditure_cannot_be_charged_against_a_contributions_earmark(norway):
    cycle1, cycle2 = Cycle.objects.get(number=1), Cycle.objects.get(number=2)
    c = services.record_contribution(
        actor=None,
        donor=norway,
        reference="P-8",
        pledged_on=date(2017, 1, 1),
        amount="5000",
        earmark_cycle=cycle2,
        spend_by=date(2018, 6, 30),
    )
    for kwargs in [
        {"cycle": cycle1, "spent_on": date(2017, 3, 1)},
        {"cycle": cycle2, "spent_on": date(2018, 7, 1)},
        {"cycle": cycle2, "spent_on": date(2017, 3, 1), "funding": Funding.REGULAR},
    ]:
        arguments: dict[str, Any] = {
            "year": 1,
            "activity": Activity.TRAINING,
            "funding": Funding.EXTRABUDGETARY,
            "amount_usd": "100",
            **kwargs,
        }
        with pytest.raises(InvalidInput):
            services.record_expenditure(actor=None, contribution=c, **arguments)
    ok = services.record_expenditure(
        actor=None,
        contribution=c,
        cycle=cycle2,
        year=1,
        spent_on=date(2017, 3, 1),
        activity=Activity.TRAINING,
        funding=Funding.EXTRABUDGETARY,
        amount_usd="100",
    )
    assert ok.contribution == c


def test_issuing_a_report_freezes_its_figures_and_only_once(dataset):
    from irm.finance.models import FinanceReport

    report = FinanceReport.objects.get(symbol="CAC/COSP/IRG/2022/5")
    assert report.figures["as_of"] == "2022-02-28"
    assert report.figures["expenditure_by_cycle"]["2"] == "3991400.00"
    with pytest.raises(Conflict):
        services.issue_report(actor=None, as_of=date(2022, 2, 28))
