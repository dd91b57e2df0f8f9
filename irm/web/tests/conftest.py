"""A few reviews in the latest cycle, enough for dashboards, status filters and party pages."""

from __future__ import annotations

import datetime

import pytest

from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, ReviewExpert, Stage


@pytest.fixture
def reviews(cast):
    """KEN in progress (expert-nzl assigned), FRA completed with a published summary, BRA just drawn."""
    cycle = Cycle.objects.order_by("-number")[0]
    states = {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "FRA", "BRA", "NZL", "CHN", "DEU"])}
    kenya = Review.objects.create(
        cycle=cycle,
        state=states["KEN"],
        year=1,
        reviewer_1=states["NZL"],
        reviewer_2=states["CHN"],
        stage=Stage.DESK_REVIEW_DONE,
    )
    france = Review.objects.create(
        cycle=cycle,
        state=states["FRA"],
        year=1,
        reviewer_1=states["DEU"],
        reviewer_2=states["BRA"],
        stage=Stage.SUMMARY_PUBLISHED,
    )
    Milestone.objects.create(review=france, stage=Stage.SUMMARY_PUBLISHED, done_on=datetime.date(2024, 3, 1))
    Milestone.objects.create(review=kenya, stage=Stage.DIRECT_DIALOGUE_HELD, due_on=datetime.date(2020, 1, 1))
    brazil = Review.objects.create(cycle=cycle, state=states["BRA"], year=2, stage=Stage.LOTS_DRAWN)
    ReviewExpert.objects.create(review=kenya, user=cast["expert-nzl"], state=states["NZL"])
    return {"KEN": kenya, "FRA": france, "BRA": brazil}
