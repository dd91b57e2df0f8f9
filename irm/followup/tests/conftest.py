"""Kenya's follow-up story, shared by the page, command and API tests."""

from __future__ import annotations

from datetime import date

import pytest

from irm.findings import services
from irm.findings.tests.conftest import agree_summary, make_review
from irm.reviews.models import ReviewExpert


@pytest.fixture
def story(cast):
    """Kenya's cycle-1 review: three recommendations (articles 15, 15+16, 9); two with follow-up."""
    first = make_review("KEN", cycle=1)
    recs = []
    for text, numbers in (("R15", [15]), ("R15-16", [15, 16]), ("R9", [9])):
        rec = services.create_finding(
            actor=cast["secretariat"], review=first, type="recommendation", text=text, articles=numbers
        )
        recs.append(rec)
    agree_summary(first, on=date(2015, 6, 1))
    services.submit_follow_up(
        actor=cast["fp-kenya"],
        recommendation=recs[0],
        measures="m",
        status="partially_implemented",
        reported_on=date(2020, 1, 1),
    )
    services.submit_follow_up(
        actor=cast["fp-kenya"],
        recommendation=recs[0],
        measures="m",
        status="implemented",
        reported_on=date(2022, 1, 1),
    )
    services.submit_follow_up(
        actor=cast["fp-kenya"],
        recommendation=recs[1],
        measures="m",
        status="not_implemented",
        reported_on=date(2021, 1, 1),
    )
    later = make_review("KEN", cycle=2)
    assert later.reviewer_1 is not None
    ReviewExpert.objects.get_or_create(
        review=later, user=cast["expert-nzl"], defaults={"state": later.reviewer_1}
    )
    return first, later, recs
