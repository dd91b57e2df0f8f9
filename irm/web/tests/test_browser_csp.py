"""The Content-Security-Policy breaks nothing: in a real browser, the secretariat's pages (reached
through the second step with the demo's fixed secret) report no refused script or style."""

from __future__ import annotations

import pytest

PAGES = ["/", "/parties/", "/checklists/", "/finance/", "/meetings/", "/accounts/profile/", "/api/v1/docs"]


@pytest.mark.browser
def test_the_secretariats_pages_raise_no_content_security_policy_violation(page, login, transactional_db):
    # The demo's users (the secretariat with its fixed two-factor secret) are there for every test.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, "secretariat", "secretariat-demo")
    assert "/accounts/otp/" not in page.url and "/accounts/login/" not in page.url
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
    assert not violations, "\n".join(violations)
