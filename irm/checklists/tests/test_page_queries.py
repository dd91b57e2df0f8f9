"""The focal point's checklist pages read a fixed number of queries (issue 18 §5): the article page, the
overview and the autosave cost the same whatever the answer holds, and no more than their budget.

The caches are on, as in production: the cycle's questions, TA categories and chapters are kept per
content version in the process, so a page reads them once per change, not once per request.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from irm.checklists import services
from irm.checklists.models import Priority, Question
from irm.checklists.tests.conftest import article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_caching")]

#: Queries of each page for the focal point (session, user, memberships and the checklist included).
ARTICLE_PAGE_BUDGET = 14
OVERVIEW_BUDGET = 15
AUTOSAVE_BUDGET = 17


def _count(client, method: str, url: str, body: dict | None = None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        if method == "POST":
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response.content.decode()


def _fill_article(checklist, actor, number: int) -> None:
    for question in Question.objects.filter(
        cycle_id=checklist.review.cycle_id, article__number=number, kind="text"
    ):
        services.save_answer(
            actor=actor, checklist=checklist, question=question, value=f"On {question.code}.", base_version=0
        )


def test_the_article_page_and_overview_cost_a_fixed_number_of_queries(client, checklist, cast):
    fp = cast["fp-kenya"]
    client.force_login(fp)
    page = reverse("checklists:article", args=[checklist.pk, 5])
    overview = reverse("checklists:detail", args=[checklist.pk])
    category = checklist.review.cycle.ta_categories.first()

    def need(text: str) -> None:
        services.save_need(
            actor=fp,
            checklist=checklist,
            article=article(5),
            text=text,
            category_codes=[category.code],
            priority=Priority.HIGH,
        )

    need("Training of investigators.")  # one need, so its categories' prefetch is counted both times
    client.get(page)  # the session, the kept reference rows
    empty, _ = _count(client, "GET", page)
    empty_overview, _ = _count(client, "GET", overview)

    _fill_article(checklist, fp, 5)
    _fill_article(checklist, fp, 6)
    need("Case-management software.")
    client.get(page)  # the answers' saves moved nothing shared, but warm anyway
    filled, content = _count(client, "GET", page)
    filled_overview, overview_content = _count(client, "GET", overview)

    assert "On a5-" in content and "Case-management software." in content
    assert "Article 6" in content  # the next article, found without a query
    assert filled == empty <= ARTICLE_PAGE_BUDGET, (empty, filled)
    assert filled_overview == empty_overview <= OVERVIEW_BUDGET, (empty_overview, filled_overview)
    assert f"/checklists/{checklist.pk}/articles/5/" in overview_content


def test_the_autosave_costs_a_fixed_number_of_queries_and_answers_the_article_state(client, checklist, cast):
    client.force_login(cast["fp-kenya"])
    question = Question.objects.filter(
        cycle_id=checklist.review.cycle_id, article__number=5, kind="text", condition={}
    ).first()
    assert question is not None
    url = reverse("checklists:answer-save", args=[checklist.pk, question.code])
    client.get(reverse("checklists:article", args=[checklist.pk, 5]))
    first, _ = _count(client, "POST", url, {"value": "A first text.", "base_version": 0})
    count, content = _count(client, "POST", url, {"value": "A second text.", "base_version": 1})
    answer = json.loads(content)
    assert answer["version"] == 2 and answer["article_state"] in {"in_progress", "answered"}
    assert answer["article_state_label"] in {"in progress", "answered"}
    assert count <= AUTOSAVE_BUDGET, (first, count)
