"""The demo reproduces the status reported to the IRG in November 2022 (S000 ¶14)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from irm.cycles.models import Cycle
from irm.reviews import demo, permissions
from irm.reviews.models import Delay, Milestone, Review, Stage
from irm.reviews.selectors import status

pytestmark = pytest.mark.django_db


def test_demo_status_of_cycle_2_matches_the_november_2022_report(demo_loaded):
    data = status(Cycle.objects.get(number=2), as_of=date(2022, 11, 7)).data
    assert data["checklist_answers"] == 155
    assert data["direct_dialogues"]["total"] == 99
    assert data["direct_dialogues"]["country_visits"] == 92
    assert data["direct_dialogues"]["joint_meetings"] == 7
    assert data["direct_dialogues"]["share_with_other_stakeholders"] == pytest.approx(0.95, abs=0.01)
    assert data["executive_summaries"] == 64
    assert data["country_reports"] == 43
    assert data["executive_summaries_in_final_stage"] == 15


def test_demo_status_of_cycle_1_matches_the_november_2022_report(demo_loaded):
    data = status(Cycle.objects.get(number=1), as_of=date(2022, 11, 7)).data
    assert data["checklist_answers"] == 185
    assert data["direct_dialogues"] == data["direct_dialogues"] | {
        "total": 176,
        "country_visits": 162,
        "joint_meetings": 14,
    }
    assert data["executive_summaries"] == 174
    assert data["country_reports"] == 164


def test_demo_has_reviews_at_every_stage_and_overdue_ones_with_reasons(demo_loaded):
    stages = set(Review.objects.filter(cycle__number=2).values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Delay.objects.filter(review__cycle__number=2).count() >= 10


def test_demo_kenya_is_live_with_its_focal_point_and_a_new_zealand_expert(demo_loaded, cast):
    kenya = Review.objects.get(cycle__number=2, state__iso3="KEN")
    assert kenya.focal_point == cast["fp-kenya"]
    assert kenya.experts.filter(user=cast["expert-nzl"], state__iso3="NZL").exists()
    assert "NZL" in {s.iso3 for s in kenya.reviewers}
    assert "FRA" not in {s.iso3 for s in kenya.reviewers}
    assert permissions.can_view_confidential(cast["expert-nzl"], kenya)
    assert not permissions.can_view_confidential(cast["fp-france"], kenya)


def test_demo_runs_twice_without_duplicating(demo_loaded):
    counts = (Review.objects.count(), Milestone.objects.count(), Delay.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Review.objects.count(), Milestone.objects.count(), Delay.objects.count()) == counts
