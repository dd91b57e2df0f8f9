"""In a real browser: a delegate inscribes a minister, another swaps places with them, the secretariat prints."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from irm.accounts.models import Membership, Role, User
from irm.meetings.models import SpeakerEntry
from irm.parties.models import State


@pytest.mark.browser
def test_delegates_inscribe_ministers_swap_and_the_secretariat_prints(page, login, cast, open_list):
    _ = get_resolver().url_patterns  # import every app's views now, not inside the browser's time-out
    mexico = User.objects.create_user(username="delegate-mex", password="delegate-demo")
    Membership.objects.create(user=mexico, role=Role.DELEGATE, state=State.objects.get(iso3="MEX"))
    url = f"/meetings/{open_list.session.slug}/speakers/{open_list.pk}/"

    # Brazil's delegate inscribes a minister.
    login(page, "delegate", "delegate-demo")
    page.goto(url)
    page.fill("#id_speaker_name", "Minister Ana Souza")
    page.select_option("#id_rank", "minister")
    page.click("#own-request button[type=submit]")
    assert "position 1" in page.inner_text("#own-request")

    # Mexico's delegate inscribes a minister (second), then proposes to swap with Brazil.
    page.context.clear_cookies()
    login(page, "delegate-mex", "delegate-demo")
    page.goto(url)
    page.fill("#id_speaker_name", "Minister Luis Pérez")
    page.select_option("#id_rank", "minister")
    page.click("#own-request button[type=submit]")
    assert "position 2" in page.inner_text("#own-request")
    page.click("#swap summary")
    page.fill("#id_swap_confirmation", "Mexico agrees to exchange places with Brazil.")
    page.click("#swap button[type=submit]")
    assert "awaiting their written confirmation" in page.inner_text("#own-request")

    # Brazil confirms in writing: the two delegations swap.
    page.context.clear_cookies()
    login(page, "delegate", "delegate-demo")
    page.goto(url)
    page.fill("#own-request .alert textarea[name=confirmation]", "Brazil confirms the exchange.")
    page.click("#own-request button[value=confirm]")
    assert "position 2" in page.inner_text("#own-request")
    first_row = page.inner_text("#speakers tbody tr:first-child")
    assert "Mexico" in first_row

    # The secretariat prints the list (Chinese headings) and downloads it as CSV.
    page.context.clear_cookies()
    login(page, "secretariat", "secretariat-demo")
    page.goto(url)
    page.click("text=Printable list")
    page.click("a[lang=zh]")
    assert "发言者名单" in page.inner_text("h1")
    rows = page.locator("#printed-list tbody tr")
    assert rows.count() == 2 and "墨西哥" in rows.first.inner_text()
    with page.expect_download() as download:
        page.click("text=CSV")
    assert download.value.suggested_filename.endswith("-zh.csv")
    assert SpeakerEntry.objects.count() == 2
