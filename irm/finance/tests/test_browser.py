"""The finance page in a real browser: figures, charts that load, the Word report link."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from irm.demo.steps.finance import load_dataset


@pytest.mark.browser
def test_a_delegate_reads_the_report_with_its_charts(page, login, cast):
    load_dataset()
    assert get_resolver().url_patterns  # import every app's views now, not inside the browser's time-out
    login(page, "delegate", "delegate-demo")
    # The live server shares one SQLite connection between its threads: the three chart images,
    # fetched at once, would trip over each other. Load the page without them, then each in turn.
    page.route("**/finance/charts/**", lambda route: route.abort())
    page.goto("/finance/?as_of=2022-09-30")
    assert page.locator("h1").inner_text() == "The mechanism's finances"
    body = page.locator("main").inner_text()
    # Money as the interface language writes it (irm.core.formatting, issue 17 §4).
    assert "716,500.00" in body and "18,443,200.00" in body and "9,800,000.00" in body
    assert "increased by 308,600 USD" in body
    sources = [image.get_attribute("src") for image in page.locator("figure img").all()]
    assert len(sources) == 3
    assert page.locator("a", has_text="Word report (Chinese)").count() == 1
    page.unroute("**/finance/charts/**")
    for source in sources:
        response = page.goto(source)
        assert response is not None and response.status == 200
        assert response.headers["content-type"] == "image/svg+xml"
        assert "<svg" in response.text()
    assert page.url.endswith(".svg?as_of=2022-09-30")


@pytest.mark.browser
def test_the_public_finds_no_finance_page(page):
    """A logged-out browser is asked to log in (and sent back after), never shown the finances."""
    response = page.goto("/finance/")
    assert response is not None and "/accounts/login/?next=/finance/" in response.url
    assert "Financial situation" not in page.inner_text("main")
