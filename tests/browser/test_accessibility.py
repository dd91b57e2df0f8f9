"""WCAG 2.1 AA (issue 17 §13): axe-core finds nothing serious or critical on the main page of every
role, in English and in Arabic (right to left)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import AXE, ROLES, switch_language

# The rules of WCAG 2.0 and 2.1, levels A and AA (axe-core's tags).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page: Any) -> list[str]:
    """axe-core run on the page as it is now: each serious or critical violation, with where it is."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{page.url} [{rule['impact']}] {rule['id']}: {rule['help']} — "
        + "; ".join(" ".join(node["target"]) for node in rule["nodes"][:5])
        for rule in result["violations"]
        if rule["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_the_main_page_of_every_role_has_no_serious_accessibility_violation(open_page, role):
    page = open_page(ROLES[role])
    assert page.url.endswith("/"), page.url
    found = serious_violations(page)
    switch_language(page, "ar")
    assert page.get_attribute("html", "dir") == "rtl"
    found += serious_violations(page)
    assert not found, "\n".join(found)


def test_the_pages_a_focal_point_works_on_have_no_serious_accessibility_violation(open_page):
    """The checklist, an article of it (its buttons) and the workflow (its late steps on tinted rows)."""
    page = open_page(ROLES["focal point"])
    found = []
    page.locator("main").get_by_role("link", name="Workflow and next steps").first.click()
    found += serious_violations(page)
    page.go_back()
    page.locator("main").get_by_role("link", name="Open the checklist").first.click()
    found += serious_violations(page)
    page.locator("main a[href*='/articles/']").first.click()
    found += serious_violations(page)
    assert not found, "\n".join(found)
