"""In a real browser: the focal point reads its next step on the workflow page, does it, and then reads
whom the review waits for."""

from __future__ import annotations

import pytest

from irm.reviews.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_focal_point_does_its_next_step_and_sees_the_ball_pass(page, cast, login, kenya_review):
    from playwright.sync_api import expect

    Review.objects.filter(pk=kenya_review.pk).update(focal_point=cast["fp-kenya"])  # named by the secretariat
    login(page, "fp-kenya", "focal-demo")
    page.goto("/reviews/2/KEN/workflow/")
    expect(page.locator("#next-step")).to_contain_text("Your next step: Nominate the focal point, due")
    page.click("button[data-stage=focal_point_nominated]")
    expect(page.locator("#next-step")).to_contain_text(
        "Waiting for: the secretariat — hold the kick-off call with the State and the reviewing States"
    )
