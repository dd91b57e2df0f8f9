"""Fixtures of the checklists tests: Kenya's cycle-2 review with its answer, and people around it."""

from __future__ import annotations

import pytest

from irm.accounts.models import Membership, Role, User
from irm.checklists import services
from irm.checklists.models import Question
from irm.convention.models import Article
from irm.parties.models import State
from irm.reviews.models import Review, ReviewExpert
from tests.factories import review_with


def make_review(iso3: str, cycle_number: int, reviewers: tuple[str, str] = ("NZL", "GHA")) -> Review:
    return review_with(iso3, cycle=cycle_number, reviewers=reviewers)


@pytest.fixture
def review(cast) -> Review:
    """Kenya's cycle-2 review, reviewed by New Zealand (expert-nzl acts on it) and Ghana."""
    review = make_review("KEN", 2)
    assert review.reviewer_1 is not None
    ReviewExpert.objects.get_or_create(
        review=review, user=cast["expert-nzl"], defaults={"state": review.reviewer_1}
    )
    return review


@pytest.fixture
def checklist(review, cast):
    return services.start_checklist(actor=cast["fp-kenya"], review=review)


@pytest.fixture
def other_expert(db) -> User:
    """An expert acting on another review (France's), not on Kenya's."""
    user = User.objects.create_user("expert-other", email="other@example.org", password="x")
    Membership.objects.create(user=user, role=Role.EXPERT, state=State.objects.get(iso3="NZL"))
    france = make_review("FRA", 2, reviewers=("NZL", "DEU"))
    ReviewExpert.objects.create(review=france, user=user, state=france.reviewer_1)  # type: ignore[misc]
    return user


def article(number: int) -> Article:
    return Article.objects.get(number=number)


def question(checklist, code: str) -> Question:
    return Question.objects.get(cycle_id=checklist.review.cycle_id, code=code)


def fill_required(checklist, actor, *, skip: tuple[str, ...] = ()) -> None:
    """Answer every required question still empty (status "fully", so no gaps to explain; measures with a
    sentence), so that the submission check lets the answer through; `skip`: codes left as they are."""
    from irm.checklists.models import Answer

    answered = set(Answer.objects.filter(checklist=checklist).values_list("question__code", flat=True))
    for q in Question.objects.filter(cycle_id=checklist.review.cycle_id, required=True, condition={}):
        if q.code in answered or q.code in skip:
            continue
        value = "fully" if q.kind == "status" else "The measures in force are described here."
        services.save_answer(actor=actor, checklist=checklist, question=q, value=value, base_version=0)
