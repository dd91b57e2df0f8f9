"""The mechanism's status on a known data set, the projection, the command and the API."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from irm.cycles.models import Cycle, CycleExtension
from irm.parties.models import State
from irm.reviews.models import DialogueType, DirectDialogue, Milestone, Review, Stage
from irm.reviews.selectors import completions_by_month, status

pytestmark = pytest.mark.django_db

AS_OF = date(2022, 11, 7)
JSON_KEYS = {
    "cycle",
    "as_of",
    "checklist_answers",
    "direct_dialogues",
    "executive_summaries",
    "country_reports",
    "completion_rate",
    "threshold",
    "projected_threshold_date",
    "projected_completion_date",
}


def make(
    cycle: Cycle,
    state: State,
    last: Stage,
    *,
    agreed: date | None = None,
    dialogue: str = "",
    stakeholders=True,
):
    review = Review.objects.create(cycle=cycle, state=state, year=1)
    day = date(2017, 6, 1)
    for stage in Stage.ordered()[: last.index + 1]:
        done = agreed if stage == Stage.SUMMARY_AGREED and agreed else day
        Milestone.objects.create(review=review, stage=stage, done_on=done)
        day += timedelta(days=30)
    if dialogue:
        DirectDialogue.objects.create(
            review=review, kind=dialogue, starts_on=day, other_stakeholders=stakeholders
        )
    return review


@pytest.fixture
def known(cycle2):
    states = list(State.objects.order_by("iso3")[:10])
    make(cycle2, states[0], Stage.REPORT_FINALIZED, agreed=date(2021, 12, 1), dialogue=DialogueType.ON_SITE)
    make(
        cycle2,
        states[1],
        Stage.REPORT_FINALIZED,
        agreed=date(2022, 3, 1),
        dialogue=DialogueType.ONLINE,
        stakeholders=False,
    )
    make(
        cycle2, states[2], Stage.SUMMARY_AGREED, agreed=date(2022, 6, 1), dialogue=DialogueType.JOINT_MEETING
    )
    make(cycle2, states[3], Stage.DRAFT_REPORT_SENT, dialogue=DialogueType.HYBRID)
    late = make(cycle2, states[4], Stage.CHECKLIST_SUBMITTED)
    Milestone.objects.filter(review=late, stage=Stage.CHECKLIST_CIRCULATED).update(done_on=date(2023, 1, 1))
    make(cycle2, states[5], Stage.KICK_OFF_HELD)
    for state in states[6:]:
        make(cycle2, state, Stage.LOTS_DRAWN)
    return cycle2


def test_status_counts_on_a_known_data_set(known):
    data = status(known, as_of=AS_OF).data
    assert data.keys() >= JSON_KEYS
    assert data["cycle"] == 2 and data["as_of"] == "2022-11-07"
    assert data["checklist_answers"] == 5
    assert {k: data["direct_dialogues"][k] for k in ("total", "country_visits", "joint_meetings")} == {
        "total": 4,
        "country_visits": 3,
        "joint_meetings": 1,
    }
    assert data["direct_dialogues"]["share_with_other_stakeholders"] == 0.75
    assert data["executive_summaries"] == 3
    assert data["executive_summaries_in_final_stage"] == 1
    assert data["country_reports"] == 2
    assert data["reviews"] == {"total": 10, "not_started": 4, "in_progress": 3, "completed": 3}
    assert data["completion_rate"] == 0.3
    assert data["threshold"] == 0.7


def test_status_counts_only_what_was_done_by_the_date(known):
    assert status(known, as_of=date(2022, 2, 1)).data["executive_summaries"] == 1
    assert status(known, as_of=date(2010, 1, 1)).data["checklist_answers"] == 0


def test_projection_at_the_pace_of_the_last_12_months(known):
    data = status(known, as_of=AS_OF).data
    assert data["pace_last_12_months"] == 3
    # 7 reviews make the 70% threshold: 4 more at 3 a year; 7 more for all of them.
    assert data["projected_threshold_date"] == (AS_OF + timedelta(days=487)).isoformat()
    assert data["projected_completion_date"] == (AS_OF + timedelta(days=852)).isoformat()
    assert data["current_deadline"] == "2024-06-30"
    assert data["proposed_deadline"] == "2025-12-31"
    assert data["threshold_by_deadline"] is True
    assert data["completion_by_deadline"] is False
    assert data["completion_by_proposed_deadline"] is True


def test_no_projection_without_recent_progress_and_past_date_when_reached(known):
    assert status(known, as_of=date(2024, 6, 1)).data["projected_threshold_date"] is None
    known.completion_threshold = "0.200"
    known.save()
    assert status(known, as_of=AS_OF).data["projected_threshold_date"] == "2022-03-01"


def test_extensions_count_when_decided(known):
    CycleExtension.objects.filter(cycle=known, status=CycleExtension.Status.PROPOSED).update(
        status=CycleExtension.Status.DECIDED
    )
    data = status(known, as_of=AS_OF).data
    assert data["current_deadline"] == "2025-12-31" and data["proposed_deadline"] is None


def test_status_by_region(known):
    regions = status(known, as_of=AS_OF).data["by_region"]
    assert sum(b["reviews"] for b in regions.values()) == 10
    assert sum(b["executive_summaries"] for b in regions.values()) == 3


def test_completions_by_month_is_cumulative():
    series = completions_by_month([date(2022, 1, 5), date(2022, 1, 20), date(2022, 3, 1)])
    assert series == [(date(2022, 1, 1), 2), (date(2022, 2, 1), 2), (date(2022, 3, 1), 3)]


def test_status_command_json(known, run_irm):
    data = json.loads(run_irm("status", "--cycle", "2", "--as-of", "2022-11-07", "--format", "json"))
    assert data.keys() >= JSON_KEYS
    assert data["direct_dialogues"]["total"] == 4


def test_status_command_text(known, run_irm):
    out = run_irm("status", "--cycle", "2", "--as-of", "2022-11-07")
    assert (
        "checklist answers received: 5" in out
        and "executive summaries completed: 3 (+1 in final stage)" in out
    )


def test_status_command_rejects_a_bad_date_or_cycle(run_irm):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run_irm("status", "--cycle", "9")
    with pytest.raises(CommandError):
        run_irm("status", "--cycle", "2", "--as-of", "7/11/2022")


def test_status_api_and_page(client, known):
    data = client.get("/api/v1/reviews/status/2?as_of=2022-11-07").json()
    assert data["executive_summaries"] == 3
    assert client.get("/api/v1/reviews/status/9").status_code == 404
    page = client.get("/reviews/status/2/?as_of=2022-11-07")
    assert page.status_code == 200 and "Checklist answers received" in page.content.decode()
    chart = client.get("/reviews/status/2/chart.svg?as_of=2022-11-07")
    assert chart["Content-Type"] == "image/svg+xml" and chart.content.startswith(b"<?xml")


def test_the_threshold_is_shown_as_a_proposal_with_its_source(known, client, cast):
    """docs/RULES.md R-C1: 70 % was suggested (S000 ¶18), never adopted; it stays a setting."""
    data = status(known, as_of=AS_OF).data
    assert data["threshold_status"] == "proposal" and "S000 ¶18" in data["threshold_source"]
    page = client.get(f"/cycles/{known.number}/").content.decode()
    assert "Completion threshold (proposed)" in page and "not adopted" in page and "S000 ¶18" in page
    client.force_login(cast["secretariat"])
    page = client.get(f"/reviews/status/{known.number}/").content.decode()
    assert "proposed threshold 70%, not adopted" in page
