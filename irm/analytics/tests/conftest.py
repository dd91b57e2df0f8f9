"""Reviews with recorded stages, made with factory-boy (tests may write any app's rows)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import cast

import factory
import pytest

from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews.models import Delay, Milestone, Review, Stage


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    cycle = factory.LazyFunction(lambda: Cycle.objects.get(number=2))
    state = factory.Iterator(State.objects.exclude(iso3="EUU").order_by("iso3"))
    year = 1


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    review = factory.SubFactory(ReviewFactory)
    stage = Stage.LOTS_DRAWN
    done_on = date(2020, 1, 1)


class DelayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delay

    review = factory.SubFactory(ReviewFactory)
    stage = Stage.CHECKLIST_SUBMITTED
    category = "checklist"
    new_due_on = date(2021, 1, 1)


def review_with(done: dict[Stage, date], **kwargs) -> Review:
    review = cast(Review, ReviewFactory(**kwargs))
    for stage, day in done.items():
        MilestoneFactory(review=review, stage=stage, done_on=day)
    return review


@pytest.fixture
def small_cycle(db):
    """Cycle 2 with six reviews: five whose focal point took 10, 20, …, 50 days, one stuck since the draw
    (and its checklist delayed), and one that skipped the nomination's date."""
    drawn = date(2020, 1, 1)
    reviews = [
        review_with(
            {
                Stage.LOTS_DRAWN: drawn,
                Stage.REVIEW_NOTIFIED: drawn,
                Stage.FOCAL_POINT_NOMINATED: drawn + timedelta(days=10 * i),
            }
        )
        for i in range(1, 6)
    ]
    stuck = review_with({Stage.LOTS_DRAWN: drawn, Stage.REVIEW_NOTIFIED: drawn}, year=2)
    skipped = review_with(
        {Stage.LOTS_DRAWN: drawn, Stage.REVIEW_NOTIFIED: drawn, Stage.KICK_OFF_HELD: date(2020, 4, 1)}, year=2
    )
    delay = cast(Delay, DelayFactory(review=stuck, stage=Stage.FOCAL_POINT_NOMINATED, category="political"))
    # Recorded in March 2020 (auto_now_add would say today).
    Delay.objects.filter(pk=delay.pk).update(recorded_at=datetime(2020, 3, 1, tzinfo=UTC))
    return {"reviews": reviews, "stuck": stuck, "skipped": skipped}
