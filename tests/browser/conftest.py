"""The browser suite's shared site: the whole demo, made ONCE per test session, served by `irm serve`.

The demo takes about a minute to load; a live server per test (pytest-django's `live_server`, which
empties the tables after each test) would load it again for every test. So these tests run the
platform as a person meets it: `irm init --demo` in a scratch data directory (SQLite, whatever
`DATABASE_URL` says — issue 17: browser tests run on SQLite only, so they are skipped on the
PostgreSQL pass), the public search index built, then `irm serve --no-worker` on a free port, and
one Chromium for the whole package. The tests only read and write through the pages, never the ORM:
the server's database is not the test database.

For working on these tests: `IRM_BROWSER_DATA_DIR=/some/dir` reuses a data directory made by an earlier
run (it is made there if empty); `IRM_BROWSER_URL=http://127.0.0.1:PORT` uses a demo server already
running. CI sets neither and starts from nothing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"

# Every role's demo person (irm/demo/data/users.yaml); None is the public, not logged in.
ROLES: dict[str, str | None] = {
    "secretariat": "secretariat",
    "focal point": "fp-kenya",
    "contributor": "contrib-kenya",
    "governmental expert": "expert-nzl",
    "delegate": "delegate",
    "observer": "observer",
    "donor": "donor-norway",
    "public": None,
}


def pytest_itemcollected(item: pytest.Item) -> None:
    """Every test here is a browser test; under pytest-xdist (`--dist loadgroup`) they all run on one
    worker, so that the demo site (`site`, made once per package) is made once."""
    if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.xdist_group("browser"))


def _irm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "irm", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"irm serve stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5):  # noqa: S310 — our own local server
                return
        except urllib.error.HTTPError:
            return  # 503 while no worker runs: the server answers, that is enough
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"irm serve did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="package")
def site() -> Iterator[str]:
    """The demo, served; yields its base URL."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("browser tests run on SQLite only (issue 17); this pass uses DATABASE_URL")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if running := os.environ.get("IRM_BROWSER_URL"):
        yield running.rstrip("/")
        return
    kept = os.environ.get("IRM_BROWSER_DATA_DIR")
    data_dir = Path(kept) if kept else Path(_tmp_dir())
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    port = _free_port()
    env |= {"IRM_DATA_DIR": str(data_dir), "IRM_SITE_URL": f"http://127.0.0.1:{port}"}
    if not (data_dir / "irm.sqlite3").exists():
        for command in (("init", "--demo"), ("search", "rebuild", "public")):
            done = _irm(*command, env=env)
            if done.returncode:
                raise RuntimeError(f"irm {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "irm", "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, timeout=300)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if not kept:
            shutil.rmtree(data_dir, ignore_errors=True)


def _tmp_dir() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="irm-browser-")


@pytest.fixture(scope="package")
def chromium(site: str) -> Iterator[Any]:
    """One headless Chromium for the package (each test opens its own context: its own cookies)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@dataclass
class _Codes:
    """The demo secretariat's authenticator: each code is accepted once, so never give one twice."""

    last_step: int = 0
    secret: str = field(default="")

    def next(self) -> str:
        from irm.accounts import totp

        step = max(totp.current_step(self.secret), self.last_step + 1)
        while step > totp.current_step(self.secret) + totp.DRIFT_STEPS:
            time.sleep(1)
        self.last_step = step
        return totp.code_for(self.secret, step)


@pytest.fixture(scope="package")
def people() -> dict[str, dict[str, str]]:
    """username → the demo user's row (password, totp_secret…), from irm/demo/data/users.yaml."""
    from irm.demo.loader import read_data

    rows = read_data("users").rows("users")
    return {
        row.text("username"): {"password": row.text("password"), "totp": str(row.get("totp_secret") or "")}
        for row in rows
    }


@pytest.fixture(scope="package")
def _codes(people: dict[str, dict[str, str]]) -> _Codes:
    return _Codes(secret=people["secretariat"]["totp"])


@pytest.fixture
def open_page(
    chromium: Any, site: str, people: dict[str, dict[str, str]], _codes: _Codes
) -> Iterator[Callable]:
    """open_page(username or None, width=1366, height=900): a new browser context at that size, logged in
    through the login page as that demo user (None: the public), on the home page."""
    contexts: list[Any] = []

    def open_(username: str | None, *, width: int = 1366, height: int = 900) -> Any:
        # bypass_csp: axe-core is injected as an inline script, which the site's policy (rightly) refuses.
        context = chromium.new_context(
            base_url=site, viewport={"width": width, "height": height}, bypass_csp=True
        )
        context.set_default_timeout(30000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/")
        if username is not None:
            log_in(page, username, people[username]["password"], _codes)
        return page

    yield open_
    for context in contexts:
        context.close()


def log_in(page: Any, username: str, password: str, codes: _Codes) -> None:
    """As a person does: the "Log in" link in the bar (the menu opened first on a phone), the form, the
    second step if asked."""
    open_menu(page)
    page.locator("header").get_by_role("link", name="Log in").click()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/otp/" in page.url:
        page.fill("#id_code", codes.next())
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert "/accounts/" not in page.url, f"{username} did not get past {page.url}"


def switch_language(page: Any, code: str) -> None:
    """The language menu in the bar (as a person uses it)."""
    open_menu(page)
    page.click("#language-menu")
    page.click(f"button[name=language][value={code}]")
    page.wait_for_load_state()


def open_menu(page: Any) -> None:
    """On a narrow screen the bar's menu is folded behind its button: open it."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#nav.show").wait_for()
