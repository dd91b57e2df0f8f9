"""The worker stays up (issue 14 §4): `irm serve` restarts it with backoff and says why it died,
`irm worker` exits non-zero on a fatal error, and `GET /healthz` reports the database and the age of
the worker's last heartbeat (503 when stale or the database is down)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone

from irm.core.health import beat
from irm.core.models import WorkerHeartbeat
from irm.web.management.commands import worker as worker_command
from irm.web.supervisor import Supervisor, describe_exit

ROOT = Path(__file__).resolve().parents[3]


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_serve_restarts_a_dying_worker_with_growing_delays_and_logs_why(caplog):
    caplog.set_level(logging.WARNING, logger="irm.serve")
    started: list[int] = []
    supervisor = Supervisor(
        [sys.executable, "-c", "import sys; sys.exit(3)"],
        min_delay=0.05,
        max_delay=0.2,
        stable_after=30,
        on_start=started.append,
    )
    supervisor.start()
    try:
        wait_for(lambda: supervisor.restarts >= 4)
    finally:
        supervisor.stop()
    assert supervisor.delays[:4] == [0.05, 0.1, 0.2, 0.2]
    assert len(set(started)) >= 5  # a new process each time
    assert "exited with code 3; restarting it in" in caplog.text


def test_a_worker_that_stayed_up_is_restarted_without_waiting_long():
    supervisor = Supervisor(
        [sys.executable, "-c", "import time; time.sleep(0.3)"], min_delay=0.05, max_delay=5, stable_after=0.2
    )
    supervisor.start()
    try:
        wait_for(lambda: supervisor.restarts >= 2)
    finally:
        supervisor.stop()
    assert set(supervisor.delays) == {0.05}


def test_stopping_serve_stops_its_worker():
    supervisor = Supervisor([sys.executable, "-c", "import time; time.sleep(60)"])
    supervisor.start()
    wait_for(lambda: supervisor.process is not None)
    process = supervisor.process
    assert process is not None
    supervisor.stop()
    assert process.poll() is not None and supervisor.restarts == 0


def test_why_a_worker_died_is_said_in_words():
    assert describe_exit(2) == "exited with code 2"
    assert describe_exit(-9) == "was killed by SIGKILL"


def test_the_worker_exits_non_zero_on_a_fatal_error(tmp_path):
    """The database refuses connections: a service manager must see a failure, not a clean exit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IRM_", "DATABASE_URL", "DJANGO_"))}
    env.update(IRM_DATA_DIR=str(tmp_path), DATABASE_URL="postgres://irm@127.0.0.1:1/irm", IRM_TESTING="false")
    result = subprocess.run(
        [sys.executable, "-m", "irm", "worker", "--no-scheduler"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "fatal" in result.stderr


def test_the_worker_beats_and_survives_a_failed_beat(monkeypatch):
    calls: list[str] = []
    stop = threading.Event()

    def fake_beat(*, name, started_at):
        calls.append(name)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        if len(calls) >= 3:
            stop.set()

    monkeypatch.setattr(worker_command, "beat", fake_beat)
    monkeypatch.setattr(worker_command, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker_command.connection, "close", lambda: None)
    worker_command.run_heartbeat(stop, every=0.01)
    assert len(calls) >= 3 and ":" in calls[0]


@pytest.mark.django_db
def test_healthz_reports_the_database_and_a_fresh_heartbeat(client):
    beat(name="host:1", started_at=timezone.now())
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["database"]["ok"] is True and body["worker"]["ok"] is True
    assert body["worker"]["age_seconds"] < 100 and body["worker"]["stale_after_seconds"] == 120
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_heartbeat_is_stale_or_missing(client):
    assert client.get("/healthz").status_code == 503  # no worker ever seen
    beat(name="host:1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=3))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False and response.json()["worker"]["age_seconds"] >= 180


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    beat(name="host:1", started_at=timezone.now())

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {
        "ok": False,
        "vendor": response.json()["database"]["vendor"],
        "error": "connection refused",
    }


@pytest.mark.django_db
def test_old_workers_heartbeats_are_forgotten():
    beat(name="gone:1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(days=2))
    beat(name="host:2", started_at=timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == ["host:2"]


def test_a_worker_that_exits_as_serve_stops_is_not_restarted(caplog):
    """Ctrl+C reaches the worker and `irm serve` at once: the worker may exit (code 0) a moment before
    serve's signal handler calls halt(). It was restarted while serve shut down ("restarting it in 1 s")."""
    caplog.set_level(logging.WARNING, logger="irm.serve")
    supervisor = Supervisor([sys.executable, "-c", "import time; time.sleep(60)"], min_delay=0.05)
    supervisor.start()
    wait_for(lambda: supervisor.process is not None)
    process = supervisor.process
    assert process is not None
    process.terminate()  # the signal reaches the worker first…
    process.wait()
    time.sleep(0.1)
    supervisor.halt()  # …then serve's handler runs
    supervisor.stop()
    assert supervisor.restarts == 0 and supervisor.delays == []
    assert supervisor.process is process
    assert "restarting" not in caplog.text


def test_serve_runs_its_worker_without_the_per_task_lines():
    """`irm serve` starts `irm worker --verbosity 0`: warnings and failed tasks only."""
    names = ("django.tasks", "django_tasks_db")
    before = {name: logging.getLogger(name).level for name in names}
    try:
        worker_command.QueueWorker().configure_logging(0)
        assert all(logging.getLogger(name).level == logging.WARNING for name in names)
        worker_command.QueueWorker().configure_logging(1)
        assert all(logging.getLogger(name).level == logging.INFO for name in names)
    finally:
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)


def test_serve_stops_its_worker_with_one_signal_so_the_task_under_way_ends(tmp_path):
    """A second SIGTERM makes django-tasks' worker cut its task short (a failed task and its traceback
    in the console at every Ctrl+C): serve's handler and its clean-up ask once between them."""
    told = tmp_path / "signals"
    script = (
        "import signal, sys, time\n"
        f"def on_term(*_):\n    open({str(told)!r}, 'a').write('x')\n"
        "signal.signal(signal.SIGTERM, on_term)\n"
        f"open({str(told)!r}, 'a').close()\n"
        "while True:\n    time.sleep(0.05)\n    if open("
        + repr(str(told))
        + ").read(): time.sleep(0.3); sys.exit(0)\n"
    )
    supervisor = Supervisor([sys.executable, "-c", script], new_session=True)
    supervisor.start()
    wait_for(lambda: told.exists())
    supervisor.terminate()  # serve's signal handler
    supervisor.terminate()
    supervisor.stop()  # serve's clean-up: waits for the worker
    assert told.read_text() == "x"
    assert supervisor.process is not None and supervisor.process.returncode == 0
    assert supervisor.restarts == 0
