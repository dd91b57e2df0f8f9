"""Shared test fixtures: the test database, built once per session, and the demo, loaded once.

- Every test database holds the reference data and the demo's users (the cast), made once per session
  (`django_db_setup`); transactional tests, whose tables are emptied after each test, get them again.
- Tests that ask for the `demo` fixture share ONE load of the whole demo: they run together, after the
  other database tests, inside one transaction opened by the first of them and rolled back after the
  last (as Django's `setUpTestData` does for a class); each test still rolls back its own changes.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


def _load_base_data() -> None:
    from irm.demo.loader import Context, read_data
    from irm.demo.steps import users
    from irm.reference import load_reference_data

    load_reference_data()
    users.load(Context(io.StringIO()), read_data("users"))


_MIGRATION_MODULES: list[object] = []


@pytest.fixture(scope="session")
def django_db_use_migrations() -> bool:
    """The test databases are made straight from the models, as `irm init` makes a new database
    (irm/web/schema.py): under a second instead of replaying the ~60 migrations in every pytest-xdist
    worker. tests/test_schema.py proves both ways give the same schema; tests/test_migrations.py that
    the migrations match the models. pytest-django turns the migrations off for the whole session:
    `django_db_setup` below turns them back on once the tables are made."""
    from django.conf import settings

    _MIGRATION_MODULES.append(settings.MIGRATION_MODULES)
    return False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The tables made from the models, finished as `irm init` finishes them (every migration recorded as
    applied, the search's full-text indexes); then the reference data (every test sees the 192 parties)
    and the demo's users, once per session (per pytest-xdist worker: each has its own test database)."""
    from django.conf import settings
    from django.db import connections

    from irm.core.models import AuditEvent
    from irm.web.schema import finish_from_models
    from tests.audit_event_collector import note

    settings.MIGRATION_MODULES = _MIGRATION_MODULES[0]
    with django_db_blocker.unblock():
        for alias in connections:
            finish_from_models(alias)
        _load_base_data()
        note(AuditEvent.objects.values_list("action", flat=True).distinct())  # for the whole-suite check


@pytest.fixture(autouse=True)
def _interface_language_back_to_default():
    """Each test starts in the default language. Django's locale middleware leaves the language of the
    last request active in the thread, so a test that asked for a French page would otherwise turn the
    next test's command output and messages French (tests/test_isolation.py)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _base_data_after_flush(request):
    """Transactional tests (live server, browser) flush the tables after each test: reload."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        from irm.parties.models import State

        if not State.objects.exists():
            _load_base_data()


@pytest.fixture(autouse=True, scope="session")
def _client_logins_pass_the_second_factor():
    """`client.login()`/`force_login()` are the tests' shortcut past the login page, so they count as
    having passed the second step too (the two-step flow itself is tested through the pages, in
    irm/accounts/tests). django-axes counts failures per request: `login()` gets one."""
    from django.http import HttpRequest
    from django.test import Client

    from irm.accounts.middleware import OTP_VERIFIED

    # `_login` is Django's private helper behind login() and force_login(); django-stubs omit it.
    original_login, original_underscore_login = Client.login, Client._login  # type: ignore[attr-defined]

    def login(self, **credentials):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return original_login(self, **{"request": request, **credentials})

    def _login(self, user, backend=None):
        original_underscore_login(self, user, backend)
        session = self.session
        session[OTP_VERIFIED] = True
        session.save()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "login", login)
        patch.setattr(Client, "_login", _login)
        yield


@pytest.fixture
def cast(db):
    """One user per role (the demo users), keyed by username: cast["fp-kenya"], cast["secretariat"]…"""
    from irm.accounts.models import User
    from irm.demo.loader import read_data

    names = [row.text("username") for row in read_data("users").rows("users")]
    return {u.username: u for u in User.objects.filter(username__in=names)}


# --- the demo, loaded once for the tests that use it -------------------------------------------------


class _SharedDemo:
    """The transaction that holds the demo while the demo tests run."""

    atomic = None

    @classmethod
    def open(cls) -> None:
        from django.db import transaction

        from irm.demo import load_demo

        if cls.atomic is None:
            cls.atomic = transaction.atomic()
            cls.atomic.__enter__()
            load_demo(stdout=io.StringIO())

    @classmethod
    def close(cls) -> None:
        from django.db import transaction

        if cls.atomic is not None:
            transaction.set_rollback(True)
            cls.atomic.__exit__(None, None, None)
            cls.atomic = None


def _uses_demo(item: pytest.Item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def _demo_transaction(django_db_setup, django_db_blocker):
    """Opened by the first demo test before its function-scoped fixtures (its `db` transaction must
    nest inside); rolled back after the last demo test by `pytest_runtest_teardown` below."""
    with django_db_blocker.unblock():
        _SharedDemo.open()
    yield
    with django_db_blocker.unblock():
        _SharedDemo.close()


@pytest.fixture
def demo(request, _demo_transaction, db):
    """The whole demo (as `irm serve --demo` loads it), shared by the tests that ask for it: read it, or
    change it only in ways the test's own rollback undoes."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        raise pytest.UsageError("the shared demo cannot serve a transactional test")
    if _SharedDemo.atomic is None:
        raise pytest.UsageError("the demo tests must run together (conftest.py orders them so)")


def _unblocked(config: pytest.Config):
    from pytest_django.plugin import blocking_manager_key

    return config.stash[blocking_manager_key].unblock()


def _plain_db(item: pytest.Item) -> bool:
    """A database test in a transaction (pytest-django runs these first, then transactional ones)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & fixtures or (
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ):
        return False
    return bool(marker) or "db" in fixtures


def pytest_itemcollected(item: pytest.Item) -> None:
    """pytest-xdist (`--dist loadgroup`) sends the tests of one group to one worker, in their order: the
    demo tests stay together there, in the one transaction that holds the demo. (Marked as they are
    collected: xdist reads the groups in its own `pytest_collection_modifyitems`, before ours below.)"""
    if _uses_demo(item):
        item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the demo tests together, right after the other plain database tests."""
    demo_items = [item for item in items if _uses_demo(item)]
    rest = [item for item in items if not _uses_demo(item)]
    first = [item for item in rest if _plain_db(item)]
    items[:] = first + demo_items + [item for item in rest if not _plain_db(item)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last demo test (its own rollback done), roll the demo back."""
    result = yield
    if _SharedDemo.atomic is not None and (nextitem is None or not _uses_demo(nextitem)):
        with _unblocked(item.config):
            _SharedDemo.close()
    return result


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
        # While Playwright's loop runs, Django keeps this thread's database connections apart (asgiref
        # treats the thread as async): what the test read through the ORM used a connection of its own.
        # Close it here, or it outlives the test and PostgreSQL refuses to drop the test database.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def login():
    """login(page, username, password): log in through the login form (browser tests), answering the
    second step with a code of the user's authenticator (the demo secretariat's is fixed), or setting
    two-factor up at a secretariat member's first login."""
    from irm.accounts.testing import next_totp_code, totp_code

    def do_login(page, username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/otp/" in page.url:
            page.fill("#id_code", next_totp_code(username))
            page.click("main button[type=submit]")
            page.wait_for_load_state()
        elif "/accounts/two-factor/set-up/" in page.url:  # a secretariat member's first login
            secret = page.locator("#totp-secret").get_attribute("data-secret")
            page.fill("#id_code", totp_code(secret))
            page.click("main form button[type=submit]")
            page.wait_for_load_state()

    return do_login


@pytest.fixture
def document_translations(tmp_path_factory, settings):
    """The documents' test translations (irm/documents/tests/translations/) ahead of irm/locale: they prove
    that a document's fixed texts follow its language until the project's catalogues have them."""
    import shutil
    import subprocess
    from pathlib import Path

    source = Path(__file__).parent / "irm" / "documents" / "tests" / "translations"
    target = tmp_path_factory.mktemp("locale")
    for po in source.glob("*/LC_MESSAGES/django.po"):
        out = target / po.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, out)
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            pytest.skip("msgfmt (Debian's gettext) is needed to compile the test translations")
        subprocess.run([msgfmt, "-o", str(out.with_suffix(".mo")), str(out)], check=True)  # noqa: S603
    settings.LOCALE_PATHS = [target, *settings.LOCALE_PATHS]
    return target


# Notes every audit event name the tests emit (checked at the end by tests/test_audit_events.py).
pytest_plugins = ["tests.audit_event_collector"]


@pytest.fixture
def content_caching(settings):
    """The content caches on (the suite runs without them: see settings.IRM_CONTENT_CACHE), empty
    before and after: for the tests of what is cached per content version."""
    from irm.core import content_cache

    settings.IRM_CONTENT_CACHE = True
    content_cache.forget()
    yield
    content_cache.forget()
