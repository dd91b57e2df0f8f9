"""The query budget (issue 18 §7): no main page and no API list costs more queries as its rows grow.

Each page and API list below is asked for by each role that uses it, on the demo, and its queries are
counted; then more rows of what these pages list are added (reviews with their milestones, findings with
their articles and categories, contributions with their payments, meeting documents) and the same
requests are counted again. A count that grew means a query per row (an N+1): the test names the page,
the role and both counts. Each request is made once before it is counted (sessions, the search index's
generation), and the cache is emptied before the counted one, so what a page computes is counted, not a
cached copy of it.
"""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PASSWORDLESS_ROLES = [
    "public",
    "secretariat",
    "fp-kenya",
    "contrib-kenya",
    "expert-nzl",
    "delegate",
    "donor-norway",
]

#: Pages everyone may open, and those of the signed-in roles.
PUBLIC_PAGES = [
    "/",
    "/parties/",
    "/cycles/",
    "/reviews/cycle/{cycle}/",
    "/reviews/status/{cycle}/",
    "/lots/",
    "/meetings/",
    "/meetings/{session}/",
    "/public/findings/",
    "/public/findings/?q=corruption",
    "/analytics/",
    "/api/v1/parties/",
    "/api/v1/reviews/",
    "/api/v1/public/findings",
    "/api/v1/meetings/",
    "/api/v1/meetings/{session}/documents",
    "/api/v1/lots/cycles/2/pairings",
    "/api/v1/lots/cycles/2/draws",
]
SIGNED_IN_PAGES = [
    "/reviews/deadlines/",
    "/checklists/",
    "/findings/",
    "/search/?q=corruption",
    "/api/v1/checklists/",
]
EXTRA_PAGES = {
    "secretariat": [
        "/findings/follow-up/",
        "/analysis/",
        "/finance/",
        "/finance/donors/",
        "/themes/",
        "/themes/suggestions/",
        "/audit/",
        "/analytics/proposals/",
        "/api/v1/finance/contributions",
        "/api/v1/finance/report",
        "/api/v1/findings/follow-up/overview?cycle={cycle}",
    ],
    "fp-kenya": ["/finance/", "/api/v1/finance/report"],
    "donor-norway": ["/api/v1/finance/contributions"],
}
#: Pages of one review (Kenya, the latest cycle), for the roles in its circle.
REVIEW_PAGES = [
    "/reviews/{cycle}/KEN/",
    "/reviews/{cycle}/KEN/workflow/",
    "/findings/reviews/{review}/",
    "/checklists/{checklist}/",
]
REVIEW_ROLES = ["secretariat", "fp-kenya", "contrib-kenya", "expert-nzl"]
REVIEW_API = ["/api/v1/findings/reviews/{review}/findings"]

#: How many rows of each kind the second measurement adds.
MORE = 6


def _requests(cast, review) -> list[tuple[str, str]]:
    from irm.checklists.models import Checklist
    from irm.meetings.models import Document

    session = Document.objects.order_by("pk").values_list("session__slug", flat=True).first()
    checklist = Checklist.objects.filter(review=review).values_list("pk", flat=True).first()
    fill = {"cycle": review.cycle.number, "review": review.pk, "session": session, "checklist": checklist}
    pairs = [(role, url.format(**fill)) for role in PASSWORDLESS_ROLES for url in PUBLIC_PAGES]
    pairs += [(role, url) for role in PASSWORDLESS_ROLES if role != "public" for url in SIGNED_IN_PAGES]
    pairs += [(role, url.format(**fill)) for role, urls in EXTRA_PAGES.items() for url in urls]
    pairs += [(role, url.format(**fill)) for role in REVIEW_ROLES for url in REVIEW_PAGES + REVIEW_API]
    return [(role, url) for role, url in pairs if role == "public" or role in cast]


_serial = itertools.count(1)


def _clone(obj: Model, **overrides) -> Model:
    """A copy of a row (its many-to-many links too), unique text fields made unique again."""
    model = type(obj)
    copy = model()
    n = next(_serial)
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if field.unique and isinstance(value, str):
            value = f"{value[: (field.max_length or 80) - 8]}-q{n}"
        setattr(copy, field.attname, value)
    for name, value in overrides.items():
        setattr(copy, name, value)
    copy.save()
    for field in model._meta.many_to_many:
        getattr(copy, field.name).set(getattr(obj, field.name).all())
    return copy


def _grow(review) -> None:
    """More of what the pages list: parties and their reviews, findings, contributions and payments, meeting documents."""
    from irm.findings.models import Finding

    # Every party has its review in every cycle of the demo: the new reviews are of new parties.
    from irm.reviews.models import Milestone, Review

    for n, template in enumerate(Review.objects.filter(cycle=review.cycle).exclude(pk=review.pk)[:MORE]):
        state = _clone(template.state, iso3=f"Q{n:02d}", name_en=f"{template.state.name_en} {n}")
        new = _clone(template, state=state)
        for milestone in Milestone.objects.filter(review=template):
            _clone(milestone, review=new)
    reviews_with_findings = Finding.objects.values_list("review_id", flat=True).distinct()
    for review_id in [review.pk, *list(reviews_with_findings.order_by("review_id")[:4])]:
        source = Finding.objects.filter(review_id=review_id).order_by("pk").first()
        if source is not None:
            for _ in range(MORE):
                _clone(source)
    try:
        from irm.finance.models import Contribution, Payment
    except ImportError:  # pragma: no cover - the app is part of the project
        return
    for contribution in Contribution.objects.order_by("pk")[:2]:
        for _ in range(MORE // 2):
            copy = _clone(contribution)
            for payment in Payment.objects.filter(contribution=contribution):
                _clone(payment, contribution=copy)
    from irm.meetings.models import Document

    for document in Document.objects.order_by("pk")[:MORE]:
        _clone(document)


def _count(clients, role: str, url: str) -> tuple[int, int]:
    client = clients[role]
    client.get(url)  # fills what a first request fills (sessions, the search index's generation…)
    cache.clear()  # but what the page computes is counted, not a cached copy of it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def test_no_page_costs_a_query_per_row(demo, cast):
    from django.test import Client

    from irm.reviews.models import Review

    cycle = Review.objects.order_by("-cycle__number").values_list("cycle", flat=True)[0]
    review = Review.objects.select_related("cycle").get(cycle_id=cycle, state__iso3="KEN")
    clients = {"public": Client()}
    for role in PASSWORDLESS_ROLES[1:]:
        if role in cast:
            clients[role] = Client()
            clients[role].force_login(cast[role])
    requests = _requests(cast, review)
    before = {pair: _count(clients, *pair) for pair in requests}
    answered = [pair for pair, (status, _) in before.items() if status == 200]
    # Most of the list is answered (a page refused to a role proves nothing about its queries).
    assert len(answered) >= len(requests) * 3 // 4, sorted(set(requests) - set(answered))
    _grow(review)
    after = {pair: _count(clients, *pair) for pair in answered}
    grew = [
        f"{role} {url}: {before[(role, url)][1]} → {after[(role, url)][1]} queries"
        for role, url in answered
        if after[(role, url)][1] > before[(role, url)][1]
    ]
    assert not grew, "queries that grow with the rows (N+1):\n" + "\n".join(grew)
    assert all(status == 200 for status, _ in after.values())
