"""The proposal simulator without a database: inputs checked by name, the draw, the Monte Carlo.

Property tests run few examples and few Monte Carlo runs so that CI stays fast.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from irm.analytics import simulation
from irm.analytics.simulation import timing
from irm.core.exceptions import InvalidInput
from irm.lots.engine import Party

REGIONS = ("AFRICA", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG")


def parties(n: int = 30) -> tuple[Party, ...]:
    states = tuple(Party(f"S{i:02d}", REGIONS[i % len(REGIONS)]) for i in range(n))
    return (*states, Party("EUU", "NONE"))


def defaults(n: int = 30, **changes: Any) -> simulation.Defaults:
    values: dict[str, Any] = {
        "parties": parties(n),
        "organizations": frozenset({"EUU"}),
        "reviewer_cap_per_cycle": 3,
        "reviewer_cap_per_year": None,
        "eu_reviewed": False,
        "eu_reviews": False,
        "completion_threshold": Decimal("0.7"),
        "start_year": 2027,
        "stage_samples": {s.value: [20, 40, 90, 400] for s in simulation.SIMULATED_STAGES},
        "cost_per_review": Decimal("50000"),
        "pledged_contributions": Decimal("400000"),
        "sources": {"reviews_per_year": "one fifth a year"},
    }
    values.update(changes)
    return simulation.Defaults(**values)


def run(config: dict, **changes) -> dict:
    return simulation.simulate(simulation.resolve(simulation.validate(config), defaults(**changes)))


# --- the input file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "field", "words"),
    [
        (b"reviews_per_year: lots\n", "reviews_per_year", "whole number"),
        (b"reviews_per_year: 0\n", "reviews_per_year", "from 1 to 1000"),
        (b"reviewers_per_review: 9\n", "reviewers_per_review", "from 1 to 4"),
        (b"eu_reviewed: maybe\n", "eu_reviewed", "true or false"),
        (b"completion_threshold: 1.5\n", "completion_threshold", "from 0.01 to 1"),
        (b"runs: 100000\n", "runs", "from 1 to 5000"),
        (b"stage_durations: {lunch: 3}\n", "stage_durations.lunch", "not a stage"),
        (
            b"stage_durations: {kick_off_held: [3, -1]}\n",
            "stage_durations.kick_off_held[1]",
            "whole number of days",
        ),
        (b"cost_per_review: cheap\n", "cost_per_review", "must be a number"),
        (b"reviews_a_year: 3\n", "reviews_a_year", "not a setting"),
        (b"seed: [1]\n", "seed", "whole number or a short text"),
    ],
)
def test_a_bad_value_is_refused_naming_the_file_and_the_field(content, field, words):
    with pytest.raises(InvalidInput) as caught:
        simulation.parse(content, filename="phase.yaml")
    assert caught.value.message.startswith(f"phase.yaml: {field}: ")
    assert words in caught.value.message
    assert caught.value.details == {"file": "phase.yaml", "field": field}


def test_the_file_is_bounded_and_yaml_aliases_are_refused():
    with pytest.raises(InvalidInput, match="larger than 64 KB"):
        simulation.parse(b"#" * (simulation.MAX_BYTES + 1), filename="big.yaml")
    bomb = b"a: &a [1, 2]\nb: [*a, *a]\n"
    with pytest.raises(InvalidInput, match="aliases are not accepted"):
        simulation.parse(bomb, filename="bomb.yaml")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        simulation.parse(b"{", filename="x.json")
    with pytest.raises(InvalidInput, match="nested too deeply"):
        simulation.parse(b"[" * 60_000, filename="deep.json")


def test_json_and_yaml_say_the_same():
    yaml_proposal = simulation.parse(
        b"reviews_per_year: 40\nseed: abc\neu_reviewed: true\n", filename="p.yaml"
    )
    json_proposal = simulation.parse(
        b'{"reviews_per_year": 40, "seed": "abc", "eu_reviewed": true}', filename="p.json"
    )
    assert yaml_proposal == json_proposal
    assert simulation.from_stored(yaml_proposal.to_dict()) == yaml_proposal


# --- results ------------------------------------------------------------------------------------------


def test_the_result_has_the_promised_keys_and_says_where_defaults_came_from():
    result = run({"reviews_per_year": 10, "runs": 20, "seed": 3})
    assert list(result)[:8] == [
        "feasible",
        "reason",
        "completion_year_median",
        "completion_year_p90",
        "threshold_year",
        "max_reviews_per_reviewer_year",
        "cost_total",
        "funding_gap",
    ]
    assert result["feasible"] is True and result["reason"] is None
    assert result["draw_checked_by"] == "lots_engine"
    assert result["inputs"]["reviews"] == 30  # the EU is not reviewed by default here
    assert result["cost_total"] == "1500000.00"
    assert result["funding_gap"] == "1100000.00"
    assert result["inputs"]["sources"]["reviews_per_year"] == "proposal"
    assert result["inputs"]["sources"]["cost_per_review"] == "default"
    assert sum(int(y["cost"].split(".")[0]) for y in result["years"]) == 1_500_000
    assert result["completion_year_median"] <= result["completion_year_p90"]
    assert result["threshold_year"] <= result["completion_year_median"]


def test_the_busiest_reviewer_load_comes_from_the_draw():
    result = run({"reviews_per_year": 30, "reviewer_cap_per_cycle": 2, "runs": 5})
    assert result["feasible"] is True
    assert result["max_reviews_per_reviewer_year"] == 2
    first = result["years"][0]
    assert first["max_reviews_per_reviewer"] == 2 and first["busiest_reviewers"]


def test_a_cap_per_year_too_small_for_a_years_reviews_is_infeasible_with_the_year_named():
    result = run({"reviews_per_year": 30, "reviewer_cap_per_year": 1, "runs": 5})
    assert result["feasible"] is False
    assert result["problems"][0]["rule"] == "cap_per_year"
    assert "2027" in result["reason"]


def test_the_engine_names_a_rule_when_only_it_can_tell():
    # Enough places in total, but a regional group of 2 parties cannot review itself 2 times each
    # without reciprocity: the engine says why.
    few = tuple(Party(f"A{i}", "AFRICA") for i in range(2)) + tuple(Party(f"W{i}", "WEOG") for i in range(8))
    result = run({"reviewer_cap_per_cycle": 3, "runs": 5}, parties=few)
    assert result["feasible"] is False
    assert result["draw_checked_by"] == "lots_engine"
    assert {"rule", "states", "message"} <= set(result["problems"][0])
    assert result["reason"]


def test_three_reviewers_per_review_are_counted_not_drawn():
    result = run({"reviewers_per_review": 3, "runs": 5})
    assert result["feasible"] is True
    assert result["draw_checked_by"] == "count"
    assert result["notes"]


def test_the_eu_settings_decide_whether_it_is_reviewed_and_reviews():
    reviewed = run({"eu_reviewed": True, "eu_reviews": False, "runs": 5})
    assert reviewed["inputs"]["reviews"] == 31 and reviewed["inputs"]["reviewing_parties"] == 30
    assert reviewed["feasible"] is True
    both = run({"eu_reviewed": True, "eu_reviews": True, "runs": 5})
    assert both["inputs"]["reviewing_parties"] == 31


# --- properties -----------------------------------------------------------------------------------------

FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
durations_lists = st.lists(st.integers(min_value=0, max_value=900), min_size=1, max_size=6)


@FAST
@given(
    slow=st.integers(min_value=1, max_value=30),
    extra=st.integers(min_value=1, max_value=30),
    seed=st.integers(min_value=0, max_value=2**32),
    samples=durations_lists,
)
def test_more_reviews_per_year_never_makes_the_median_completion_later(slow, extra, seed, samples):
    stages = {s.value: samples for s in simulation.SIMULATED_STAGES}
    base = defaults(stage_samples=stages)

    def completion(pace: int) -> tuple[int, int]:
        inputs = simulation.resolve(
            simulation.validate({"reviews_per_year": pace, "runs": 15, "seed": seed}), base
        )
        summary = timing.summary(timing.simulate_timing(inputs))
        return summary["completion_year_median"], summary["threshold_year"]

    slower, faster = completion(slow), completion(slow + extra)
    assert faster[0] <= slower[0]
    assert faster[1] <= slower[1]


@FAST
@given(
    cap=st.integers(min_value=1, max_value=3),
    per_review=st.integers(min_value=1, max_value=4),
    n=st.integers(min_value=4, max_value=40),
    per_year=st.booleans(),
)
def test_caps_leaving_fewer_reviewer_places_than_needed_are_infeasible_with_a_reason(
    cap, per_review, n, per_year
):
    # n parties review; each review needs `per_review` of them; a party gives at most `cap` reviews
    # (in the phase, or in a year when all n are reviewed in one year): places < needed.
    assume(per_review > cap)
    config = {"reviewers_per_review": per_review, "runs": 2}
    config.update(
        {"reviewer_cap_per_year": cap, "reviews_per_year": n} if per_year else {"reviewer_cap_per_cycle": cap}
    )
    result = run(config, parties=parties(n)[:-1])
    assert result["feasible"] is False
    assert result["reason"]
    rule = "cap_per_year" if per_year else "cap_per_cycle"
    assert rule in [p["rule"] for p in result["problems"]]
    assert str(per_review * n) in result["reason"]


@FAST
@given(seed=st.one_of(st.integers(min_value=0, max_value=2**40), st.text(min_size=1, max_size=10)))
def test_the_same_seed_gives_the_same_result(seed):
    config = {"reviews_per_year": 7, "runs": 10, "seed": seed, "reviewer_cap_per_cycle": 2}
    assert run(config) == run(config)


def test_another_seed_gives_other_draws():
    one = timing.durations(simulation.resolve(simulation.validate({"runs": 4, "seed": 1}), defaults()))
    two = timing.durations(simulation.resolve(simulation.validate({"runs": 4, "seed": 2}), defaults()))
    assert (one != two).any()


def test_nearest_rank_is_a_year_some_run_took():
    assert timing.nearest_rank([2030, 2031, 2032, 2040], 50) == 2031
    assert timing.nearest_rank([2030, 2031, 2032, 2040], 90) == 2040
    assert timing.nearest_rank([], 50) is None


def test_the_notes_chart_labels_are_at_least_8_pt_on_paper():
    """The evidence note prints the chart 16 cm wide: every text of it is 8 pt or more at that size."""
    import struct

    from matplotlib.text import Text

    from irm.analytics import charts
    from irm.core.charts import MIN_PRINT_PT, render
    from irm.documents.word import FIGURE_WIDTH_CM

    results = [run({"runs": 5, "reviews_per_year": pace}) for pace in (10, 20)]
    figure = charts.proposals_figure(results, ["Slow", "Fast"], printed=True)
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    png = render(figure, "png")
    scale = (FIGURE_WIDTH_CM / 2.54) / (struct.unpack(">I", png[16:20])[0] / figure.dpi)
    assert sizes and min(sizes) * scale >= MIN_PRINT_PT
