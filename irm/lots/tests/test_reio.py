"""The lots engine applies the cycle's settings on the EU (docs/RULES.md R-P5): reviewed only where the
cycle says so, drawn as a reviewer only where the cycle says so."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irm.cycles.models import Cycle
from irm.lots import engine, selectors, services
from irm.lots.engine import Party, Rules
from irm.lots.engine.rules import check_cycle
from irm.reviews.models import Review

RULES = Rules(years=3, year_shares=(1 / 3, 1 / 3, 1 / 3), late_joiners_year=3, cap=3)
GROUPS = ["AFRICA", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG"]
#: 30 States in five groups and the EU (no group), all parties before the cycle.
PARTIES = [Party(f"{g[:2]}{i}", g, "", "2005-01-01") for g in GROUPS for i in range(6)] + [
    Party("EUU", "NONE", "", "2008-11-12")
]


def _reviewers(result: dict) -> set[str]:
    return {r for pair in result["pairs"].values() for r in pair}


@given(seed=st.integers(0, 2**32))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_party_the_cycle_keeps_from_reviewing_is_never_drawn_as_a_reviewer(seed):
    result = engine.simulate_cycle(PARTIES, RULES, seed, exclusions=["EUU"])
    assert "EUU" in result["years"] and len(result["pairs"]["EUU"]) == 2  # reviewed
    assert "EUU" not in _reviewers(result)


@given(seed=st.integers(0, 2**32))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_party_the_cycle_does_not_review_gets_no_year_and_no_reviewers(seed):
    result = engine.simulate_cycle(PARTIES, RULES, seed, exclusions=["EUU"], not_reviewed=["EUU"])
    assert "EUU" not in result["years"] and "EUU" not in result["pairs"]
    assert "EUU" not in _reviewers(result)
    assert len(result["pairs"]) == len(PARTIES) - 1
    assert all(len(pair) == 2 for pair in result["pairs"].values())


def test_a_party_not_reviewed_but_eligible_may_review():
    drawn = [
        "EUU" in _reviewers(engine.simulate_cycle(PARTIES, RULES, seed, not_reviewed=["EUU"]))
        for seed in range(20)
    ]
    assert any(drawn)


def test_the_check_names_the_reio_rule_when_a_recorded_cycle_breaks_it():
    parties = [Party("A1", "AFRICA"), Party("A2", "AFRICA"), Party("A3", "AFRICA"), Party("EUU", "NONE")]
    results = {
        r.rule.name: r
        for r in check_cycle(
            parties=parties,
            rules=RULES,
            years={"A1": 1, "A2": 1, "A3": 1, "EUU": 1},
            pairs={"A1": ["A2", "EUU"], "A2": ["A3", "A1"], "A3": ["A1", "A2"], "EUU": ["A1", "A2"]},
            not_reviewed=["EUU"],
            not_reviewers=["EUU"],
        )
    }
    messages = [v.message for v in results["reio_eligibility"].violations]
    assert messages == [
        "EUU is not reviewed in this cycle but has a review",
        "EUU may not review in this cycle but reviews A1",
    ]
    assert not results["reio_eligibility"].ok


# --- the cycles' settings, through the services ------------------------------------------------


def _draw_whole_cycle(secretariat, cycle: Cycle, seed: int) -> None:
    services.draw_year_groups(actor=secretariat, cycle=cycle, seed=seed)
    for year in range(1, selectors.last_year(cycle) + 1):
        if selectors.pending_states(cycle, year):
            services.draw_reviewers(actor=secretariat, cycle=cycle, year=year, seed=seed + year)


@pytest.mark.django_db
def test_cycle_2_does_not_review_the_eu_and_never_draws_it_as_a_reviewer(secretariat, cycle2):
    assert not cycle2.reio_under_review and not cycle2.reio_eligible_as_reviewer
    _draw_whole_cycle(secretariat, cycle2, 7)
    reviews = Review.objects.filter(cycle=cycle2)
    assert not reviews.filter(state__iso3="EUU").exists()
    assert reviews.count() == selectors.current_parties().count() - 1
    assert not reviews.filter(reviewer_1__iso3="EUU").exists()
    assert not reviews.filter(reviewer_2__iso3="EUU").exists()
    checked = {r.rule.name: r for r in selectors.check_rules(cycle2)}
    assert checked["reio_eligibility"].ok and checked["reio_eligibility"].checked == 1
    assert selectors.verify_cycle(cycle2).ok


@pytest.mark.django_db
def test_cycle_1_reviews_the_eu_and_a_redraw_never_gives_it_as_a_reviewer(secretariat, cycle1):
    assert cycle1.reio_under_review and not cycle1.reio_eligible_as_reviewer
    _draw_whole_cycle(secretariat, cycle1, 100)
    eu = Review.objects.get(cycle=cycle1, state__iso3="EUU")
    assert len(eu.reviewers) == 2
    assert "EUU" in selectors.situation_of(cycle1).exclusions
    kenya = Review.objects.get(cycle=cycle1, state__iso3="KEN")
    services.redraw_reviewers(
        actor=secretariat, cycle=cycle1, state=kenya.state, replace=[kenya.reviewers[1]], seed=3
    )
    assert not Review.objects.filter(cycle=cycle1, reviewer_1__iso3="EUU").exists()
    assert not Review.objects.filter(cycle=cycle1, reviewer_2__iso3="EUU").exists()


@pytest.mark.django_db
def test_a_cycle_that_lets_the_eu_review_may_draw_it(secretariat, cycle2):
    Cycle.objects.filter(pk=cycle2.pk).update(reio_eligible_as_reviewer=True)
    cycle2.refresh_from_db()
    situation = selectors.situation_of(cycle2)
    assert "EUU" not in situation.exclusions and "EUU" in situation.not_reviewed
    services.draw_year_groups(actor=secretariat, cycle=cycle2, seed=7)
    situation = selectors.situation_of(cycle2)
    targets = sorted(situation.years)
    drawn = set()
    for seed in range(3):
        outcome = engine.draw_reviewers(situation, targets, random.Random(seed))
        drawn |= {r for pair in outcome.pairs.values() for r in pair}
    assert "EUU" in drawn
