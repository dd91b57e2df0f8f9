"""In a real browser: a contributor answers two articles, the focal point accepts them, is stopped by
the check before submission (required answers of the other articles), then confirms and submits;
a reviewing expert reads the submitted answer and asks a question."""

from __future__ import annotations

import pytest

from irm.checklists import services
from irm.checklists.models import Answer, Checklist, TANeed, Thread
from irm.checklists.tests.conftest import article, fill_required, make_review
from irm.reviews.models import ReviewExpert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _saved(page) -> None:
    """Wait until every change on the page is saved (autosave.js sets data-dirty)."""
    page.wait_for_selector('#answers[data-dirty="0"]', state="attached")


def test_contributor_fills_focal_point_submits_expert_asks(page, login, cast):
    from django.urls import get_resolver
    from playwright.sync_api import expect

    # Import every app's URL conf (and what it pulls in) before the browser's first request: on a
    # loaded machine the first import can take longer than the browser's page timeout.
    get_resolver().url_patterns  # noqa: B018
    review = make_review("KEN", 2)
    assert review.reviewer_1 is not None
    ReviewExpert.objects.create(review=review, user=cast["expert-nzl"], state=review.reviewer_1)
    checklist = services.start_checklist(actor=cast["fp-kenya"], review=review)
    for number in (5, 6):
        services.assign_article(
            actor=cast["fp-kenya"], checklist=checklist, article=article(number), user=cast["contrib-kenya"]
        )

    login(page, "contrib-kenya", "contrib-demo")
    page.goto(f"/checklists/{checklist.pk}/articles/5/")
    page.check("#a5-status-partly")
    _saved(page)
    expect(page.locator("#q-a5-gaps")).to_be_visible()  # the conditional question appears
    page.fill("#a5-gaps-text", "An action plan is being costed.")
    _saved(page)
    page.check("#a5-key-yes")
    page.fill("#a5-measures-text", "Anti-Corruption and Economic Crimes Act 2003.")
    _saved(page)
    page.click("#add-need summary")
    page.fill("#need-new-text", "Costing the action plan")
    page.check("#need-new-cat-policymaking")
    page.check("#need-new-cat-capacity_building")
    page.select_option("#need-new-priority", "high")
    page.click("#add-need button[type=submit]")
    expect(page.locator("body")).to_contain_text("Costing the action plan")
    page.goto(f"/checklists/{checklist.pk}/articles/6/")
    page.check("#a6-status-fully")
    _saved(page)
    page.fill("#a6-measures-text", "Ethics and Anti-Corruption Commission Act 2011.")
    _saved(page)
    assert Answer.objects.filter(checklist=checklist).count() == 6
    need = TANeed.objects.get(checklist=checklist)
    assert sorted(need.categories.values_list("code", flat=True)) == ["capacity_building", "policymaking"]
    assert page.goto(f"/checklists/{checklist.pk}/articles/7/").status == 404

    page.context.clear_cookies()
    login(page, "fp-kenya", "focal-demo")
    for number in (5, 6):
        page.goto(f"/checklists/{checklist.pk}/articles/{number}/")
        page.click("#accept-article")
        expect(page.locator("body")).to_contain_text("was recorded")
    page.goto(f"/checklists/{checklist.pk}/")
    expect(page.locator(".progress-stacked")).to_be_visible()
    # 17 of 19 articles untouched: the check lists what is required, with links, and offers no submit.
    page.click("#check-and-submit")
    expect(page.locator("#blocking")).to_contain_text("An answer is required.")
    expect(page.locator("#untouched")).to_contain_text("17 articles have nothing answered")
    expect(page.locator("#submit-answer")).to_have_count(0)
    page.click(f'#blocking a[href="/checklists/{checklist.pk}/articles/7/#q-a7-status"]')
    expect(page.locator("#q-a7-status")).to_be_visible()
    assert Checklist.objects.get(pk=checklist.pk).status == Checklist.Status.DRAFT
    fill_required(checklist, cast["fp-kenya"])  # the other articles answered (their optional questions not)
    page.goto(f"/checklists/{checklist.pk}/submit/")
    page.fill("#submit-note", "First answer")
    page.click("#submit-answer")  # the confirmation box is not ticked: the browser does not send the form
    assert Checklist.objects.get(pk=checklist.pk).status == Checklist.Status.DRAFT
    page.check("#submit-confirm")
    page.click("#submit-answer")
    expect(page.locator("#checklist-status")).to_contain_text("Submitted")
    assert Checklist.objects.get(pk=checklist.pk).status == Checklist.Status.SUBMITTED

    page.context.clear_cookies()
    login(page, "expert-nzl", "expert-demo")
    page.goto(f"/checklists/{checklist.pk}/")
    expect(page.locator("#article-5")).to_contain_text("Anti-Corruption and Economic Crimes Act 2003.")
    expect(page.locator("#article-5")).to_contain_text("Costing the action plan")
    page.fill("#ask-5", "Which body will monitor the action plan?")
    page.click("#article-5 form button[type=submit]")
    expect(page.locator("#article-5 .thread")).to_contain_text("Which body will monitor the action plan?")
    assert Thread.objects.filter(checklist=checklist, article__number=5).count() == 1
