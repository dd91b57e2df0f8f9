"""A small hand-computed data set covering every counting rule of the needs analysis.

Cycle 2, as of 2023-09-15, since 2021-09-15 (expected figures in test_ta_needs.py):

| State (region)      | summary agreed  | published | needs (articles / chapter ; categories)                 |
|---------------------|-----------------|-----------|----------------------------------------------------------|
| KEN (AFRICA)        | 2020-06-01      | yes       | n1 arts 5+6; legislative, capacity (no primary)          |
|                     |                 |           | n2 art 52; capacity                                      |
|                     |                 |           | n3 chapter II in general; no category                    |
| NGA (AFRICA)        | 2022-03-01      | no        | n4 arts 5+52 (two chapters); capacity, research (primary research) |
|                     |                 |           | n5 chapter V in general; institution                     |
|                     |                 |           | n6 no chapter, no article; policymaking                  |
| CHN (ASIA_PACIFIC)  | 2023-09-15      | no        | n7 art 9; capacity                                       |
| FRA (WEOG)          | 2021-01-10      | yes       | none                                                     |
| BRA (GRULAC)        | 2023-10-01 (after as-of)     | n8 art 5 (not counted)                       |
| IND (ASIA_PACIFIC)  | not done        |           | n9 art 5 (not counted)                                   |
| KEN, cycle 1        | 2015-01-01      |           | n10 art 31 (other cycle)                                 |
Plus a challenge of KEN on art 5 (not a need). EEG: no summary at all.
"""

from __future__ import annotations

from datetime import date

import pytest

from irm.cycles.models import TACategory
from irm.findings.models import Finding, FindingType
from irm.reviews.models import Review, Stage
from tests.factories import finding, review_with


def make_review(cycle: int, iso3: str, agreed: date | None, *, published: date | None = None) -> Review:
    stages: dict[Stage, date | None] = {Stage.SUMMARY_AGREED: agreed}
    if published:
        stages[Stage.SUMMARY_PUBLISHED] = published
    return review_with(iso3, cycle=cycle, reviewers=None, stages=stages)


def make_finding(
    review: Review,
    *,
    kind: str = FindingType.TA_NEED,
    articles: tuple[int, ...] = (),
    chapter: int | None = None,
    categories: tuple[str, ...] = (),
    primary: str | None = None,
    text: str = "need",
    language: str = "en",
) -> Finding:
    return finding(
        review,
        type=kind,
        articles=articles,
        chapter_number=chapter,
        categories=categories,
        primary_category=TACategory.objects.get(cycle=review.cycle, code=primary) if primary else None,
        text=text,
        language=language,
    )


@pytest.fixture
def needs_data(db):
    ken = make_review(2, "KEN", date(2020, 6, 1), published=date(2020, 7, 1))
    make_finding(ken, articles=(5, 6), categories=("capacity_building", "legislative_assistance"))
    make_finding(ken, articles=(52,), categories=("capacity_building",))
    make_finding(ken, chapter=2)
    make_finding(ken, kind=FindingType.CHALLENGE, articles=(5,))
    nga = make_review(2, "NGA", date(2022, 3, 1))
    make_finding(
        nga, articles=(5, 52), categories=("capacity_building", "research_data"), primary="research_data"
    )
    make_finding(nga, chapter=5, categories=("institution_building",))
    make_finding(nga, categories=("policymaking",))
    chn = make_review(2, "CHN", date(2023, 9, 15))
    make_finding(chn, articles=(9,), categories=("capacity_building",))
    make_review(2, "FRA", date(2021, 1, 10), published=date(2021, 2, 1))
    bra = make_review(2, "BRA", date(2023, 10, 1))
    make_finding(bra, articles=(5,), categories=("capacity_building",))
    ind = make_review(2, "IND", None)
    make_finding(ind, articles=(5,), categories=("capacity_building",))
    ken1 = make_review(1, "KEN", date(2015, 1, 1))
    make_finding(ken1, articles=(31,), categories=("capacity_building",))
    return {"ken": ken, "nga": nga, "chn": chn}
