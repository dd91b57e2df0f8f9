"""In a real browser: the language menu switches language, and Arabic lays out right to left."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _warm_up(page):
    """Import every app's views before the first page: a cold import can outlast the page timeout."""
    from django.urls import get_resolver

    get_resolver().resolve("/")
    for pattern in get_resolver().url_patterns:
        getattr(pattern, "url_patterns", None)


def test_language_menu_switches_to_arabic_and_lays_out_right_to_left(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/parties/")
    page.click("#language-menu")
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.locator("link[href*='bootstrap.rtl.min.css']").count() == 1
    brand = page.locator(".navbar-brand").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert brand["x"] > 640 and heading["x"] + heading["width"] > 900  # starts on the right


def test_chinese_dashboard_after_login(page, cast, login):
    login(page, "fp-kenya", "focal-demo")
    page.click("#language-menu")
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert "贵国的审议" in page.content()


def test_skip_link_is_the_first_focus_and_targets_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
