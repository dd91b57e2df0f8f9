"""Phones and small screens (issue 17 §11): at 390 px no page scrolls sideways — the main page of every
role and the pages each one works on (checklist, workflow, speakers list, finance, analysis, the public
search) — and at 1366 px the bar's menu holds on one line, in every language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ROLES

# What each role opens after its home page: a path, or "a[...]" — the link of that kind on the page
# before (the demo's ids are not fixed, so follow the page's own link as a person would).
PAGES: dict[str, list[str]] = {
    "secretariat": [
        "main a[href*='overdue']",
        "/finance/",
        "/analysis/",
        "/lots/cycle/2/",
        "/audit/",
        "/meetings/cosp-10/",
        "main a[href*='/speakers/']",
        "/reviews/2/KEN/workflow/",
    ],
    "focal point": [
        "main a[href*='/workflow/']",
        "/",
        "main a[href^='/checklists/']",
        "main a[href*='/articles/']",
    ],
    "contributor": ["main a[href*='/articles/']"],
    "governmental expert": ["main a[href*='/workflow/']", "/findings/"],
    # The delegate's home leads to the coming session first (no speakers list yet): the list is the
    # Conference's, whose delegation every party registered.
    "delegate": [
        "main a[href^='/meetings/']",
        "/meetings/cosp-10/",
        "main a[href*='/speakers/']",
        "/finance/",
    ],
    "observer": ["/meetings/", "main a[href^='/meetings/']"],
    "donor": ["main a[href^='/finance/']", "/finance/"],
    "public": [
        "/public/findings/",
        "/public/findings/?q=corruption",
        "main a[href^='/public/findings/'][href$='/']:not([href='/public/findings/'])",
        "/meetings/",
        "/analysis/",
        "/parties/",
        "/directory/",
    ],
}

LANGUAGES = ["en", "ar", "fr", "es", "ru", "zh-hans"]


def sideways(page: Any) -> str | None:
    """How far the page scrolls sideways, and the elements that stick out, or None."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll <= client + 1:
        return None
    culprits = page.evaluate(
        """() => { const width = document.documentElement.clientWidth; const out = [];
        for (const e of document.querySelectorAll('body *')) {
          const box = e.getBoundingClientRect();
          if (box.width && (box.right > width + 1 || box.left < -1)) out.push(e.tagName + '.' + e.className + '#' + e.id);
        } return out.slice(0, 5); }"""
    )
    return f"{page.url} is {scroll} px wide for {client} px: {culprits}"


def visit(page: Any, step: str) -> None:
    if step.startswith("/"):
        page.goto(step)
        return
    link = page.locator(step).first
    href = link.get_attribute("href")
    assert href, f"no link {step} on {page.url}"
    page.goto(href)


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_scrolls_sideways_on_a_phone(open_page, role):
    page = open_page(ROLES[role], width=390, height=844)
    wide = [sideways(page)]
    for step in PAGES[role]:
        visit(page, step)
        wide.append(sideways(page))
    problems = [w for w in wide if w]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["secretariat", "focal point", "public"])
def test_the_menu_holds_on_one_line_at_1366_px_in_every_language(open_page, site, role):
    page = open_page(ROLES[role], width=1366, height=900)
    wrapped = []
    for language in LANGUAGES:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        page.goto("/")
        assert page.get_attribute("html", "lang").lower() == language
        tops = page.eval_on_selector_all(
            ".irm-navbar .navbar-brand, .irm-navbar .navbar-collapse > .navbar-nav > .nav-item,"
            " .irm-navbar .language-switcher",
            "items => items.map(item => Math.round(item.getBoundingClientRect().top))",
        )
        assert len(tops) >= 6
        if max(tops) - min(tops) > 8:
            labels = page.locator(".irm-navbar .navbar-collapse").inner_text().split("\n")
            wrapped.append(f"{language}: the menu wraps ({sorted(set(tops))}): {labels}")
    assert not wrapped, "\n".join(wrapped)
