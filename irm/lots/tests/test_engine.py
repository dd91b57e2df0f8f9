"""The pure engine: each rule, impossibility explained, reproducibility, and property tests."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irm.lots import engine
from irm.lots.engine import ImpossibleDraw, Party, Rules, Situation
from irm.lots.tests import oracle
from irm.parties.reference import engine_parties

CYCLE_1 = Rules(
    years=5, year_shares=(0.25, 0.25, 0.25, 0.25, 0.0), late_joiners_year=5, cap=3, late_after="2010-01-01"
)
CYCLE_2 = Rules(years=5, year_shares=(0.2,) * 5, late_joiners_year=5, cap=3, late_after="2016-01-01")
ONE_YEAR = Rules(years=1, year_shares=(1.0,), cap=3)


def reference_parties() -> list[Party]:
    return [
        Party(r["iso3"], r["regional_group"], r["legal_system"], r["party_since"] or None)
        for r in engine_parties()
    ]


def assert_valid(result: dict, parties: list[Party], cap: int, *, exclusions=(), deferrals=()) -> None:
    regions = {p.iso3: p.region for p in parties}
    pairs = result["pairs"]
    # The independent oracle first (it shares no code with the engine), then the engine's own checker.
    assert (
        oracle.reviewer_violations(
            regions=regions,
            pairs=pairs,
            cap=cap,
            years=result.get("years"),
            exclusions=exclusions,
            deferrals=deferrals,
        )
        == []
    )
    assert sorted(pairs) == sorted(regions), "every party exactly once"
    rows = [(None, state, reviewers) for state, reviewers in pairs.items()]
    assert engine.check_pairings(rows, regions, cap=cap, exclusions=exclusions) == []
    for state, reviewers in pairs.items():
        assert len(reviewers) == 2
        if regions[state] != "NONE":
            assert regions[reviewers[0]] == regions[state], "reviewer 1 is the same-region reviewer"
    deferred = set(deferrals)
    for state, reviewers in pairs.items():
        for reviewer in reviewers:
            assert (reviewer, result["years"][state]) not in deferred


def one_year(parties: list[Party], cap: int = 3, **kwargs) -> Situation:
    return Situation(
        parties=parties,
        rules=Rules(years=1, year_shares=(1.0,), cap=cap),
        years={p.iso3: 1 for p in parties},
        **kwargs,
    )


def draw_all(situation: Situation, seed: int = 1) -> dict[str, list[str]]:
    return engine.draw_reviewers(situation, list(situation.years), random.Random(seed)).pairs


# --- whole cycles on the real parties --------------------------------------------------------


@pytest.mark.parametrize("rules", [CYCLE_1, CYCLE_2], ids=["cycle-1", "cycle-2"])
def test_a_whole_cycle_of_the_192_parties_satisfies_every_rule(rules):
    parties = reference_parties()
    result = engine.simulate_cycle(parties, rules, seed=42)
    assert_valid(result, parties, rules.cap)


def test_the_same_seed_gives_the_same_draw_and_another_seed_another():
    parties = reference_parties()
    first = engine.simulate_cycle(parties, CYCLE_2, seed=7)
    assert engine.simulate_cycle(parties, CYCLE_2, seed=7) == first
    assert engine.simulate_cycle(parties, CYCLE_2, seed=8) != first


def test_a_tight_cap_of_two_still_finds_a_draw():
    """192 parties × 2 reviews = 384 = 192 × 2: every State must review exactly two."""
    parties = reference_parties()
    rules = Rules(years=5, year_shares=(0.2,) * 5, late_joiners_year=5, cap=2, late_after="2016-01-01")
    result = engine.simulate_cycle(parties, rules, seed=3)
    assert_valid(result, parties, 2)
    assert set(Counter(r for pair in result["pairs"].values() for r in pair).values()) == {2}


# --- year groups -------------------------------------------------------------------------


def assert_years_valid(years: dict[str, int], parties: list[Party], rules: Rules, volunteers=None) -> None:
    assert (
        oracle.year_violations(
            parties={p.iso3: (p.region, p.party_since) for p in parties},
            years=years,
            shares=list(rules.year_shares),
            late_year=rules.late_year,
            late_after=rules.late_after,
            volunteers=volunteers,
        )
        == []
    )


def test_cycle_one_puts_a_fourth_of_each_group_in_years_one_to_four_and_late_joiners_in_year_five():
    parties = reference_parties()
    years = engine.draw_year_groups(parties, CYCLE_1, random.Random(1))
    assert_years_valid(years, parties, CYCLE_1)
    late = {p.iso3 for p in parties if p.party_since and p.party_since > "2010-01-01"}
    assert {c for c, y in years.items() if y == 5} == late
    for region in {p.region for p in parties}:
        counts = Counter(years[p.iso3] for p in parties if p.region == region and p.iso3 not in late)
        spread = [counts.get(y, 0) for y in (1, 2, 3, 4)]
        assert max(spread) - min(spread) <= 1, (region, spread)


def test_cycle_two_spreads_each_group_over_five_years():
    parties = reference_parties()
    years = engine.draw_year_groups(parties, CYCLE_2, random.Random(2))
    assert_years_valid(years, parties, CYCLE_2)
    assert CYCLE_2.late_after is not None
    joined_before = [p for p in parties if not (p.party_since and p.party_since > CYCLE_2.late_after)]
    totals = Counter(years[p.iso3] for p in joined_before)
    assert max(totals.values()) - min(totals.values()) <= 4
    africa = Counter(years[p.iso3] for p in joined_before if p.region == "AFRICA")
    assert max(africa.values()) - min(africa.values()) <= 2


def test_a_volunteer_is_placed_in_the_year_it_chose():
    parties = reference_parties()
    for seed in range(5):
        years = engine.draw_year_groups(
            parties, CYCLE_2, random.Random(seed), volunteers={"KEN": 3, "JPN": 1}
        )
        assert years["KEN"] == 3
        assert years["JPN"] == 1  # volunteering beats the late-joiner year
        assert_years_valid(years, parties, CYCLE_2, volunteers={"KEN": 3, "JPN": 1})


# --- the rules of the reviewers --------------------------------------------------------------


def test_the_eu_has_no_group_and_may_be_reviewed_by_any_state():
    parties = [
        Party("EUU", "NONE"),
        *[Party(f"A{i}", "AFRICA") for i in range(4)],
        *[Party(f"W{i}", "WEOG") for i in range(4)],
    ]
    for seed in range(20):
        pairs = draw_all(one_year(parties), seed)
        assert len(pairs["EUU"]) == 2 and "EUU" not in pairs["EUU"]
    seen = {r[0] for seed in range(40) for r in draw_all(one_year(parties), seed)["EUU"]}
    assert {"A", "W"} <= seen, "reviewers of the EU come from any group"


def test_every_state_gets_a_reviewer_of_its_group_first():
    parties = [*[Party(f"A{i}", "AFRICA") for i in range(5)], *[Party(f"G{i}", "GRULAC") for i in range(5)]]
    pairs = draw_all(one_year(parties), 4)
    for state, reviewers in pairs.items():
        assert reviewers[0][0] == state[0]


def test_no_state_reviews_more_than_the_cap():
    parties = [Party(f"S{i:02}", "WEOG") for i in range(12)]
    for cap in (2, 3):
        pairs = draw_all(one_year(parties, cap=cap), 9)
        assert max(Counter(r for pair in pairs.values() for r in pair).values()) <= cap


def test_a_state_deferring_does_not_review_in_its_year():
    parties = [Party(f"S{i:02}", "AFRICA") for i in range(16)]
    situation = Situation(
        parties=parties,
        rules=Rules(years=2, year_shares=(0.5, 0.5), cap=3),
        years={p.iso3: 1 if i < 8 else 2 for i, p in enumerate(parties)},
        deferrals=[("S00", 1), ("S01", 1)],
    )
    for seed in range(10):
        pairs = draw_all(situation, seed)
        for state in (p.iso3 for p in parties[:8]):
            assert not {"S00", "S01"} & set(pairs[state])


def test_an_excluded_state_reviews_nobody_but_is_reviewed():
    parties = [Party(f"S{i:02}", "EEG") for i in range(8)]
    pairs = draw_all(one_year(parties, exclusions=["S03"]), 5)
    assert "S03" not in {r for pair in pairs.values() for r in pair}
    assert len(pairs["S03"]) == 2


def test_no_reciprocal_reviews_with_what_is_already_drawn():
    parties = [Party(f"S{i}", "WEOG") for i in range(6)]
    situation = one_year(parties, assignments={"S0": ["S1", "S2"]})
    for seed in range(20):
        pairs = engine.draw_reviewers(situation, ["S1", "S2"], random.Random(seed)).pairs
        assert "S0" not in pairs["S1"] and "S0" not in pairs["S2"]


def test_a_same_region_reviewer_with_a_similar_legal_system_is_preferred():
    parties = [
        Party("K", "AFRICA", "common_law"),
        Party("C1", "AFRICA", "civil_law"),
        Party("C2", "AFRICA", "civil_law"),
        Party("C3", "AFRICA", "civil_law"),
        Party("L", "AFRICA", "common_law"),
        *[Party(f"W{i}", "WEOG") for i in range(4)],
    ]
    for seed in range(10):
        outcome = engine.draw_reviewers(one_year(parties), ["K"], random.Random(seed))
        assert outcome.pairs["K"][0] == "L"


def test_the_candidate_lists_are_recorded_for_every_step():
    parties = [Party(f"S{i}", "WEOG") for i in range(6)]
    outcome = engine.draw_reviewers(one_year(parties), ["S0"], random.Random(1))
    assert [s.slot for s in outcome.steps] == [1, 2]
    first = outcome.steps[0]
    assert first.state == "S0" and first.chosen in first.eligible and "S0" not in first.eligible


# --- re-draws ----------------------------------------------------------------------------


def test_a_redraw_replaces_only_the_reviewer_asked_and_keeps_every_other_assignment():
    parties = [Party(f"A{i}", "AFRICA") for i in range(8)] + [Party(f"W{i}", "WEOG") for i in range(8)]
    situation = one_year(parties)
    situation.assignments = draw_all(situation, 11)
    before = {k: list(v) for k, v in situation.assignments.items()}
    old = before["A0"]
    new, _ = engine.redraw_reviewers(situation, "A0", [old[1]], random.Random(5))
    assert new[0] == old[0] and new[1] != old[1] and new[1] != "A0"
    assert situation.assignments == before  # the input is not modified; others are untouched


def test_a_replaced_reviewer_is_never_drawn_again_for_that_state():
    parties = [Party(f"A{i}", "AFRICA") for i in range(6)]
    situation = one_year(parties)
    situation.assignments = draw_all(situation, 2)
    first = situation.assignments["A0"][0]
    for seed in range(10):
        new, _ = engine.redraw_reviewers(situation, "A0", [first], random.Random(seed))
        assert first not in new


# --- impossible configurations are explained ---------------------------------------------


def test_a_group_of_one_state_makes_the_same_region_rule_impossible_and_says_for_whom():
    parties = [Party("G1", "GRULAC"), *[Party(f"W{i}", "WEOG") for i in range(5)]]
    with pytest.raises(ImpossibleDraw) as caught:
        draw_all(one_year(parties))
    problem = caught.value.problems[0]
    assert problem.rule == "same_region" and problem.states == ("G1",)


def test_too_low_a_cap_is_explained_as_the_cap():
    parties = [Party(f"S{i}", "WEOG") for i in range(6)]
    with pytest.raises(ImpossibleDraw) as caught:
        draw_all(one_year(parties, cap=1))
    assert caught.value.problems[0].rule == "cap"


def test_four_states_cannot_review_each_other_without_reciprocity():
    parties = [Party(f"S{i}", "NONE") for i in range(4)]
    with pytest.raises(ImpossibleDraw) as caught:
        draw_all(one_year(parties))
    assert caught.value.problems[0].rule == "no_reciprocal"
    assert set(caught.value.problems[0].states) == {"S0", "S1", "S2", "S3"}


def test_exclusions_leaving_too_few_reviewers_are_explained():
    parties = [Party(f"S{i}", "EEG") for i in range(6)]
    with pytest.raises(ImpossibleDraw) as caught:
        draw_all(one_year(parties, exclusions=["S1", "S2", "S3", "S4"]))
    rules = {p.rule for p in caught.value.problems}
    assert "two_reviewers" in rules
    assert any("S0" in p.states for p in caught.value.problems)


# --- property tests ----------------------------------------------------------------------

REGIONS = ["AFRICA", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG"]


@st.composite
def party_sets(draw, min_size=5, max_size=40):
    size = draw(st.integers(min_size, max_size))
    regions = draw(st.lists(st.sampled_from([*REGIONS, "NONE"]), min_size=size, max_size=size))
    legal = draw(st.lists(st.sampled_from(["", "common_law", "civil_law"]), min_size=size, max_size=size))
    return [Party(f"P{i:02}", regions[i], legal[i]) for i in range(size)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parties=party_sets(), cap=st.integers(2, 4), seed=st.integers(0, 2**32), years=st.integers(1, 5))
def test_every_simulated_cycle_satisfies_every_rule_or_explains_why_not(parties, cap, seed, years):
    rules = Rules(years=years, year_shares=(1.0 / years,) * years, cap=cap)
    try:
        result = engine.simulate_cycle(parties, rules, seed)
    except ImpossibleDraw as exc:
        assert exc.problems and all(p.rule and p.message for p in exc.problems)
        return
    assert_valid(result, parties, cap)


def brute_force_exists(parties: list[Party], cap: int) -> bool:
    """Is there any valid pairing? (exhaustive search, for tiny sets)"""
    codes = [p.iso3 for p in parties]
    region = {p.iso3: p.region for p in parties}
    load: Counter[str] = Counter()
    arcs: set[tuple[str, str]] = set()

    def place(i: int) -> bool:
        if i == len(codes):
            return True
        s = codes[i]
        others = [c for c in codes if c != s]
        for a, b in itertools.combinations(others, 2):
            if region[s] != "NONE" and region[s] not in (region[a], region[b]):
                continue
            if load[a] >= cap or load[b] >= cap or (s, a) in arcs or (s, b) in arcs:
                continue
            load[a] += 1
            load[b] += 1
            arcs.update({(a, s), (b, s)})
            if place(i + 1):
                return True
            load[a] -= 1
            load[b] -= 1
            arcs.difference_update({(a, s), (b, s)})
        return False

    return place(0)


@settings(max_examples=60, deadline=None)
@given(
    regions=st.lists(st.sampled_from(["AFRICA", "WEOG", "NONE"]), min_size=3, max_size=6),
    cap=st.integers(1, 3),
    seed=st.integers(0, 1000),
)
def test_the_engine_never_dead_ends_when_a_draw_exists(regions, cap, seed):
    parties = [Party(f"P{i}", r) for i, r in enumerate(regions)]
    exists = brute_force_exists(parties, cap)
    try:
        pairs = draw_all(one_year(parties, cap=cap), seed)
    except ImpossibleDraw:
        assert not exists, "the engine gave up although a valid draw exists"
        return
    assert exists
    assert_valid({"pairs": pairs, "years": {p.iso3: 1 for p in parties}}, parties, cap)


def test_the_situation_survives_a_round_trip_through_json():
    parties = reference_parties()[:20]
    situation = one_year(parties, deferrals=[(parties[0].iso3, 1)], exclusions=[parties[1].iso3])
    again = Situation.from_dict(situation.to_dict())
    assert again.to_dict() == situation.to_dict()


# --- the oracle itself ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parties=party_sets(min_size=10, max_size=60),
    years=st.integers(1, 5),
    seed=st.integers(0, 2**32),
    data=st.data(),
)
def test_every_drawn_year_group_satisfies_the_oracle(parties, years, seed, data):
    rules = Rules(years=years, year_shares=(1.0 / years,) * years, cap=3)
    volunteers = {
        p.iso3: data.draw(st.integers(1, years)) for p in parties if data.draw(st.booleans(), label=p.iso3)
    }
    drawn = engine.draw_year_groups(parties, rules, random.Random(seed), volunteers=volunteers)
    assert_years_valid(drawn, parties, rules, volunteers)


def test_a_redraw_keeps_every_other_pair_and_never_redraws_the_replaced_reviewer_by_the_oracle():
    parties = reference_parties()
    result = engine.simulate_cycle(parties, CYCLE_2, seed=11)
    situation = Situation(parties=parties, rules=CYCLE_2, years=result["years"], assignments=result["pairs"])
    state = "KEN"
    replaced = result["pairs"][state][1]
    for seed in range(5):
        reviewers, _ = engine.redraw_reviewers(situation, state, [replaced], random.Random(seed))
        pairs = {**result["pairs"], state: reviewers}
        kept = {code: pair for code, pair in result["pairs"].items() if code != state}
        kept[state] = [result["pairs"][state][0]]
        regions = {p.iso3: p.region for p in parties}
        assert (
            oracle.reviewer_violations(
                regions=regions, pairs=pairs, cap=3, kept=kept, banned={state: [replaced]}
            )
            == []
        )


@pytest.mark.parametrize(
    ("pairs", "rule"),
    [
        ({"A1": ["A1", "B1"]}, "reviews itself"),
        ({"A1": ["B1", "A2"]}, "is not from its group"),
        ({"A1": ["A2", "A2"]}, "same reviewer twice"),
        ({"A1": ["A2", "B1"], "A2": ["A1", "B2"]}, "review each other"),
        ({"A1": ["A2"]}, "not 2"),
        ({"A1": ["A2", "B1"], "A3": ["A2", "B2"], "B1": ["B2", "A2"]}, "more than 2"),
        ({"A1": ["A2", "X9"]}, "not a party"),
    ],
)
def test_the_oracle_catches_each_broken_rule(pairs, rule):
    regions = {"A1": "AFRICA", "A2": "AFRICA", "A3": "AFRICA", "B1": "WEOG", "B2": "WEOG"}
    found = oracle.reviewer_violations(regions=regions, pairs=pairs, cap=2)
    assert any(rule in message for message in found), found


def test_the_oracle_catches_exclusions_deferrals_and_year_groups():
    regions = {"A1": "AFRICA", "A2": "AFRICA", "B1": "WEOG"}
    pairs = {"A1": ["A2", "B1"]}
    assert oracle.reviewer_violations(regions=regions, pairs=pairs, cap=3, exclusions=["B1"])
    assert oracle.reviewer_violations(
        regions=regions, pairs=pairs, cap=3, years={"A1": 2}, deferrals=[("A2", 2)]
    )
    parties = {f"A{i}": ("AFRICA", None) for i in range(10)} | {"LATE": ("AFRICA", "2020-01-01")}
    lopsided = {f"A{i}": 1 if i < 8 else 2 for i in range(10)} | {"LATE": 2}
    found = oracle.year_violations(
        parties=parties, years=lopsided, shares=[0.5, 0.5], late_year=2, late_after="2016-01-01"
    )
    assert any("more than its share" in m for m in found), found
    wrong_late = {f"A{i}": 1 + i % 2 for i in range(10)} | {"LATE": 1}
    found = oracle.year_violations(
        parties=parties, years=wrong_late, shares=[0.5, 0.5], late_year=2, late_after="2016-01-01"
    )
    assert any("joined late" in m for m in found), found
