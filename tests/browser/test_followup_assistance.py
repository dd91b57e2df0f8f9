"""Issue 20's story in the browser: the public reaches Kenya's published follow-up by links and reads its
statuses by name; Norway's donor finds the activities Norway provides in the assistance register."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import ROLES
from tests.browser.test_journeys import menu


def test_public_reads_a_states_published_follow_up_and_donor_its_activities(open_page):
    page = open_page(ROLES["public"])
    page.locator("header").get_by_role("link", name="Findings database", exact=True).click()
    page.locator("main").get_by_role(
        "link", name="Follow-up of recommendations, as published by the States"
    ).click()
    page.locator("#follow-up-states").get_by_role("link", name="Kenya", exact=True).click()
    main = page.locator("main")
    expect(main.locator("h1")).to_contain_text("Kenya")
    expect(main.locator(".follow-up-counts")).to_contain_text("Implemented: 6")
    expect(main.locator(".follow-up-counts")).to_contain_text("Partially implemented: 2")
    expect(main.locator("tbody")).to_contain_text("Not implemented")
    assert "partially_implemented" not in main.inner_text()

    page = open_page(ROLES["donor"])
    menu(page, "Analysis", "Technical assistance")
    page.locator("main").get_by_role("link", name="Technical-assistance activities").click()
    rows = page.locator("main tbody tr", has_text="Norway")
    expect(rows).to_have_count(5)
    expect(rows.filter(has_text="Delivered")).to_have_count(3)
    expect(rows.filter(has_text="Ongoing")).to_have_count(2)
    expect(page.locator("main tbody")).to_contain_text("Training of investigators of the Ethics")
