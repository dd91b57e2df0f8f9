"""Headers (issue 14 §11): a Content-Security-Policy on every page with no inline script anywhere,
HSTS over HTTPS, Referrer-Policy, `Cache-Control: no-store` on everything a logged-in user or a token
sees, and `irm check --deploy` clean with the README's production variables."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from irm.accounts.tokens import create_api_token

ROOT = Path(__file__).resolve().parents[3]
PUBLIC_PAGES = ["/", "/parties/", "/convention/", "/cycles/", "/accounts/login/", "/api/v1/docs"]
CONFIDENTIAL_PAGES = ["/accounts/profile/", "/audit/", "/finance/", "/checklists/", "/"]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_has_a_policy_that_forbids_inline_script_and_framing(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    policy = directives(response)
    script = policy["script-src"]
    assert "'self'" in script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_api_documentation_loads_nothing_from_another_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn." not in page


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for template in (ROOT / "irm").rglob("templates/**/*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in match.group(1) and 'type="application/json"' not in match.group(1):
                offenders.append(f"{template.relative_to(ROOT)}: inline <script>")
        for match in re.finditer(r"<[^>]*\son[a-z]+\s*=", text):
            offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)[-40:]}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.django_db
def test_strict_transport_security_only_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    assert client.get("/parties/", secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in client.get("/parties/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", CONFIDENTIAL_PAGES)
def test_pages_for_a_logged_in_user_are_never_stored(client, cast, path):
    client.force_login(cast["secretariat"])
    response = client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_api_answers_to_a_token_are_never_stored(cast):
    _, key = create_api_token(actor=None, user=cast["fp-kenya"], name="script")
    response = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_for_anonymous_visitors_stay_cacheable(client):
    assert "no-store" not in client.get("/parties/").get("Cache-Control", "")


def _readme_production_environment() -> dict[str, str]:
    """The variables the README's production section exports (a real key for its `…`)."""
    readme = (ROOT / "README.md").read_text()
    block = readme[readme.index("## Production deployment") :]
    block = block[block.index("```sh") : block.index("```", block.index("```sh") + 5)]
    env: dict[str, str] = {}
    for line in block.splitlines():
        if line.startswith("export "):
            for assignment in line.removeprefix("export ").split("#")[0].split():
                name, _, value = assignment.partition("=")
                env[name] = value
    assert {"DATABASE_URL", "IRM_SECRET_KEY", "IRM_ALLOWED_HOSTS", "IRM_HTTPS"} <= env.keys()
    env["IRM_SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def test_check_deploy_is_clean_in_the_readmes_production_configuration(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IRM_", "DATABASE_URL", "DJANGO_"))}
    env.update(_readme_production_environment(), IRM_DATA_DIR=str(tmp_path), IRM_TESTING="false")
    result = subprocess.run(
        [sys.executable, "-m", "irm", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
