"""In a real browser at phone width (390 px): no page of the public record scrolls sideways, and a
chosen filter applies at once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def test_public_pages_fit_a_phone(page, world):
    from django.urls import get_resolver

    get_resolver().resolve("/")
    page.set_viewport_size({"width": 390, "height": 844})
    finding = world.published[0]
    review = world.reviews["FRA"]
    for url in (
        "/public/findings/",
        "/public/findings/?q=%E8%85%90%E8%B4%A5",
        f"/public/findings/{finding.pk}/",
        f"/public/summaries/{review.pk}/en/",
        "/public/findings/dictionary/",
    ):
        page.goto(url)
        _no_sideways_scroll(page)


def test_a_filter_applies_when_chosen(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/findings/")
    page.check("input[name=state][value=CHN]")
    page.wait_for_url("**state=CHN**")
    assert "Findings 1–1 of 1" in page.content()
