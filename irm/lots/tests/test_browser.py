"""The live draw in a real browser (htmx swaps the result panel in place)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from irm.accounts.models import Role
from irm.lots.tests.conftest import make_user
from irm.reviews.models import Review


@pytest.mark.browser
def test_the_secretariat_runs_a_live_draw_one_state_at_a_time(page, login, transactional_db):
    reverse("lots:index")  # load every app's URLs (slow the first time) before the browser waits on them
    make_user("sec-live", Role.SECRETARIAT, password="live-draw-demo")
    login(page, "sec-live", "live-draw-demo")
    page.goto("/lots/cycle/2/live/?year=1")
    page.get_by_role("button", name="Draw the year groups").click()
    page.get_by_role("button", name="Draw the reviewers").wait_for()
    state = page.locator("#live-state").input_value()
    page.get_by_role("button", name="Draw the reviewers").click()
    page.get_by_text("is reviewed by").wait_for()
    review = Review.objects.get(cycle__number=2, state__iso3=state)
    assert review.reviewer_1 is not None and review.reviewer_2 is not None
    assert review.reviewer_1.name in page.locator("#live-panel").inner_text()
