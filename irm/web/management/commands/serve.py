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


#: Pages requested once inside the process right after the start (issue 18 §3): their templates get
#: compiled, their modules imported and their caches filled before a user's first request pays for it.
WARM_PATHS = ("/", "/analysis/", "/finance/", "/reviews/", "/public/")


def warm_up(application, port: int, paths: tuple[str, ...] = WARM_PATHS) -> dict[str, str]:
    """Send each path through the WSGI application (no network, no user: the public view of each page);
    returns each path's status line. Failures are logged, never raised: warming is an optimisation."""
    from wsgiref.util import setup_testing_defaults

    statuses: dict[str, str] = {}
    for path in paths:
        environ = {"PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": str(port)}
        environ.update(HTTP_HOST=f"127.0.0.1:{port}", REMOTE_ADDR="127.0.0.1", REQUEST_METHOD="GET")
        setup_testing_defaults(environ)

        def start_response(status, headers, exc_info=None, path=path):
            statuses[path] = status
            return lambda data: None

        try:
            body = application(environ, start_response)
            try:
                for _chunk in body:
                    pass
            finally:
                if hasattr(body, "close"):
                    body.close()
        except Exception:  # a page that fails here fails for its user too, and is logged there
            logger.exception("warming %s failed", path)
    return statuses


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
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the worker (run `irm worker` separately)"
        )

    def handle(self, *args, demo: bool, host: str, port: int, threads: int, no_worker: bool, **options):
        from waitress import serve

        from irm.demo.loader import demo_logins

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
        threading.Thread(target=warm_up, args=(application, port), daemon=True, name="warm-up").start()
        try:
            serve(application, host=host, port=port, threads=threads, _quiet=True)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.stop()
