"""In a real browser: a delegate inscribes a minister, another swaps places with them, the secretariat prints."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from irm.accounts.models import Role
from irm.meetings.models import SpeakerEntry


@pytest.mark.browser
def test_delegates_inscribe_ministers_swap_and_the_secretariat_prints(page, login, cast, open_list):
    _ = get_resolver().url_patterns  # import every app's views now, not inside the browser's time-out
    assert cast["delegate-mex"].memberships.filter(role=Role.DELEGATE, state__iso3="MEX").exists()
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


@pytest.mark.browser
def test_the_secretariat_sets_up_a_session_on_its_pages(page, login, cast):
    from irm.meetings.models import Document, Session
    from irm.meetings.tests.test_manage import PDF

    _ = get_resolver().url_patterns
    login(page, "secretariat", "secretariat-demo")
    page.goto("/meetings/")
    page.click("text=New session")
    page.select_option("#id_body", "wg_prevention")
    page.fill("#id_number", "18")
    page.fill("#id_title_en", "Working Group on Prevention, eighteenth meeting")
    page.fill("#id_city", "Vienna")
    page.fill("#id_starts_on", "2027-09-06")
    page.fill("#id_ends_on", "2027-09-08")
    page.select_option("#id_timezone", "Europe/Vienna")
    page.fill("#id_opens_at", "2027-09-06T10:00")
    page.click("#manage-form button[type=submit]")
    # The provisional agenda, item by item.
    page.fill("#id_title_en", "Organizational matters")
    page.click("#add-item button[type=submit]")
    page.fill("#id_number", "2")
    page.fill("#id_title_en", "Good practices in preventing corruption")
    page.click("#add-item button[type=submit]")
    assert "Good practices" in page.inner_text("#agenda-items")
    # A document with its Chinese version.
    page.click("#manage-nav >> text=Documents")
    page.fill("#id_symbol", "CAC/COSP/WG.4/2027/2")
    page.fill("#id_title_en", "Good practices: background paper")
    page.select_option("#id_agenda_item", label="2. Good practices in preventing corruption")
    page.click("#register-document button[type=submit]")
    page.select_option("#upload #id_language", "zh")
    page.set_input_files(
        "#upload #id_file", files=[{"name": "v2.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("#upload button[type=submit]")
    assert "CAC_COSP_WG.4_2027_2-zh" in page.inner_text("#version-zh")
    # Everybody sees the session, its agenda and the document with its language version.
    page.context.clear_cookies()
    session = Session.objects.get(body="wg_prevention", number=18)
    page.goto(f"/meetings/{session.slug}/")
    assert "Good practices in preventing corruption" in page.inner_text("#agenda")
    assert "CAC/COSP/WG.4/2027/2" in page.inner_text("#documents")
    assert page.locator("#documents a[lang=zh]").count() == 1
    assert Document.objects.get(symbol="CAC/COSP/WG.4/2027/2").files.get().language == "zh"
