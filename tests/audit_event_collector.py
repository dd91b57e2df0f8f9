"""A pytest plugin (loaded by the root conftest): notes the name of every audit event written while the
tests run, so that `tests/test_audit_events.py` can check, at the end of a whole-suite run, that every
name registered in irm/core/events.py is emitted by some test.

It listens to AuditEvent's post_save (one set insertion per event); events written outside a test
(the session's reference data) are read from the table by the final check.
"""

from __future__ import annotations

import pytest

EMITTED: set[str] = set()
DESELECTED: list[pytest.Item] = []
FINAL_CHECK = "test_every_registered_event_is_emitted_by_some_test"


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
