"""Whole histories of reviews written at once (the demo loader): milestones with their due dates, the
stage, the dialogue, delays and consent as the workflow computes them; a history out of order is refused."""

from __future__ import annotations

from datetime import date

import pytest

from irm.core.exceptions import InvalidInput
from irm.reviews import services
from irm.reviews.models import Delay, DirectDialogue, Milestone, Review, Stage
from irm.reviews.services import DelayRecord, DialogueRecord, StageHistory

pytestmark = pytest.mark.django_db
S = Stage


def test_a_history_gives_milestones_due_dates_stage_dialogue_delay_and_consent(kenya_review, states, cycle2):
    france = Review.objects.create(cycle=cycle2, state=states["FRA"], year=1)
    kenya_done = {S.LOTS_DRAWN: date(2024, 6, 3), S.FOCAL_POINT_NOMINATED: date(2024, 6, 20)}
    france_done = {stage: date(2020, 1, 1 + i) for i, stage in enumerate(Stage.ordered())}
    written = services.record_histories(
        actor=None,
        histories=[
            StageHistory(
                review=kenya_review,
                done=kenya_done,
                delays=[DelayRecord(S.KICK_OFF_HELD, "political", "Elections.", date(2025, 1, 31))],
            ),
            StageHistory(
                review=france,
                done=france_done,
                dialogue=DialogueRecord(
                    "on_site", date(2020, 1, 5), date(2020, 1, 7), other_stakeholders=True
                ),
                languages=["fr", "en"],
            ),
        ],
    )
    assert written == 2
    kenya_review.refresh_from_db()
    france.refresh_from_db()
    assert kenya_review.stage == S.FOCAL_POINT_NOMINATED
    assert Milestone.objects.get(review=kenya_review, stage=S.KICK_OFF_HELD).due_on == date(2025, 1, 31)
    assert Milestone.objects.filter(review=kenya_review).count() == len(Stage.values)
    assert Delay.objects.get(review=kenya_review).category == "political"
    assert (
        france.stage == S.FOLLOW_UP and france.report_publication_consent and france.languages == ["fr", "en"]
    )
    assert DirectDialogue.objects.get(review=france).other_stakeholders


def test_a_stage_dated_before_the_one_it_follows_is_refused_and_nothing_is_written(kenya_review):
    before = list(Milestone.objects.filter(review=kenya_review).values_list("stage", "done_on"))
    history = StageHistory(
        review=kenya_review, done={S.LOTS_DRAWN: date(2024, 6, 3), S.KICK_OFF_HELD: date(2024, 5, 1)}
    )
    with pytest.raises(InvalidInput):
        services.record_histories(actor=None, histories=[history])
    assert list(Milestone.objects.filter(review=kenya_review).values_list("stage", "done_on")) == before
    kenya_review.refresh_from_db()
    assert kenya_review.stage == S.LOTS_DRAWN
