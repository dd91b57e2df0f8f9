from __future__ import annotations

import io
from datetime import date

import pytest

from irm.accounts.models import Membership, Role, User
from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage


@pytest.fixture
def states(db):
    return {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NZL", "FRA", "BRA", "UGA", "CHN"])}


@pytest.fixture
def cycle2(db):
    return Cycle.objects.get(number=2)


@pytest.fixture
def kenya_review(cast, states, cycle2):
    """Kenya's cycle-2 review, drawn on 2024-06-03, reviewed by Uganda and New Zealand."""
    review = Review.objects.create(
        cycle=cycle2, state=states["KEN"], year=5, reviewer_1=states["UGA"], reviewer_2=states["NZL"]
    )
    Milestone.objects.create(review=review, stage=Stage.LOTS_DRAWN, done_on=date(2024, 6, 3))
    return review


@pytest.fixture
def make_user(db):
    def make(username: str, role: str | None = None, iso3: str | None = None, email: bool = True) -> User:
        user = User.objects.create_user(
            username, email=f"{username}@example.org" if email else "", password="x"
        )
        if role:
            Membership.objects.create(
                user=user, role=role, state=State.objects.get(iso3=iso3) if iso3 else None
            )
        return user

    return make


@pytest.fixture
def demo_loaded(cast):
    from irm.reviews import demo

    out = io.StringIO()
    demo.load(stdout=out)
    return out.getvalue()


__all__ = ["Role"]
