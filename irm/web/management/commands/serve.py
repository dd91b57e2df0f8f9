"""`irm serve`: prepare the database, serve the pages, run the worker (docs/apps/web.md).

A start does three things side by side on a small machine (issue 18 §4): the database is prepared (and
the demo loaded) in a child — forked on Linux, so it does not import Django a second time; the static
files are collected; the web server starts and loads everything that needs no database (gunicorn's
master: `irm/web/gunicorn_conf.py`), then waits until the database is ready, warms its pages and
forks its workers. The address is printed once the server answers, then the worker starts (after
the first page: its start and its first tasks took a core while the pages warmed up).
"""

from __future__ import annotations

import http.client
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Protocol

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from irm.web.serving import (
    GUNICORN_THREADS,
    PARENT,
    READY_FD,
    WAITRESS_THREADS,
    default_workers,
    gunicorn_command,
    gunicorn_runs_here,
    warm_up,
)
from irm.web.supervisor import Supervisor

logger = logging.getLogger(__name__)


def _collect_uncompressed() -> None:
    """The demo's static files are hashed but not compressed: compressing them (gzip and Brotli of some
    600 files) took 3 of the ~4 s CPU of collectstatic, on the path of a demo's first page; a demo on
    the loopback has nothing to gain from it. Production collects them compressed (README)."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.files.storage import storages
    from django.utils.functional import empty

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    # What Django's own setting_changed receiver resets (private attributes, hence vars()).
    vars(storages).pop("backends", None)
    vars(storages).update(_backends=None, _storages={})
    vars(staticfiles_storage)["_wrapped"] = empty


def site_url_for(host: str, port: int) -> str:
    """The address links in e-mails and calendar feeds use when `IRM_SITE_URL` is not set: the one
    served (`--host`, `--port`); a wildcard bind is named by its loopback address."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host)  # noqa: S104 (a name, not a bind)
    return f"http://{shown or (host if ':' not in host else f'[{host}]')}:{port}"


class Child(Protocol):
    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...


def _init(demo: bool) -> None:
    try:
        call_command("init", skip_checks=True, demo=demo)
    except CommandError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        sys.exit(1)


class _Forked:
    """`irm init` in a forked child: Django, the settings and the models are imported already (a new
    interpreter took 2 to 3 s of a start to get there)."""

    def __init__(self, demo: bool) -> None:
        connections.close_all()  # a connection must not be shared by two processes
        self.process = multiprocessing.get_context("fork").Process(
            target=_init, args=(demo,), name="irm-init"
        )
        self.process.start()

    def poll(self) -> int | None:
        return self.process.exitcode

    def terminate(self) -> None:
        if self.process.exitcode is None:
            self.process.terminate()
            self.process.join(10)


def start_preparing(demo: bool) -> Child:
    """`irm init [--demo]` beside the rest of the start: forked where fork is safe (Linux), else a new
    process."""
    if sys.platform.startswith("linux"):
        return _Forked(demo)
    init = [sys.executable, "-m", "irm", "init", "--skip-checks", *(["--demo"] if demo else [])]
    return subprocess.Popen(init, env=os.environ.copy())  # noqa: S603 (our own command)


def answers(host: str, port: int, stopping: threading.Event, *, timeout: float | None = None) -> bool:
    """Whether the server answers `GET /` (any status: a redirect to HTTPS or a refusal is an answer),
    waiting until it does, `stopping` is set or `timeout` seconds have passed."""
    deadline = None if timeout is None else time.monotonic() + timeout
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104 (a name, not a bind)
    while not stopping.is_set() and (deadline is None or time.monotonic() < deadline):
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return True
        except OSError:  # not listening yet (or the answer was cut): ask again
            stopping.wait(0.05)
        finally:
            connection.close()
    return False


class Command(BaseCommand):
    help = (
        "Prepare the database (migrate, reference data, optionally demo data), then run the web "
        "server and the background worker (restarted with backoff if it dies)."
    )
    # Checked in handle() (or in gunicorn's master), while a child prepares the database: the checks
    # import every page (seconds of a start) and need no database, so the two run side by side.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="load the demo data and print the demo logins"
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="web server processes (gunicorn; default min(4, 2 × cores))",
        )
        parser.add_argument(
            "--threads",
            type=int,
            help=f"threads per process (default {GUNICORN_THREADS} with gunicorn, {WAITRESS_THREADS} with waitress)",
        )
        parser.add_argument(
            "--server",
            choices=["auto", "gunicorn", "waitress"],
            default="auto",
            help="auto: gunicorn where it runs (POSIX), else waitress (one process)",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the worker (run `irm worker` separately)"
        )

    def handle(self, *args, demo: bool, host: str, port: int, no_worker: bool, **options):
        server = options["server"]
        if server == "auto":
            server = "gunicorn" if gunicorn_runs_here() else "waitress"
        if options["workers"] < 1 or (options["threads"] is not None and options["threads"] < 1):
            raise CommandError("--workers and --threads must be at least 1.")
        if server == "gunicorn" and not gunicorn_runs_here():
            raise CommandError("gunicorn cannot run here (it needs a POSIX system): use --server waitress.")

        if not os.environ.get("IRM_SITE_URL"):
            # Links in e-mails and calendar feeds point at this server (the worker inherits it too).
            os.environ["IRM_SITE_URL"] = settings.SITE_URL = site_url_for(host, port)
        self.address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
        self.demo, self.verbosity = demo, options["verbosity"]
        self.threads = options["threads"] or (GUNICORN_THREADS if server == "gunicorn" else WAITRESS_THREADS)
        self.workers = options["workers"] if server == "gunicorn" else 1
        self.stopping = threading.Event()
        self.worker: Supervisor | None = None

        def stop(*_):
            # Before anything else: the worker must not be restarted, and may finish its task meanwhile.
            self.stopping.set()
            if self.worker is not None:
                self.worker.terminate()
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        self.stdout.write("Preparing the database…")
        self.stdout.flush()
        if demo:
            _collect_uncompressed()
        announcer = threading.Thread(
            target=self._announce, args=(no_worker,), daemon=True, name="irm-announce"
        )
        try:
            if server == "gunicorn":
                self._gunicorn(host, port, announcer)
            else:
                self._waitress(host, port, announcer)
        except KeyboardInterrupt:
            pass
        finally:
            self.stopping.set()
            if self.worker is not None:
                self.worker.stop()

    def _static_files(self, *, check: bool) -> None:
        started = time.perf_counter()
        if check:
            self.check()
        call_command("collectstatic", interactive=False, verbosity=0)
        what = "checks and static files" if check else "static files"
        self.stdout.write(f"  {what} ({time.perf_counter() - started:.1f} s)")
        self.stdout.flush()

    def _announce(self, no_worker: bool) -> None:
        """Once the server answers: the address, the demo's logins, then the worker."""
        from irm.demo.loader import demo_logins

        if not answers(*self._bound, self.stopping):
            return
        self.stdout.write(f"Web server: {self._server}, {self.workers} process(es) × {self.threads} threads.")
        self.stdout.write(self.style.SUCCESS(f"irm is running at {self.address}"))
        if self.demo:
            self.stdout.write("Demo logins (username / password — who):")
            for username, password, description in demo_logins():
                self.stdout.write(f"  {username:<18} {password:<20} {description}")
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        if no_worker or self.stopping.is_set():
            return
        # The per-task lines only with `irm serve -v 2` (a newcomer saw some forty after the demo's start).
        quiet = ["--verbosity", str(max(0, self.verbosity - 1))]
        self.worker = Supervisor(
            # Below the web server's priority: after a start the worker trains the themes model,
            # builds the indexes and the bulk files, which took half of the 2 cores the pages need.
            [sys.executable, "-m", "irm", "worker", "--nice", "10", *quiet],
            env={**os.environ, PARENT: str(os.getpid())},
            new_session=True,  # a Ctrl+C is serve's to handle: the worker is stopped by serve, once
            on_start=lambda pid: self.stdout.write(f"Background worker started (pid {pid})."),
        )
        if not self.stopping.is_set():
            self.worker.start()

    def _gunicorn(self, host: str, port: int, announcer: threading.Thread) -> None:
        """gunicorn as a child, not in this process: its master reaps every child (the task worker's
        exit status would be lost to the supervisor) and forks (unsafe beside the supervisor's thread).
        Its master starts while the database is prepared, runs the checks and loads what needs no
        database, and waits on a pipe for this process's word that the database is ready."""
        self._server, self._bound = "gunicorn", (host, port)
        preparing = start_preparing(self.demo)
        process: subprocess.Popen[bytes] | None = None
        ready_read, ready_write = os.pipe()
        try:
            self._static_files(check=False)  # gunicorn's master indexes them (WhiteNoise) as it loads
            env = {**os.environ, PARENT: str(os.getpid()), READY_FD: str(ready_read)}
            command = gunicorn_command(host, port, workers=self.workers, threads=self.threads)
            process = subprocess.Popen(command, env=env, pass_fds=(ready_read,))  # noqa: S603 (our own command line)
            os.close(ready_read)
            while (code := preparing.poll()) is None:
                if process.poll() is not None:
                    raise CommandError(
                        f"The web server stopped (exit {process.returncode}): see the messages above."
                    )
                time.sleep(0.05)
            if code != 0:
                raise CommandError("Preparing the database failed: see the messages above.")
            os.write(ready_write, b"1")
            announcer.start()
            code = process.wait()
            if code != 0 and not self.stopping.is_set():
                raise CommandError(f"The web server stopped (exit {code}): see the messages above.")
        finally:
            os.close(ready_write)  # gunicorn's master, if still waiting, exits
            preparing.terminate()
            if process is not None and process.poll() is None:
                process.terminate()  # graceful: requests under way are answered
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def _waitress(self, host: str, port: int, announcer: threading.Thread) -> None:
        from waitress import serve

        self._server, self._bound = "waitress", (host, port)
        preparing = start_preparing(self.demo)
        try:
            self._static_files(check=True)
            from irm.wsgi import application  # after collectstatic: WhiteNoise indexes the files at start

            while (code := preparing.poll()) is None:
                time.sleep(0.05)
            if code != 0:
                raise CommandError("Preparing the database failed: see the messages above.")
        finally:
            preparing.terminate()
        threading.Thread(target=warm_up, args=(application, port), daemon=True, name="warm-up").start()
        announcer.start()
        serve(application, host=host, port=port, threads=self.threads, _quiet=True)
