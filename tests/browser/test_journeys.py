"""Each role's journey as the person walks it (issue 17): logged in through the login page, moving by
the links and menus a person clicks, on the whole demo. Each test names the journey it walks."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import ROLES


def menu(page: Any, name: str, item: str) -> None:
    """Open a menu of the bar and click one of its entries."""
    page.locator("header").get_by_role("button", name=name, exact=True).click()
    page.locator("header .dropdown-menu.show").get_by_role("link", name=item, exact=True).click()
    page.wait_for_load_state()


def saved(page: Any) -> None:
    """Every change of the checklist page saved (autosave.js sets data-dirty)."""
    page.wait_for_selector('#answers[data-dirty="0"]', state="attached")


def test_focal_point_home_checklist_answer_an_article_progress(open_page):
    page = open_page(ROLES["focal point"])
    page.locator("main").get_by_role("link", name="Open the checklist").first.click()
    checklist_url = page.url
    expect(page.locator(".progress-stacked")).to_be_visible()
    untouched = page.locator("main tbody tr", has=page.locator(".state-not_started"))
    before = untouched.count()
    assert before > 0, "the demo's checklist has an article nobody started"
    untouched.first.locator("a").first.click()
    expect(page.locator("#article-state")).to_have_text("not started")
    page.locator("input[type=radio][id$='-status-partly']").first.check()
    saved(page)
    expect(page.locator("#article-state")).not_to_have_text("not started")
    page.go_back()  # back to the checklist, as a person does
    page.reload()
    assert page.url == checklist_url
    expect(page.locator("main tbody tr", has=page.locator(".state-not_started"))).to_have_count(before - 1)


def test_contributor_assigned_articles_save_an_answer(open_page):
    page = open_page(ROLES["contributor"])
    articles = page.locator("main a[href*='/articles/']")
    assert articles.count() > 0, "the contributor's home lists the articles assigned to them"
    articles.last.click()
    radio = page.locator("input[type=radio][id$='-status-fully']").first
    radio.check()
    saved(page)
    page.reload()
    expect(page.locator("input[type=radio][id$='-status-fully']").first).to_be_checked()


def test_governmental_expert_review_read_draft_a_finding(open_page):
    page = open_page(ROLES["governmental expert"])
    expect(page.locator("main")).to_contain_text("Reviews you are assigned to")
    page.locator("main").get_by_role("link", name="Workflow and next steps").first.click()
    expect(page.locator("main")).to_contain_text("Desk review done")  # the timeline, read
    menu(page, "Reviews", "Review outcomes")
    page.locator("main").get_by_role("link", name="Kenya").first.click()
    page.select_option("#id_type", label="Challenge")
    article = page.locator("#id_articles option", has_text=re.compile(r"^Article 9\b")).first
    page.select_option("#id_articles", value=article.get_attribute("value"))
    page.fill("#id_text", "Procurement plans of the counties are not published.")
    page.click("#add-finding button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Procurement plans of the counties are not published.")


def test_delegate_sessions_speakers_list(open_page):
    page = open_page(ROLES["delegate"])
    expect(page.locator("main")).to_contain_text("Your statements")
    page.locator("header").get_by_role("link", name="Sessions", exact=True).click()
    page.locator("main").get_by_role(
        "link", name="Tenth session of the Conference of the States Parties"
    ).click()
    page.locator("main a[href*='/speakers/']").first.click()
    expect(page.locator("#speakers")).to_be_visible()
    expect(page.locator("#speakers tbody tr").first).to_be_visible()


def test_observer_sessions_open_to_them(open_page):
    page = open_page(ROLES["observer"])
    expect(page.locator("main")).to_contain_text("Sessions open to you")
    page.locator("header").get_by_role("link", name="Sessions", exact=True).click()
    sessions = page.locator("main tbody tr a")
    assert sessions.count() > 0
    title = sessions.first.inner_text()
    sessions.first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text("Provisional agenda")


def test_donor_contributions_finance_report(open_page):
    page = open_page(ROLES["donor"])
    expect(page.locator("main")).to_contain_text("Your contributions")
    page.locator("main a[href^='/finance/contributions/']").first.click()
    expect(page.locator("main")).to_contain_text("USD")
    page.go_back()
    page.locator("main").get_by_role("link", name=re.compile("^Report as at")).first.click()
    expect(page.locator("h1")).to_have_text("The mechanism's finances")
    expect(page.locator("main")).to_contain_text("USD")


def test_secretariat_home_overdue_figure_list_behind_it(open_page):
    page = open_page(ROLES["secretariat"])
    figure = page.locator("main a[href*='overdue']").first
    overdue = int(re.sub(r"\D", "", figure.inner_text()))
    assert overdue > 0
    figure.click()
    assert "overdue" in page.url
    rows = page.locator("main tbody tr")
    assert rows.count() > 0
    expect(page.locator("main")).to_contain_text("late")


def test_public_search_finding_permalink(open_page):
    page = open_page(ROLES["public"])
    page.locator("header").get_by_role("link", name="Findings database", exact=True).click()
    page.fill("main input[name=q]", "corruption")
    page.locator("main input[name=q]").press("Enter")
    page.wait_for_load_state()
    result = page.locator(
        "main a[href^='/public/findings/'][href$='/']:not([href='/public/findings/'])"
    ).first
    href = result.get_attribute("href")
    result.click()
    assert page.url.endswith(href)
    expect(page.locator("h1")).to_be_visible()
