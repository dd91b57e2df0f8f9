"""The status counts, for a date, only the reviews of parties for which the Convention was then in force."""

from __future__ import annotations

from datetime import date

import pytest

from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage
from irm.reviews.selectors import status

pytestmark = pytest.mark.django_db


def answered(cycle, iso3: str, on: date) -> Review:
    review = Review.objects.create(cycle=cycle, state=State.objects.get(iso3=iso3), year=1)
    for stage in (Stage.LOTS_DRAWN, Stage.CHECKLIST_SUBMITTED):
        Milestone.objects.create(review=review, stage=stage, done_on=on)
    return review


def test_a_review_counts_only_from_the_day_the_convention_entered_into_force_for_its_state(cycle2):
    answered(cycle2, "KEN", date(2016, 9, 1))  # in force since 14 December 2005
    answered(cycle2, "JPN", date(2016, 9, 1))  # in force for Japan from 10 August 2017 (art. 68)
    before = status(cycle2, as_of=date(2017, 8, 9)).data
    assert before["checklist_answers"] == 1 and before["reviews"]["total"] == 1
    assert before["reviews_not_counted"] == {"count": 1, "states": ["JPN"]}
    after = status(cycle2, as_of=date(2017, 8, 10)).data
    assert after["checklist_answers"] == 2 and after["reviews_not_counted"]["count"] == 0


def test_a_party_without_a_recorded_date_is_not_counted_before_it_is_known_to_be_one(cycle2):
    answered(cycle2, "SUR", date(2019, 1, 1))
    data = status(cycle2, as_of=date(2022, 11, 7)).data
    assert data["checklist_answers"] == 0 and data["reviews_not_counted"]["states"] == ["SUR"]
