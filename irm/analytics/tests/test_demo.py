"""On the demo: the finished cycle 1 has unrecorded stages, which are never durations or overdue."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from irm.analytics import selectors, simulation
from irm.reviews.models import Milestone, Stage


def durations(cycle: int, *extra: str) -> dict:
    out = StringIO()
    call_command("analytics", "durations", "--cycle", str(cycle), "--format", "json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_the_finished_cycle_reports_unrecorded_stages_not_open_ones(demo):
    data = durations(1)
    stages = {row["stage"]: row for row in data["stages"]}
    assert all(row["open"] == 0 for row in data["stages"])
    published = stages["summary_published"]
    done = Milestone.objects.filter(review__cycle__number=1, done_on__isnull=False)
    agreed = set(done.filter(stage=Stage.SUMMARY_AGREED).values_list("review_id", flat=True))
    published_ids = set(done.filter(stage=Stage.SUMMARY_PUBLISHED).values_list("review_id", flat=True))
    agreed_unpublished = len(agreed - published_ids)
    assert agreed_unpublished > 0
    assert published["not_recorded"] >= agreed_unpublished
    # Late counts only stages that were done (and late): never a stage without a date.
    for row in data["stages"]:
        if row["late"] is not None:
            assert row["on_time"] + row["late"] <= row["reviews"]
        assert row["median_days"] is None or row["median_days"] > 0


def test_the_live_cycle_has_open_stages_and_recorded_delays(demo):
    data = durations(2)
    assert sum(row["open"] for row in data["stages"]) > 0
    assert sum(data["delays_by_reason"].values()) > 0


def test_the_default_proposal_runs_on_the_demo_data(demo):
    defaults = selectors.simulation_defaults(as_of=date(2026, 1, 1))
    assert defaults.cost_per_review > 0  # the finance demo's spending on cycle 1 per completed review
    assert "cycle 1" in defaults.sources["cost_per_review"]
    result = selectors.simulate_proposal(simulation.validate({"runs": 20}), as_of=date(2026, 1, 1))
    assert result["feasible"] is True
    assert result["completion_year_median"] >= 2027


def test_the_demo_holds_proposals_the_secretariat_compares(demo, cast):
    from django.test import Client

    from irm.analytics.models import Proposal

    proposals = list(Proposal.objects.order_by("pk"))
    assert [p.name for p in proposals][:2] == [
        "One fifth a year, as in cycle 2",
        "A fourth a year, at most two reviews a year",
    ]
    client = Client()
    client.force_login(cast["secretariat"])
    page = client.get(
        "/analytics/proposals/compare/?" + "&".join(f"p={p.pk}" for p in proposals)
    ).content.decode()
    assert "Every stage on the indicative timeline" in page
    assert "Year the proposed threshold is reached (median)" in page
