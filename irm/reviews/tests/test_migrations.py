"""What migration reviews 0004 sets for the reviews recorded before the notification stage (R-T1)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from irm.reviews.models import DialogueType, DirectDialogue, Milestone, Review, Stage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("irm.reviews.migrations.0004_notification_of_existing_reviews")


@pytest.fixture
def old_reviews(states, cycle2):
    """Two reviews as they were recorded before the stage existed: one under way, one not started."""
    started = Review.objects.create(cycle=cycle2, state=states["KEN"], year=1)
    Milestone.objects.create(review=started, stage=Stage.LOTS_DRAWN, done_on=date(2016, 6, 1))
    Milestone.objects.create(review=started, stage=Stage.FOCAL_POINT_NOMINATED, done_on=date(2016, 7, 1))
    DirectDialogue.objects.create(review=started, kind=DialogueType.ON_SITE, starts_on=date(2017, 3, 1))
    idle = Review.objects.create(cycle=cycle2, state=states["BRA"], year=5)
    Milestone.objects.create(review=idle, stage=Stage.LOTS_DRAWN, done_on=date(2020, 6, 1))
    return started, idle


def test_a_review_under_way_is_notified_on_the_day_of_the_draw_with_a_note(old_reviews):
    started, _idle = old_reviews
    migration.forwards(apps, None)
    notified = Milestone.objects.get(review=started, stage=Stage.REVIEW_NOTIFIED)
    assert notified.done_on == date(2016, 6, 1)
    assert "not recorded" in notified.note and "drawing of lots" in notified.note
    assert DirectDialogue.objects.get(review=started).state_agreed is True


def test_a_review_not_started_gets_the_stage_without_a_date(old_reviews):
    _started, idle = old_reviews
    migration.forwards(apps, None)
    assert Milestone.objects.get(review=idle, stage=Stage.REVIEW_NOTIFIED).done_on is None


def test_the_migration_runs_once_and_reverses(old_reviews):
    migration.forwards(apps, None)
    migration.forwards(apps, None)
    assert Milestone.objects.filter(stage=Stage.REVIEW_NOTIFIED).count() == 2
    migration.backwards(apps, None)
    assert not Milestone.objects.filter(stage=Stage.REVIEW_NOTIFIED).exists()
    assert not DirectDialogue.objects.filter(state_agreed=True).exists()
