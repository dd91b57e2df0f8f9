"""A bulk load asks for one search refresh, not one per object (issue 18 §4): inside
`reindex_batch()` the requests of the committed transactions are collected and one task
(`reindex_kinds`) refreshes them all; a change rolled back asks for nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.tasks import default_task_backend
from django.test import override_settings

from irm.search.services import reindex_batch, request_reindex

pytestmark = pytest.mark.django_db

#: A queue that keeps what is enqueued (the worker is not running).
QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def queued() -> list[tuple[str, dict]]:
    results = default_task_backend.results  # type: ignore[attr-defined]  # the dummy backend keeps them
    return [(r.task.name, r.kwargs) for r in results]


@override_settings(TASKS=QUEUED)
def test_a_batch_enqueues_one_task_for_every_committed_request(django_capture_on_commit_callbacks):
    default_task_backend.clear()  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True), reindex_batch():
        for finding in (3, 1, 2):
            with transaction.atomic():
                request_reindex(kind="finding", object_ids=[finding, 1])
        with transaction.atomic():
            request_reindex(kind="review", object_ids=[7])
        try:
            with transaction.atomic():
                request_reindex(kind="finding", object_ids=[99])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        with reindex_batch():  # a batch inside a batch adds to the outer one
            request_reindex(kind="review", object_ids=[8])
        assert queued() == []  # nothing before the batch ends
    assert queued() == [("reindex_kinds", {"requests": {"finding": [1, 2, 3], "review": [7, 8]}})]


@override_settings(TASKS=QUEUED)
def test_without_a_batch_each_request_is_its_own_task(django_capture_on_commit_callbacks):
    default_task_backend.clear()  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        request_reindex(kind="finding", object_ids=[2])
        request_reindex(kind="finding", object_ids=[1])
    assert queued() == [
        ("reindex", {"kind": "finding", "object_ids": [2]}),
        ("reindex", {"kind": "finding", "object_ids": [1]}),
    ]


@override_settings(TASKS=QUEUED)
def test_a_batch_with_nothing_committed_enqueues_nothing(django_capture_on_commit_callbacks):
    default_task_backend.clear()  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True), reindex_batch():
        pass
    assert queued() == []
