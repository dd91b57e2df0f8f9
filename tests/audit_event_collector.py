"""A pytest plugin (loaded by the root conftest): notes the name of every audit event written while the
tests run, so that, at the end of a whole-suite run, every name registered in irm/core/events.py is
checked to be emitted by some test.

It listens to AuditEvent's post_save (one set insertion per event); the events written outside a test
(the session's reference data and demo users, `django_db_setup` in the root conftest) are read from the
table there, through `note()`.

Where the check runs:
- in one process (`-n 0`): `tests/test_audit_events.py::test_every_registered_event_is_emitted_by_some_test`,
  ordered last here;
- under pytest-xdist (the default, `-n auto`): each worker heard only the tests it ran, so each sends
  what it heard to the controller (`workeroutput`), and the controller checks the union once every
  worker has finished (`pytest_sessionfinish` below). A registered name that no worker heard fails the
  session with a failed report named after the check, its message listing the names, as the test does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

EMITTED: set[str] = set()
DESELECTED: list[pytest.Item] = []
FINAL_CHECK = "test_every_registered_event_is_emitted_by_some_test"
FINAL_CHECK_FILE = "tests/test_audit_events.py"
ROOT = Path(__file__).resolve().parent.parent
#: What each worker sent (its events, and whether it ran the whole suite), read by the controller.
_WORKERS: list[dict[str, object]] = []


def note(actions: Iterable[str]) -> None:
    """Count these event names as emitted (events written before the listener could hear them)."""
    EMITTED.update(actions)


def _seen(sender: object, instance: object, created: bool, **kwargs: object) -> None:
    if created:
        EMITTED.add(instance.action)  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def _collect_audit_events():
    from django.db.models.signals import post_save

    from irm.core.models import AuditEvent

    post_save.connect(_seen, sender=AuditEvent, weak=False, dispatch_uid="irm-audit-event-collector")
    yield
    post_save.disconnect(sender=AuditEvent, dispatch_uid="irm-audit-event-collector")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """The final check runs after every other test (after pytest-django's own reordering)."""
    last = [item for item in items if item.name == FINAL_CHECK]
    items[:] = [item for item in items if item.name != FINAL_CHECK] + last


def pytest_deselected(items: list[pytest.Item]) -> None:
    DESELECTED.extend(items)


def whole_suite(session: pytest.Session) -> bool:
    """Every test module collected, none deselected, no -k or -m: the check means something only then."""
    collected = {Path(item.path) for item in session.items}
    expected = set((ROOT / "irm").glob("**/tests/test_*.py")) | set((ROOT / "tests").glob("test_*.py"))
    option = session.config.option
    return expected <= collected and not DESELECTED and not option.keyword and not option.markexpr


def never_emitted(emitted: set[str]) -> list[str]:
    """The registered names no test emitted."""
    from irm.core.events import EVENTS

    return sorted(set(EVENTS) - emitted)


def message(never: list[str]) -> str:
    return f"no test emits these registered audit events (write one): {never}"


# --- under pytest-xdist ---------------------------------------------------------------------------------


def is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if is_xdist_worker(config):  # a worker: send what it heard
        config.workeroutput["irm_audit_events"] = sorted(EMITTED)  # type: ignore[attr-defined]
        config.workeroutput["irm_whole_suite"] = whole_suite(session)  # type: ignore[attr-defined]
    elif _WORKERS:  # the controller, once every worker has finished
        _check_what_the_workers_heard(session)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """xdist's controller: a worker has finished (its `workeroutput` holds what it sent)."""
    output = getattr(node, "workeroutput", None)
    _WORKERS.append(dict(output) if output is not None and error is None else {"irm_crashed": True})


def _check_what_the_workers_heard(session: pytest.Session) -> None:
    if any("irm_audit_events" not in worker for worker in _WORKERS):
        return  # a worker crashed: the session fails already, and its events are unknown
    if not all(worker["irm_whole_suite"] for worker in _WORKERS):
        return
    heard: set[str] = set()
    for worker in _WORKERS:
        heard.update(worker["irm_audit_events"])  # type: ignore[arg-type]
    never = never_emitted(heard)
    if not never:
        return
    from _pytest.reports import TestReport

    report = TestReport(
        nodeid=f"{FINAL_CHECK_FILE}::{FINAL_CHECK}[every worker]",
        location=(FINAL_CHECK_FILE, 0, f"{FINAL_CHECK}[every worker]"),
        keywords={},
        outcome="failed",
        longrepr=message(never) + f"\n(the union of what the {len(_WORKERS)} pytest-xdist workers heard)",
        when="call",
    )
    session.config.hook.pytest_runtest_logreport(report=report)
    session.testsfailed += 1
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
