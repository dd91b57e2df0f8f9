"""gunicorn's settings and hooks for `irm serve` (irm/web/serving.py): `--config python:irm.web.gunicorn_conf`.

The command line (`serving.gunicorn_command`) gives the address, workers and threads; this module the rest.
"""

from __future__ import annotations

import os
import sys
import time

worker_class = "gthread"
preload_app = True  # loaded once in the master, warmed there, then forked: each worker starts warm
# A slow page (a generated document on a loaded laptop) must not get its worker killed at 30 s.
timeout = 120
graceful_timeout = 5  # Ctrl+C: requests under way get 5 s
loglevel = "warning"  # like waitress's quiet start: `irm serve` prints its own lines
accesslog = None
# gunicorn closes an idle kept-alive connection after 2 s by default: a client reading a page for 1 to 2 s
# then reused a connection closed under it (ConnectionResetError in benchmarks/pages.py at 50 clients).
# An idle connection costs gthread a poller entry, not a thread.
keepalive = 30


def on_starting(server) -> None:
    """The master ends with `irm serve` even when that one is killed outright (Linux: PR_SET_PDEATHSIG)."""
    from irm.web.serving import end_with_parent

    end_with_parent()


def when_ready(server) -> None:
    """Listening already (requests wait in the backlog), before the workers fork. Under `irm serve`,
    which prepares the database meanwhile: run the checks and load what needs no database, then wait
    for the database. Then warm the preloaded application once here rather than once per worker, and
    drop the database connections — a connection must not be shared by forked processes."""
    from django.core.management.base import SystemCheckError
    from django.db import connections

    from irm.web.serving import READY_FD, load_without_database, wait_for_database, warm_up

    if fd := os.environ.get(READY_FD):
        started = time.perf_counter()
        try:
            load_without_database()
        except SystemCheckError as error:
            print(error, file=sys.stderr, flush=True)
            sys.exit(1)
        print(f"  checks, pages and dictionaries loaded ({time.perf_counter() - started:.1f} s)", flush=True)
        if not wait_for_database(int(fd)):
            sys.exit(1)  # irm serve says why
    started = time.perf_counter()
    bound = str(server.cfg.bind[0]).rsplit(":", 1)[-1]
    port = int(bound) if bound.isdigit() else 80  # a production unix socket (`--bind unix:/run/irm.sock`)
    warm_up(server.app.wsgi(), port)
    connections.close_all()
    print(f"  pages warmed up ({time.perf_counter() - started:.1f} s)", flush=True)
