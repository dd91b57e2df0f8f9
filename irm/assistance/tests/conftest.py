from __future__ import annotations

from datetime import date

import pytest

from irm.assistance import services
from irm.assistance.models import ProviderKind
from irm.convention.models import Article
from irm.cycles.models import Cycle, TACategory
from irm.findings.models import Finding
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage

SUMMARY_DAY = date(2022, 3, 1)


@pytest.fixture
def states(db):
    return {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "FRA", "NOR", "NZL", "ZAF"])}


@pytest.fixture
def kenya(states):
    """Kenya's cycle 2 review, summary agreed on 2022-03-01, with three needs (two categories)."""
    cycle = Cycle.objects.get(number=2)
    review = Review.objects.create(
        cycle=cycle, state=states["KEN"], year=1, reviewer_1=states["NZL"], reviewer_2=states["ZAF"]
    )
    Milestone.objects.create(review=review, stage=Stage.SUMMARY_AGREED, done_on=SUMMARY_DAY)
    categories = list(TACategory.objects.filter(cycle=cycle).order_by("order")[:2])
    needs = []
    for i, number in enumerate([9, 10, 12]):
        need = Finding.objects.create(
            review=review,
            type="ta_need",
            text=f"Need on article {number}",
            chapter=Article.objects.get(number=number).chapter,
        )
        need.articles.set([Article.objects.get(number=number)])
        need.categories.set([categories[i % 2]])
        needs.append(need)
    challenge = Finding.objects.create(review=review, type="challenge", text="A challenge")
    return {"review": review, "needs": needs, "challenge": challenge, "categories": categories}


@pytest.fixture
def make_input(states):
    def make(*, needs=(), **kwargs):
        values = {
            "title": "Training of prosecutors",
            "provider_kind": ProviderKind.STATE,
            "provider_state": states["NOR"],
            "beneficiary": states["KEN"],
        }
        values.update(kwargs)
        return services.ActivityInput(needs=list(needs), **values)

    return make
