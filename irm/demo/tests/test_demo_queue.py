"""What the demo leaves the worker (issue 18 §4): one search refresh for everything its steps asked
for, not one task per checklist, document or finding (some forty lines in a newcomer's console)."""

from __future__ import annotations

import io

import pytest
from django.tasks import default_task_backend
from django.test import override_settings

from irm.demo import loader

pytestmark = pytest.mark.django_db

QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=QUEUED)
def test_the_demo_enqueues_one_reindex_task_for_all_its_steps(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The library step publishes documents one by one (a refresh asked for each); the load queues one task."""
    default_task_backend.clear()  # type: ignore[attr-defined]
    monkeypatch.setattr(loader, "STEPS", [step for step in loader.STEPS if step.name == "library"])
    with django_capture_on_commit_callbacks(execute=True):
        assert loader.load_demo(stdout=io.StringIO()) == 1
    tasks = [(r.task.name, r.kwargs) for r in default_task_backend.results]  # type: ignore[attr-defined]
    assert [name for name, _ in tasks] == ["reindex_kinds"]
    requests = tasks[0][1]["requests"]
    assert set(requests) == {"library_document"}
    assert len(requests["library_document"]) >= 5  # every document of library.yaml, in one task
