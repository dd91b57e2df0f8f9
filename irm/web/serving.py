"""How `irm serve` serves its pages (issue 18 §5, docs/adr/0003-embedded-server.md).

On POSIX the embedded default is gunicorn: `min(4, 2 × cores)` worker processes of a few threads each,
the application loaded once in gunicorn's master (`--preload`) and warmed up there before the workers
are forked, so every worker starts with its modules imported, templates compiled and caches filled.
One process of threads (waitress, as before) shares one interpreter lock: on 2 cores its throughput
fell as clients were added. Where gunicorn cannot run (Windows) `irm serve` falls back to waitress.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys

logger = logging.getLogger(__name__)

#: Pages requested once inside the process right after the start (issue 18 §3): their templates get
#: compiled, their modules imported and their caches filled before a user's first request pays for it.
#: `/public/findings/` builds the search's facet arrays (a per-process cache, irm/search/facets.py): done
#: once in gunicorn's master, every worker inherits them; otherwise each worker's first search built them
#: again (7 to 13 s for that first request in benchmarks/pages.py at a load of 7 to 11).
#: Only pages the public may open (no user is signed in here): a 404 would warm nothing.
#: A search in Chinese and English loads jieba's dictionary and the stemmers (1.6 s in a new process).
WARM_PATHS = (
    "/",
    "/analysis/",
    "/finance/reports/",
    "/parties/",
    "/public/follow-up/",
    "/public/findings/?q=%E8%85%90%E8%B4%A5+corruption",
)
#: The environment variable that gives gunicorn's master, under `irm serve`, the pipe on which serve
#: says the database is ready (b"1"; closed without it: the preparation failed or serve stopped).
READY_FD = "IRM_SERVE_READY_FD"
#: The environment variable that names `irm serve`'s pid to its children (gunicorn, the worker).
PARENT = "IRM_SERVE_PARENT"
#: Worker processes at most: beyond 4 a small install's SQLite and memory gain nothing.
MAX_WORKERS = 4
#: Threads per gunicorn worker (requests that wait on the database), and waitress's pool.
GUNICORN_THREADS = 4
WAITRESS_THREADS = 8


def cores() -> int:
    """The cores this process may run on (its affinity where the OS tells it, else all of them)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def default_workers() -> int:
    return min(MAX_WORKERS, 2 * cores())


def gunicorn_runs_here() -> bool:
    """gunicorn forks: POSIX only (and installed: it is a dependency, but a trimmed install may lack it)."""
    return os.name == "posix" and importlib.util.find_spec("gunicorn") is not None


def gunicorn_command(host: str, port: int, *, workers: int, threads: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable, "-m", "gunicorn", "irm.wsgi:application",
        "--config", "python:irm.web.gunicorn_conf",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
    ]  # fmt: skip


def warm_up(application, port: int, paths: tuple[str, ...] = WARM_PATHS) -> dict[str, str]:
    """Send each path through the WSGI application (no network, no user: the public view of each page);
    returns each path's status line. Failures are logged, never raised: warming is an optimisation."""
    from wsgiref.util import setup_testing_defaults

    statuses: dict[str, str] = {}
    for path in paths:
        path_info, _, query = path.partition("?")
        environ = {"PATH_INFO": path_info, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1"}
        environ["SERVER_PORT"] = str(port)
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


def load_without_database() -> None:
    """What a start can do while the database is still being prepared (in gunicorn's master, on the
    core the preparation leaves free): the system checks, which import every page's module, and the
    search's dictionaries (jieba's, 1.6 s in a new process; the stemmers). Raises SystemCheckError."""
    from urllib.parse import unquote_plus

    from django.core.management.base import BaseCommand

    from irm.search.text import query_terms

    BaseCommand().check()
    query_terms(unquote_plus(WARM_PATHS[-1].partition("?q=")[2]))  # Chinese and English: jieba, stemmers


def wait_for_database(fd: int) -> bool:
    """Block until `irm serve` writes on the pipe `fd` that the database is ready; False if it
    closed the pipe instead (the preparation failed, or serve stopped)."""
    try:
        return os.read(fd, 1) == b"1"
    finally:
        os.close(fd)


def end_with_parent() -> None:
    """Under `irm serve` (`IRM_SERVE_PARENT`), on Linux: this process gets SIGTERM when serve dies, even
    killed outright (PR_SET_PDEATHSIG) — gunicorn's master, and the worker, which runs in a session of
    its own (a Ctrl+C in the terminal is serve's to handle)."""
    parent = os.environ.get(PARENT)
    if not parent or not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if str(os.getppid()) != parent:  # it died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)
