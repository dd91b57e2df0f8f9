"""`irm serve` on several processes (issue 18 §5, docs/adr/0003-embedded-server.md): gunicorn where it
runs, warmed once in its master before the workers fork; waitress where it cannot (Windows)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from irm.web import gunicorn_conf, serving


def test_workers_are_twice_the_cores_up_to_four(monkeypatch):
    monkeypatch.setattr(serving, "cores", lambda: 1)
    assert serving.default_workers() == 2
    monkeypatch.setattr(serving, "cores", lambda: 8)
    assert serving.default_workers() == 4


def test_the_gunicorn_command_preloads_through_the_config_module():
    command = serving.gunicorn_command("127.0.0.1", 8123, workers=3, threads=2)
    assert command[1:4] == ["-m", "gunicorn", "irm.wsgi:application"]
    assert command[command.index("--config") + 1] == "python:irm.web.gunicorn_conf"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--threads") + 1] == "2"
    ipv6 = serving.gunicorn_command("::1", 80, workers=1, threads=1)
    assert ipv6[ipv6.index("--bind") + 1] == "[::1]:80"
    assert gunicorn_conf.preload_app is True
    assert gunicorn_conf.worker_class == "gthread"
    assert gunicorn_conf.keepalive > 2  # a client thinking 1-2 s must not find its connection closed


def test_gunicorn_does_not_run_on_windows(monkeypatch):
    assert serving.gunicorn_runs_here() is (os.name == "posix")
    monkeypatch.setattr(serving.os, "name", "nt")
    assert serving.gunicorn_runs_here() is False


def test_asking_for_gunicorn_where_it_cannot_run_is_refused_before_anything_starts(monkeypatch):
    from irm.web.management.commands import serve

    monkeypatch.setattr(serve, "gunicorn_runs_here", lambda: False)
    with pytest.raises(CommandError, match="use --server waitress"):
        call_command("serve", "--server", "gunicorn", "--no-worker")
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--workers", "0", "--no-worker")


def test_the_master_warms_the_pages_then_drops_its_connections_before_forking(db, capsys, monkeypatch):
    """A database connection opened in the master must not be shared by the forked workers."""
    from django.db import connections

    from irm.wsgi import application

    calls: list[str] = []

    def app(environ, start_response):
        query = environ["QUERY_STRING"]
        calls.append(environ["PATH_INFO"] + (f"?{query}" if query else ""))
        return application(environ, start_response)

    monkeypatch.setattr(connections, "close_all", lambda: calls.append("closed"))
    server = SimpleNamespace(
        cfg=SimpleNamespace(bind=["127.0.0.1:8124"]), app=SimpleNamespace(wsgi=lambda: app)
    )
    gunicorn_conf.when_ready(server)
    assert calls == [*serving.WARM_PATHS, "closed"]
    assert "pages warmed up" in capsys.readouterr().out


def _master(calls: list[str]) -> SimpleNamespace:
    def app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    return SimpleNamespace(
        cfg=SimpleNamespace(bind=["127.0.0.1:8125"]), app=SimpleNamespace(wsgi=lambda: app)
    )


def test_under_serve_the_master_loads_first_then_waits_for_the_database(monkeypatch, capsys):
    """issue 18 §4: gunicorn's master starts while the database is prepared; it runs the checks and loads
    the dictionaries meanwhile, and warms no page before `irm serve` says the database is ready."""
    calls: list[str] = []
    monkeypatch.setattr(serving, "load_without_database", lambda: calls.append("loaded"))
    monkeypatch.setattr("django.db.connections.close_all", lambda: calls.append("closed"))
    read, write = os.pipe()
    monkeypatch.setenv(serving.READY_FD, str(read))
    os.write(write, b"1")
    os.close(write)
    gunicorn_conf.when_ready(_master(calls))
    assert calls[0] == "loaded" and calls[-1] == "closed"
    assert calls[1:-1] == [path.partition("?")[0] for path in serving.WARM_PATHS]
    assert "checks, pages and dictionaries loaded" in capsys.readouterr().out


def test_the_master_exits_without_warming_when_the_database_was_not_prepared(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(serving, "load_without_database", lambda: calls.append("loaded"))
    read, write = os.pipe()
    monkeypatch.setenv(serving.READY_FD, str(read))
    os.close(write)  # serve closes the pipe: the preparation failed
    with pytest.raises(SystemExit):
        gunicorn_conf.when_ready(_master(calls))
    assert calls == ["loaded"]


def test_loading_without_a_database_runs_the_checks_and_loads_jieba(monkeypatch):
    from django.core.management.base import BaseCommand

    from irm.search import text

    checked: list[bool] = []
    monkeypatch.setattr(BaseCommand, "check", lambda self, **kwargs: checked.append(True))
    monkeypatch.setattr(text, "_jieba_ready", False)  # as in a new process
    serving.load_without_database()
    assert checked == [True] and text._jieba_ready


def test_serve_says_the_server_answers_only_once_it_does():
    """The address is printed when a page answers, not when the server process starts."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from irm.web.management.commands.serve import answers

    class ToHttps(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(301)  # e.g. to HTTPS (IRM_HTTPS): not followed, an answer all the same
            self.send_header("Location", "https://127.0.0.1/")
            self.end_headers()

        def log_message(self, *args):
            pass

    stopping = threading.Event()
    httpd = HTTPServer(("127.0.0.1", 0), ToHttps)
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        assert answers("127.0.0.1", port, stopping, timeout=5)  # any status is an answer
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert not answers("127.0.0.1", port, stopping, timeout=0.3)  # nothing listens
    stopping.set()
    assert not answers("127.0.0.1", port, stopping)  # serve is stopping: no more waiting
