from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from irm.web.serving import (
    GUNICORN_THREADS,
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


class Command(BaseCommand):
    help = (
        "Prepare the database (migrate, reference data, optionally demo data), then run the web "
        "server and the background worker (restarted with backoff if it dies)."
    )
    # Checked in handle(), while a second process prepares the database: the checks import every page
    # (seconds of a start) and need no database, so the two run side by side on two cores.
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
        from irm.demo.loader import demo_logins

        server = options["server"]
        if server == "auto":
            server = "gunicorn" if gunicorn_runs_here() else "waitress"
        if options["workers"] < 1 or (options["threads"] is not None and options["threads"] < 1):
            raise CommandError("--workers and --threads must be at least 1.")
        if server == "gunicorn" and not gunicorn_runs_here():
            raise CommandError("gunicorn cannot run here (it needs a POSIX system): use --server waitress.")

        address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
        if not os.environ.get("IRM_SITE_URL"):
            # Links in e-mails and calendar feeds point at this server (the worker inherits it too).
            os.environ["IRM_SITE_URL"] = settings.SITE_URL = site_url_for(host, port)
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        self.stdout.write("Preparing the database…")
        self.stdout.flush()
        if demo:
            _collect_uncompressed()
        init = [sys.executable, "-m", "irm", "init", "--skip-checks", *(["--demo"] if demo else [])]
        preparing = subprocess.Popen(init, env=os.environ.copy())  # noqa: S603 (our own command)
        try:
            started = time.perf_counter()
            self.check()
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"  checks and static files ({time.perf_counter() - started:.1f} s)")
            from irm.wsgi import application  # after collectstatic: WhiteNoise indexes the files at start

            if preparing.wait() != 0:
                raise CommandError("Preparing the database failed: see the messages above.")
        finally:
            if preparing.poll() is None:
                preparing.terminate()

        worker = None
        if not no_worker:
            worker = Supervisor(
                # Below the web server's priority: after a start the worker trains the themes model,
                # builds the indexes and the bulk files, which took half of the 2 cores the pages need.
                [sys.executable, "-m", "irm", "worker", "--nice", "10"],
                env=os.environ.copy(),
                on_start=lambda pid: self.stdout.write(f"Background worker started (pid {pid})."),
            )
            worker.start()
        threads = options["threads"] or (GUNICORN_THREADS if server == "gunicorn" else WAITRESS_THREADS)
        workers = options["workers"] if server == "gunicorn" else 1
        self.stdout.write(f"Web server: {server}, {workers} process(es) × {threads} threads.")
        self.stdout.write(self.style.SUCCESS(f"irm is running at {address}"))
        if demo:
            self.stdout.write("Demo logins (username / password — who):")
            for username, password, description in demo_logins():
                self.stdout.write(f"  {username:<18} {password:<20} {description}")
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()

        def stop(*_):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            if server == "gunicorn":
                self._gunicorn(host, port, workers, threads)
            else:
                self._waitress(application, host, port, threads)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.stop()

    def _gunicorn(self, host: str, port: int, workers: int, threads: int) -> None:
        """gunicorn as a child, not in this process: its master reaps every child (the task worker's
        exit status would be lost to the supervisor) and forks (unsafe beside the supervisor's thread)."""
        env = {**os.environ, "IRM_SERVE_PARENT": str(os.getpid())}
        command = gunicorn_command(host, port, workers=workers, threads=threads)
        process = subprocess.Popen(command, env=env)  # noqa: S603 (our own command line)
        try:
            code = process.wait()
        finally:
            if process.poll() is None:
                process.terminate()  # graceful: requests under way are answered
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if code != 0:
            raise CommandError(f"The web server stopped (exit {code}): see the messages above.")

    def _waitress(self, application, host: str, port: int, threads: int) -> None:
        from waitress import serve

        threading.Thread(target=warm_up, args=(application, port), daemon=True, name="warm-up").start()
        serve(application, host=host, port=port, threads=threads, _quiet=True)
