"""The data set reproduces what the secretariat reported (S000 ¶26, S004 ¶10, ¶13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from irm.demo.loader import read_data
from irm.finance import selectors

#: The published figures (irm/demo/data/targets.yaml): S000 ¶26, S004 ¶10, S004 ¶13.
S000, S004, S004_13 = read_data("targets")["finance"]


class fx:
    S000_AS_OF = S000["as_of"]
    S004_AS_OF = S004["as_of"]
    S004_CUTOFF = S004["cutoff"]
    S004_GAP_FIRST_TWO_YEARS = Decimal(S004["gap_first_two_years_of_cycle_2"])
    S004_POSTS_PER_YEAR = Decimal(S004_13["regular_budget_posts_per_year"])


def test_report_as_at_30_september_2022_gives_the_figures_of_s000(dataset):
    report = selectors.report_figures(fx.S000_AS_OF)
    assert report["as_of"] == "2022-09-30"
    assert report["currency"] == "USD"
    assert report["expenditure_by_cycle"] == {"1": "9800000.00", "2": "4300000.00"}
    assert report["contributions_total"] == "18443200.00"
    assert report["pledges_outstanding"] == "0.00"
    assert report["funding_gap"] == "716500.00"
    assert report["requirements_total"] == "19159700.00"


def test_contributions_cover_cycle_1_and_the_first_four_years_of_cycle_2(dataset):
    report = selectors.report_figures(fx.S000_AS_OF)
    gaps = {(row["cycle"], row["year"]): Decimal(row["gap"]) for row in report["funding_gap_by_year"]}
    assert all(gaps[(1, y)] == 0 for y in range(1, 6))
    assert all(gaps[(2, y)] == 0 for y in range(1, 5))
    assert gaps[(2, 5)] > 0
    assert report["funding_gap_by_cycle"] == {"1": "0.00", "2": "716500.00"}
    assert report["funding_gap_after_earmarks"] == "716500.00"
    assert report["earmarked_unusable"] == []


def test_change_since_the_previous_report_is_308600_of_extrabudgetary_spending(dataset):
    report = selectors.build_report(fx.S000_AS_OF)
    assert report["previous"] == {"as_of": "2022-02-28", "symbol": "CAC/COSP/IRG/2022/5", "issued": True}
    assert report["change"]["expenditure_total"] == "308600.00"
    assert report["change"]["expenditure_by_cycle"] == {"1": "0.00", "2": "308600.00"}
    assert report["change"]["contributions_total"] == "143200.00"


def test_gap_for_the_first_two_years_of_cycle_2_after_pledges_since_31_july_2017_is_1676000(dataset):
    position = selectors.position(fx.S004_AS_OF)
    by_year = position.unfunded_by("cycle_number", "year")
    assert by_year[(2, 1)] + by_year[(2, 2)] == fx.S004_GAP_FIRST_TWO_YEARS
    before = selectors.position(fx.S004_CUTOFF).unfunded_by("cycle_number", "year")
    assert before[(2, 1)] + before[(2, 2)] == Decimal("2452000.00")


def test_pledges_not_yet_paid_count_towards_the_gap(dataset):
    position = selectors.position(fx.S004_AS_OF)
    assert position.outstanding_total == Decimal("476000.00") + Decimal("300000.00") + Decimal("233000.00")


def test_regular_budget_posts_cut_the_extrabudgetary_need_by_560000_a_year(dataset):
    base = selectors.position(fx.S004_AS_OF)
    scenario = selectors.scenario_regular_budget_posts(
        base, yearly_amount=fx.S004_POSTS_PER_YEAR, cycle_number=2, from_year=3
    )
    assert base.requirements_total - scenario.requirements_total == 3 * fx.S004_POSTS_PER_YEAR
    assert base.funding_gap - scenario.funding_gap == 3 * fx.S004_POSTS_PER_YEAR


def test_extending_the_cycle_adds_the_cost_of_the_extra_months(dataset):
    base = selectors.position(fx.S000_AS_OF)
    scenario = selectors.scenario_extension(base, cycle_number=2, months=18)
    # the last estimated year (8) costs 169,700 a year: 18 months cost 254,550
    assert scenario.funding_gap - base.funding_gap == Decimal("254550.00")
    fixed = selectors.scenario_extension(base, cycle_number=2, months=6, monthly_cost=Decimal("50000"))
    assert fixed.funding_gap - base.funding_gap == Decimal("300000.00")


def test_the_data_set_loads_only_once(dataset):
    from irm.demo.steps.finance import load_dataset

    again = load_dataset()
    assert again["contributions"] == 0 and again["expenditure"] == 0 and again["reports"] == 0
    assert selectors.report_figures(date(2022, 9, 30))["contributions_total"] == "18443200.00"


def test_a_data_set_with_a_negative_rate_records_nothing(db):
    from datetime import date as day

    from irm.core.exceptions import InvalidInput
    from irm.finance import services
    from irm.finance.models import ExchangeRate

    with pytest.raises(InvalidInput):
        services.record_dataset(actor=None, rates=[services.RateRow("EUR", day(2020, 1, 1), Decimal("-1"))])
    assert not ExchangeRate.objects.exists()
