"""Issue 17 §8: the workflow page tells each role its next step or who holds the ball, with the due date;
a finished review is never overdue."""

from __future__ import annotations

import re
from datetime import date

import pytest

from irm.reviews import selectors
from irm.reviews.models import Milestone, Review, ReviewExpert, Stage

pytestmark = pytest.mark.django_db

URL = "/reviews/2/KEN/workflow/"


def _next_step(client, user) -> str:
    client.force_login(user)
    html = client.get(URL).content.decode()
    found = re.search(r'<p class="fs-5 mb-2" id="next-step">(.*?)</p>', html, re.S)
    assert found, "the workflow page says no next step"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1)))


def test_the_focal_point_reads_its_next_step_and_the_secretariat_whom_it_waits_for(
    client, cast, kenya_review
):
    mine = _next_step(client, cast["fp-kenya"])
    assert mine.startswith("Your next step: Nominate the focal point, due ")
    assert "days late" in mine  # the fixture's review started in June 2024
    theirs = _next_step(client, cast["secretariat"])
    assert theirs.startswith("Waiting for: the State under review — nominate the focal point, due ")


def test_the_expert_waits_for_the_checklist_with_its_due_date(client, cast, kenya_review):
    for stage, on in (
        (Stage.FOCAL_POINT_NOMINATED, date(2024, 6, 10)),
        (Stage.KICK_OFF_HELD, date(2024, 6, 20)),
    ):
        Milestone.objects.create(review=kenya_review, stage=stage, done_on=on)
    ReviewExpert.objects.create(review=kenya_review, user=cast["expert-nzl"], state=kenya_review.reviewer_2)
    step = selectors.next_step(kenya_review, party="reviewers", as_of=date(2024, 6, 21))
    assert step is not None and step.stage == Stage.CHECKLIST_SUBMITTED and not step.yours
    assert step.due_on is not None and step.days_late == 0
    text = _next_step(client, cast["expert-nzl"])
    assert text.startswith("Waiting for: the State under review — answer the checklist, due ")


def test_a_finished_review_names_the_next_step_without_a_deadline(client, cast, kenya_review):
    Review.objects.filter(pk=kenya_review.pk).update(stage=Stage.SUMMARY_AGREED)
    text = _next_step(client, cast["secretariat"])
    assert text.startswith("Your next step: Finalize the country report")
    assert "late" not in text and "due" not in text and "no deadline runs" in text
    step = selectors.next_step(Review.objects.get(pk=kenya_review.pk), party=None, as_of=date(2033, 1, 1))
    assert step is not None and step.days_late == 0 and step.due_on is None
