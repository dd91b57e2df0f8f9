"""`irm analytics durations|report` and `irm simulate phase`: their JSON shapes, text and errors."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from irm.reviews.models import Stage

pytestmark = pytest.mark.django_db

AS_OF = "2020-12-31"


def row_of(data: dict, stage: Stage) -> dict:
    return next(row for row in data["stages"] if row["stage"] == stage.value)


def call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_durations_json_has_the_promised_shape(small_cycle):
    data = json.loads(call("analytics", "durations", "--cycle", "2", "--as-of", AS_OF, "--format", "json"))
    assert {"cycle", "stages", "delays_by_reason"} <= set(data)
    assert data["cycle"] == 2
    assert [row["stage"] for row in data["stages"]] == [s.value for s in Stage.ordered()[1:]]
    for row in data["stages"]:
        assert {"stage", "reviews", "median_days", "p90_days"} <= set(row)
    nominated = row_of(data, Stage.FOCAL_POINT_NOMINATED)
    assert (nominated["reviews"], nominated["median_days"], nominated["p90_days"]) == (5, 30.0, 46.0)
    # The stuck review is open; the review that skipped the nomination's date is not recorded.
    assert (nominated["open"], nominated["not_recorded"]) == (1, 1)
    assert data["delays_by_reason"] == {"political": 1}


def test_durations_as_of_an_earlier_day_counts_only_what_was_done_by_then(small_cycle):
    data = json.loads(
        call("analytics", "durations", "--cycle", "2", "--as-of", "2020-01-25", "--format", "json")
    )
    nominated = row_of(data, Stage.FOCAL_POINT_NOMINATED)
    assert nominated["reviews"] == 2  # done on 11 and 21 January
    assert (
        nominated["open"] == 5
    )  # three not yet nominated, the stuck one, and the skipped one (kick-off in April)


def test_durations_text_reads_labels_not_codes(small_cycle):
    text = call("analytics", "durations", "--cycle", "2", "--as-of", AS_OF)
    assert "Focal point nominated" in text
    assert "focal_point_nominated" not in text
    assert "Political situation: 1" in text


def test_public_durations_suppress_small_cells(small_cycle):
    data = json.loads(
        call("analytics", "durations", "--cycle", "2", "--as-of", AS_OF, "--public", "--format", "json")
    )
    assert data["public"] is True and data["min_cell"] == 5
    assert row_of(data, Stage.FOCAL_POINT_NOMINATED)["median_days"] == 30.0  # five reviews: shown
    assert row_of(data, Stage.FOCAL_POINT_NOMINATED)["open_median_days"] is None  # one open review: hidden
    assert data["delays_by_reason"] == {"political": None}
    assert data["suppressed_cells"] >= 2
    report = json.loads(call("analytics", "report", "--cycle", "2", "--as-of", AS_OF, "--public"))
    index = [row["stage"] for row in report["stages"]].index(Stage.FOCAL_POINT_NOMINATED.value)
    cells = [group["stages"][index] for group in report["by_region"]]
    assert all(c["suppressed"] for c in cells if c.get("reviews") != 0)
    assert "delays_total" not in report
    private = json.loads(call("analytics", "durations", "--cycle", "2", "--as-of", AS_OF, "--format", "json"))
    assert row_of(private, Stage.FOCAL_POINT_NOMINATED)["open_median_days"] == 365.0


def test_report_exports_every_table_formula_safe(small_cycle, tmp_path):
    target = tmp_path / "process.xlsx"
    call_command(
        "analytics",
        "report",
        "--cycle",
        "2",
        "--as-of",
        AS_OF,
        "--format",
        "xlsx",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    book = load_workbook(target)
    assert book.sheetnames == [
        "Stages",
        "By regional group",
        "By year of the draw",
        "Delays",
        "Completions",
        "Dialogue to summary",
        "Reviews",
    ]
    stages = [[c.value for c in row] for row in book["Stages"].iter_rows()]
    assert ["Focal point nominated", 5, 30, 46] in [row[:4] for row in stages]
    reviews = [[c.value for c in row] for row in book["Reviews"].iter_rows()]
    assert "not recorded" in reviews[-1]


def test_public_report_has_no_per_review_table(small_cycle):
    content = call("analytics", "report", "--cycle", "2", "--as-of", AS_OF, "--format", "csv", "--public")
    assert "Each review's stages" not in content
    assert "fewer than 5 reviews" in content


def test_report_json_sections(small_cycle):
    report = json.loads(call("analytics", "report", "--cycle", "2", "--as-of", AS_OF))
    assert {"stages", "by_region", "by_year", "delays", "completed_per_year", "dialogue_to_summary"} <= set(
        report
    )
    assert [row["group"] for row in report["by_year"]] == [1, 2]
    assert report["by_year"][0]["calendar_year"] == 2016


def test_an_unknown_cycle_is_an_error():
    with pytest.raises(CommandError, match="No cycle 9"):
        call("analytics", "durations", "--cycle", "9")


# --- irm simulate phase ----------------------------------------------------------------------------------


@pytest.fixture
def configs(tmp_path):
    slow = tmp_path / "slow.yaml"
    slow.write_text("name: Slow\nreviews_per_year: 20\nruns: 20\nseed: 4\n", encoding="utf-8")
    fast = tmp_path / "fast.json"
    fast.write_text('{"name": "Fast", "reviews_per_year": 80, "runs": 20, "seed": 4}', encoding="utf-8")
    return slow, fast


def test_simulate_phase_json_has_the_promised_keys(small_cycle, configs):
    slow, _fast = configs
    result = json.loads(
        call("simulate", "phase", "--config", str(slow), "--format", "json", "--as-of", AS_OF)
    )
    assert {
        "feasible",
        "reason",
        "completion_year_median",
        "completion_year_p90",
        "threshold_year",
        "max_reviews_per_reviewer_year",
        "cost_total",
        "funding_gap",
    } <= set(result)
    assert result["feasible"] is True
    assert result["inputs"]["start_year"] == 2021
    assert result["inputs"]["sources"]["completion_threshold"].startswith(
        "The threshold of cycle 2: a proposal"
    )


def test_two_configs_are_compared_side_by_side(small_cycle, configs):
    slow, fast = configs
    data = json.loads(
        call("simulate", "phase", "--config", str(slow), str(fast), "--format", "json", "--as-of", AS_OF)
    )
    first, second = data["proposals"]
    assert (first["name"], second["name"]) == ("Slow", "Fast")
    assert second["completion_year_median"] <= first["completion_year_median"]
    text = call("simulate", "phase", "--config", str(slow), "--config", str(fast), "--as-of", AS_OF)
    assert text.splitlines()[0].split() == ["Proposal", "Slow", "Fast"]
    assert "Year the proposed threshold is reached (median)" in text


def test_the_same_seed_gives_the_same_output(small_cycle, configs):
    slow, _fast = configs
    args = ("simulate", "phase", "--config", str(slow), "--format", "json", "--as-of", AS_OF)
    assert call(*args) == call(*args)


def test_a_bad_config_names_the_file_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("reviewer_cap_per_year: -1\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.yaml: reviewer_cap_per_year: must be from 1 to 100"):
        call("simulate", "phase", "--config", str(bad))
    with pytest.raises(CommandError, match="cannot be read"):
        call("simulate", "phase", "--config", str(tmp_path / "missing.yaml"))


def test_defaults_come_from_the_last_cycle_and_today(small_cycle, configs):
    from irm.analytics import selectors

    defaults = selectors.simulation_defaults(as_of=date(2020, 12, 31))
    assert defaults.start_year == 2021
    assert defaults.stage_samples["focal_point_nominated"] == [10, 20, 30, 40, 50]
    # No duration measured for the desk review: the indicative timeline's days.
    assert len(defaults.stage_samples["desk_review_done"]) == 1
    assert "Indicative timeline" in defaults.sources["stage_durations.desk_review_done"]
