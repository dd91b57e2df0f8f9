"""The suite on every core: pytest-xdist, `-n auto --dist loadgroup` in pyproject's addopts (docs/TESTING.md).

A pytest plugin loaded early (`-p tests.parallel`, before pytest-django reads the settings), so that:
- each worker has a data directory of its own (`IRM_DATA_DIR`, read by irm/settings.py): a scratch
  folder made inside the one given (or in the system's temporary folder), removed when the worker ends.
  The workers' test databases are apart already: SQLite's is in memory, PostgreSQL's gets
  pytest-django's suffix (`test_…_gw0`, `test_…_gw1`);
- `-n auto` is the number of cores this process may use, at most MAX_WORKERS (the demo tests and the
  browser tests each stay on one worker, so more workers than that only load the machine);
- the tests marked `xdist_group(name)` run on one worker, in their order (`--dist loadgroup`). xdist 3.8
  does that by appending `@name` to the test's id, which pytest 9.2 no longer lets a plugin change
  (`Node.nodeid` is read from `_id`), so its groups were silently ignored: here each worker writes the
  groups it collected to a file the controller named, and the controller's scheduler (xdist's own
  loadgroup scheduler, told the groups) reads it once every worker has collected.

`uv run pytest -n 0` runs everything in one process, as before.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile

import pytest
from xdist.scheduler import LoadGroupScheduling

MAX_WORKERS = 4
GROUPS_FILE = "IRM_XDIST_GROUPS_FILE"

_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    _parent = os.environ.get("IRM_DATA_DIR") or None
    if _parent:
        os.makedirs(_parent, exist_ok=True)
    _data_dir = tempfile.mkdtemp(prefix=f"irm-tests-{_worker}-", dir=_parent)
    os.environ["IRM_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _remove(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)


def pytest_configure(config: pytest.Config) -> None:
    """The controller names the file where the workers write the groups (they inherit its environment)."""
    if not _worker and GROUPS_FILE not in os.environ:
        handle, path = tempfile.mkstemp(prefix="irm-xdist-groups-", suffix=".json")
        os.close(handle)
        os.environ[GROUPS_FILE] = path
        atexit.register(_remove, path)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A worker: test id → group, for the tests marked `xdist_group` (every worker collects the same)."""
    path = os.environ.get(GROUPS_FILE)
    if not _worker or not path:
        return
    groups = {}
    for item in items:
        marker = item.get_closest_marker("xdist_group")
        if marker is not None:
            groups[item.nodeid] = str(marker.args[0] if marker.args else marker.kwargs.get("name", "default"))
    scratch = f"{path}.{_worker}"
    with open(scratch, "w", encoding="utf-8") as handle:
        json.dump(groups, handle)
    os.replace(scratch, path)


class _Groups(LoadGroupScheduling):
    """xdist's loadgroup scheduling, with the groups read from the workers' file."""

    _groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:
            with open(os.environ[GROUPS_FILE], encoding="utf-8") as handle:
                self._groups = json.load(handle) or {}
        return self._groups.get(nodeid) or nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> LoadGroupScheduling | None:
    if config.getvalue("dist") == "loadgroup" and os.environ.get(GROUPS_FILE):
        return _Groups(config, log)  # type: ignore[arg-type]
    return None
