"""Shared test fixtures: the reference data in the test database, and a cast of users per role."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once per test session (every test sees the 192 parties)."""
    with django_db_blocker.unblock():
        from irm.reference import load_reference_data

        load_reference_data()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (live server, browser) flush the tables after each test: reload."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        from irm.parties.models import State
        from irm.reference import load_reference_data

        if not State.objects.exists():
            load_reference_data()


@pytest.fixture
def cast(db):
    """One user per role (the demo users), keyed by username: cast["fp-kenya"], cast["secretariat"]…"""
    import io

    from irm.accounts import demo
    from irm.accounts.models import User

    demo.load(stdout=io.StringIO())
    return {u.username: u for u in User.objects.filter(username__in=[row[0] for row in demo.USERS])}


@pytest.fixture
def run_irm():
    """Run an `irm` command in-process; returns its standard output."""
    import io

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    return run


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    """A Playwright page in Debian's headless Chromium, with `page.base_url` = the live server.

    Browser tests are marked `browser`; they are skipped (loudly) where Chromium is not installed:
    `.ci/run` installs it, so CI always runs them.
    """
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from django.urls import get_resolver
    from playwright.sync_api import sync_playwright

    get_resolver().resolve("/")  # import every app's views now, not inside the browser's first request

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(30000)
        page = context.new_page()
        page.base_url = live_server.url  # type: ignore[attr-defined]
        yield page
        context.close()
        browser.close()


@pytest.fixture
def login():
    """login(page, username, password): log in through the login form (browser tests)."""

    def do_login(page, username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return do_login
