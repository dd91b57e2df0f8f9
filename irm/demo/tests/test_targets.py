"""The demo reproduces every published figure listed in data/targets.yaml (each group has a check)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from irm.demo.loader import Node, read_data

TARGETS = read_data("targets")


def _close(actual: float, target: dict[str, float]) -> bool:
    return abs(actual - target["about"]) <= target["within"]


def check_status(group: Node) -> None:
    from irm.cycles.models import Cycle
    from irm.reviews.selectors import status

    for row in group.rows("cycles"):
        data = status(Cycle.objects.get(number=row["cycle"]), as_of=group.day("as_of")).data
        dialogues = data["direct_dialogues"]
        actual = {
            "checklist_answers": data["checklist_answers"],
            "direct_dialogues": dialogues["total"],
            "country_visits": dialogues["country_visits"],
            "joint_meetings": dialogues["joint_meetings"],
            "executive_summaries": data["executive_summaries"],
            "country_reports": data["country_reports"],
            "executive_summaries_in_final_stage": data.get("executive_summaries_in_final_stage"),
        }
        for key, expected in row.value.items():
            if key == "cycle":
                continue
            if key == "share_with_other_stakeholders":
                assert _close(dialogues["share_with_other_stakeholders"], expected), (row.path, key)
            else:
                assert actual[key] == expected, (row.path, key, actual[key], expected)


def check_finance(group: Node) -> None:
    from irm.finance import selectors

    s000, s004, posts = group.value
    report = selectors.build_report(s000["as_of"])
    figures = selectors.report_figures(s000["as_of"])
    assert figures["expenditure_by_cycle"] == {str(k): v for k, v in s000["expenditure_by_cycle"].items()}
    assert figures["contributions_total"] == s000["contributions_total"]
    assert figures["funding_gap"] == s000["funding_gap"]
    assert report["previous"]["as_of"] == s000["previous"]["as_of"].isoformat()
    assert report["previous"]["symbol"] == s000["previous"]["symbol"]
    assert report["change"]["expenditure_total"] == s000["expenditure_change"]
    gaps = {(r["cycle"], r["year"]): Decimal(r["gap"]) for r in figures["funding_gap_by_year"]}
    assert all(gaps[(1, y)] == 0 for y in range(1, 6)) and all(gaps[(2, y)] == 0 for y in range(1, 5))
    unfunded = selectors.position(s004["as_of"]).unfunded_by("cycle_number", "year")
    assert unfunded[(2, 1)] + unfunded[(2, 2)] == Decimal(s004["gap_first_two_years_of_cycle_2"])
    base = selectors.position(s004["as_of"])
    yearly = Decimal(posts["regular_budget_posts_per_year"])
    scenario = selectors.scenario_regular_budget_posts(
        base, yearly_amount=yearly, cycle_number=2, from_year=3
    )
    assert base.funding_gap - scenario.funding_gap == 3 * yearly


def check_ta_needs(group: Node) -> None:
    from irm.analysis.selectors import NeedsFilter, ta_needs

    doc = ta_needs(
        NeedsFilter(cycle=group["cycle"], as_of=group.day("as_of"), categories="primary"), use_cache=False
    )
    chapters = {row["chapter"]: row["share"] for row in doc["by_chapter"]}
    categories = {row["category"]: row["share"] for row in doc["by_category"]}
    africa = next(row for row in doc["by_region"] if row["region"] == "AFRICA")
    actual = {
        "share_of_states_with_needs": doc["states_with_needs"] / doc["states_with_executive_summary"],
        "share_of_needs_in_chapter_2": chapters[2],
        "share_of_capacity_building": categories["capacity_building"],
        "share_of_needs_of_african_states": africa["share_of_needs"],
    }
    for key, value in actual.items():
        assert _close(value, group[key]), (key, value, group[key])
    assert max(categories, key=lambda code: categories[code]) == group["most_frequent_category"]


def check_bureau(group: Node) -> None:
    from irm.meetings import selectors
    from irm.meetings.models import Session

    proposal = selectors.rotation_proposal(Session.objects.get(slug=group["session"]))
    assert proposal["president_group"] == group["president_group"]
    assert proposal["rapporteur_group"] == group["rapporteur_group"]
    assert proposal["host_practice"]["president_group"] == group["host_practice_president_group"]


def check_sessions(group: Node) -> None:
    from irm.meetings.models import Session

    for i, value in enumerate(group.value):
        row = Node(group.file, f"{group.path}[{i}]", value)
        session = Session.objects.get(slug=row["session"])
        if "parties_at_least" in row:
            assert session.delegations.filter(kind="party").count() >= row["parties_at_least"]
        if "joint_meetings" in row:
            assert session.joint_meetings.count() == row["joint_meetings"]
        if "meetings" in row:
            assert session.work_slots.count() == row["meetings"]
        if "interpreted_meetings_limit" in row:
            assert session.interpreted_meetings_limit == row["interpreted_meetings_limit"]
        if "draft_resolution_deadline" in row:
            assert session.draft_resolution_deadline == row["draft_resolution_deadline"]


CHECKS: dict[str, Callable[[Node], Any]] = {
    "status": check_status,
    "finance": check_finance,
    "ta_needs": check_ta_needs,
    "bureau": check_bureau,
    "sessions": check_sessions,
}


def test_every_group_of_targets_has_a_check_and_names_its_source():
    assert set(TARGETS.value) == set(CHECKS)
    for name, group in TARGETS.value.items():
        parts = group if isinstance(group, list) else [group]
        assert all(part.get("source") for part in parts), name


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_demo_reproduces_the_published_figures(demo, name):
    value = TARGETS[name]
    CHECKS[name](Node(TARGETS.file, name, value))


def test_the_status_command_prints_the_november_2022_figures(demo, run_irm):
    out = run_irm("status", "--cycle", "2", "--as-of", "2022-11-07")
    assert "155" in out and "99" in out and "64" in out and "43" in out
