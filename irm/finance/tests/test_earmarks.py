"""Earmarking (S004 ¶11): where earmarked money can go, what it leaves unusable, the share over time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from irm.cycles.models import Cycle
from irm.finance import selectors, services
from irm.finance.models import Activity, Funding
from irm.parties.models import RegionalGroup, State

AS_OF = date(2019, 1, 1)


@pytest.fixture
def needs(db):
    """Cycle 2, years 1 and 2: 100,000 of translation and 100,000 of expert travel each, unfunded."""
    cycle = Cycle.objects.get(number=2)
    for year in (1, 2):
        for activity in (Activity.TRANSLATION, Activity.EXPERT_TRAVEL):
            services.estimate_requirement(
                actor=None,
                cycle=cycle,
                year=year,
                activity=activity,
                funding=Funding.EXTRABUDGETARY,
                amount_usd="100000",
                estimated_on=date(2016, 6, 1),
            )
    # a regular-budget line is never funded by voluntary contributions
    services.estimate_requirement(
        actor=None,
        cycle=cycle,
        year=1,
        activity=Activity.STAFF_POSTS,
        funding=Funding.REGULAR,
        amount_usd="500000",
        estimated_on=date(2016, 6, 1),
    )
    return cycle


def _give(reference: str, amount: str, pledged_on: date = date(2017, 1, 1), iso3: str = "SWE", **earmark):
    donor = services.register_donor(actor=None, state=State.objects.get(iso3=iso3))
    return services.record_contribution(
        actor=None, donor=donor, reference=reference, pledged_on=pledged_on, amount=amount, **earmark
    )


def test_unearmarked_money_fills_the_earliest_needs_first(needs):
    _give("U-1", "250000")
    position = selectors.position(AS_OF)
    by_year = position.unfunded_by("cycle_number", "year")
    assert by_year == {(2, 1): Decimal("0"), (2, 2): Decimal("150000")}
    assert position.funding_gap == Decimal("150000")
    assert position.requirements_total == Decimal("400000")


def test_money_earmarked_for_an_activity_goes_only_to_that_activity(needs):
    _give("E-1", "150000", earmark_activity=Activity.TRANSLATION)
    position = selectors.position(AS_OF)
    by_activity = position.unfunded_by("activity")
    assert by_activity[(Activity.TRANSLATION,)] == Decimal("50000")
    assert by_activity[(Activity.EXPERT_TRAVEL,)] == Decimal("200000")
    assert position.unusable() == []


def test_earmarked_money_beyond_the_matching_needs_is_unusable_for_the_others(needs):
    _give("E-2", "300000", earmark_activity=Activity.TRANSLATION)
    report = selectors.report_figures(AS_OF)
    assert report["funding_gap"] == "100000.00"  # requirements minus contributions…
    assert report["funding_gap_after_earmarks"] == "200000.00"  # …but expert travel stays unfunded
    assert report["earmarked_unusable_total"] == "100000.00"
    assert report["earmarked_unusable"] == [
        {
            "reference": "E-2",
            "donor": "SWE",
            "amount": "100000.00",
            "reason": "conditions_not_matching",
            "spend_by": None,
        }
    ]


def test_money_earmarked_for_a_region_without_regional_needs_cannot_be_used(needs):
    _give("E-3", "50000", earmark_region=RegionalGroup.AFRICA)
    position = selectors.position(AS_OF)
    assert [u["reason"] for u in position.unusable()] == ["conditions_not_matching"]
    assert position.unfunded_total == Decimal("400000")


def test_money_earmarked_for_a_region_funds_that_regions_and_its_countries_lines(needs):
    services.estimate_requirement(
        actor=None,
        cycle=needs,
        year=2,
        activity=Activity.EXPERT_TRAVEL,
        funding=Funding.EXTRABUDGETARY,
        amount_usd="30000",
        estimated_on=date(2016, 6, 1),
        state=State.objects.get(iso3="KEN"),
    )
    _give("E-4", "30000", earmark_region=RegionalGroup.AFRICA)
    _give("E-5", "10000", earmark_state=State.objects.get(iso3="KEN"))
    position = selectors.position(AS_OF)
    kenya = next(line for line in position.lines if line.state_id)
    assert kenya.funded == Decimal("30000")
    assert sum(u["amount"] for u in position.unusable()) == Decimal("10000")


def test_money_not_spent_by_its_deadline_is_expired(needs):
    # spend by 30 June 2017: can only pay for year 1 (which starts 1 July 2016)
    _give("E-6", "300000", earmark_cycle=needs, spend_by=date(2017, 6, 30))
    position = selectors.position(AS_OF)
    assert position.unfunded_by("year") == {(1,): Decimal("0"), (2,): Decimal("200000")}
    assert position.unusable()[0]["reason"] == "expired"
    assert position.unusable()[0]["amount"] == Decimal("100000")
    # before the deadline, the same leftover is "conditions not matching" (no later need fits)
    assert selectors.position(date(2017, 3, 1)).unusable()[0]["reason"] == "conditions_not_matching"


def test_earmarked_money_goes_first_so_unearmarked_money_can_fund_the_rest(needs):
    _give("U-2", "200000", pledged_on=date(2016, 7, 1))
    _give("E-7", "200000", pledged_on=date(2017, 1, 1), earmark_activity=Activity.TRANSLATION)
    position = selectors.position(AS_OF)
    assert position.unfunded_total == Decimal("0")
    assert position.unusable() == []


def test_earmarked_share_over_time(needs):
    _give("U-3", "300000", pledged_on=date(2016, 7, 1))
    _give("E-8", "100000", pledged_on=date(2016, 9, 1), earmark_cycle=needs)
    _give("E-9", "100000", pledged_on=date(2017, 9, 1), earmark_activity=Activity.TRANSLATION)
    assert selectors.position(AS_OF).earmarked_share == Decimal("0.4000")
    assert selectors.report_figures(AS_OF)["earmarked_share_by_year"][-1]["cumulative_share"] == "0.4000"
    assert selectors.earmarked_share_over_time(AS_OF) == [
        {
            "year": 2016,
            "contributions": "400000.00",
            "earmarked": "100000.00",
            "share": "0.2500",
            "cumulative_share": "0.2500",
        },
        {
            "year": 2017,
            "contributions": "100000.00",
            "earmarked": "100000.00",
            "share": "1.0000",
            "cumulative_share": "0.4000",
        },
    ]


def test_in_kind_contributions_are_reported_but_do_not_close_the_cash_gap(needs):
    _give("K-1", "40000", kind="in_kind", description="Conference rooms")
    report = selectors.report_figures(AS_OF)
    assert report["in_kind_total"] == "40000.00"
    assert report["contributions_total"] == "0.00"
    assert report["funding_gap"] == "400000.00"


def test_lifting_an_earmark_makes_the_money_usable(needs):
    c = _give("E-10", "300000", earmark_activity=Activity.TRANSLATION)
    assert selectors.position(AS_OF).unfunded_total == Decimal("200000")
    services.change_earmark(actor=None, contribution=c, reason="Donor letter of 3 March 2018")
    assert selectors.position(AS_OF).unfunded_total == Decimal("100000")
