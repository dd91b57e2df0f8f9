"""Pages under load: the demo server driven by a realistic mix at 1, 10 and 50 concurrent clients.

    uv run python benchmarks/pages.py [--config embedded|production|both] [--seconds 20]
        [--clients 1,10,50] [--workers 4] [--url postgres://postgres@127.0.0.1:5432/postgres] [--settle]

For each configuration it prepares a fresh demo and starts the server on the loopback address:

- embedded: `irm serve --demo` as a newcomer runs it (SQLite in a scratch data directory, gunicorn's
  processes on POSIX since ADR 0003 — waitress before —, the worker as a child process);
- production: the documented production set-up (docs/adr/0002-wsgi-server.md): PostgreSQL (a scratch
  database, dropped at the end), gunicorn with `--workers` processes of 4 threads and the platform's
  gunicorn settings (`irm/web/gunicorn_conf.py`: keep-alive 30 s, preloaded and warmed), and
  `irm worker` as a separate process.

Each client is a thread with its own signed-in session (or none, for the public) that sends its next
request when the previous one is answered, after a think time drawn uniformly between 0 and 2 s (1 s on
average: 50 clients offer about 50 requests/s). The mix, by weight: public pages (home, parties, a
review, the public record's search), the focal point's checklist (an article, and autosaves of answers
based on the version read: a conflict answer 409 is a correct answer, not an error), the secretariat's
dashboards (home, analysis, finance), and API reads (reviews, public findings, checklists). Then one
run with no think time at the largest client count finds the saturation throughput.

Prints, per configuration and client count: p50, p95, p99 latency, throughput and errors (a status of
500 and above, a refused connection or a timeout), next to the figures of issue 18 for the embedded
server before this work (the baseline). Goal: p95 under 300 ms at 50 clients with 0 errors, on both.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
#: Issue 18's figures for the embedded server (one process, 8 threads) on a simple mix: clients → p95 ms, req/s.
BASELINE = {1: (46, 58), 10: (760, None), 50: (3600, 26)}

#: Who signs in (the demo's users) and what each asks for.
SESSION_SETUP = """
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from irm.accounts.middleware import OTP_VERIFIED
from irm.accounts.models import User
from irm.checklists.models import Answer, Checklist, Question
from irm.reviews.models import Review

sessions = {}
for name in ("secretariat", "fp-kenya"):
    user = User.objects.get(username=name)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[OTP_VERIFIED] = True
    store.create()
    sessions[name] = store.session_key
review = Review.objects.filter(state__iso3="KEN").order_by("-cycle__number").first()
checklist = Checklist.objects.filter(review=review).first()
questions = list(Question.objects.filter(cycle=review.cycle, kind="text").order_by("article__number", "code")[:12])
print(json.dumps({
    "sessions": sessions,
    "cycle": review.cycle.number,
    "review": review.pk,
    "checklist": checklist.pk,
    "articles": sorted({q.article.number for q in questions}),
    "questions": [q.code for q in questions],
}))
"""


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    by_path: dict[str, list[float]] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, process: subprocess.Popen, timeout: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:
                return time.monotonic() - started
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer in time")


class Client:
    """One person: a keep-alive connection, a session cookie, a CSRF token, and the mix."""

    def __init__(self, port: int, role: str, data: dict, rng: random.Random) -> None:
        self.port, self.role, self.data, self.rng = port, role, data, rng
        self.csrf = secrets.token_hex(16)
        session = data["sessions"].get(role)
        self.cookie = f"csrftoken={self.csrf}" + (f"; sessionid={session}" if session else "")
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.versions: dict[str, int] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> int:
        headers = {
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
            "Referer": f"http://127.0.0.1:{self.port}/",
        }
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=payload, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        if (response.status == 200 and method == "POST") or response.status == 409:
            self.last_json = json.loads(content)
        return response.status

    def next_request(self) -> tuple[str, str, dict | None]:
        d, r = self.data, self.rng
        if self.role == "public":
            path = r.choice(
                [
                    "/",
                    "/parties/",
                    f"/reviews/{d['cycle']}/KEN/",
                    "/public/findings/?q=corruption",
                    "/public/findings/",
                    "/api/v1/reviews/?cycle=" + str(d["cycle"]),
                    "/api/v1/public/findings?q=bribery",
                ]
            )
            return "GET", path, None
        if self.role == "secretariat":
            return (
                "GET",
                r.choice(["/", "/analysis/", "/finance/", "/reviews/deadlines/", "/api/v1/checklists/"]),
                None,
            )
        # the focal point: reads an article, and saves answers (half of what they do)
        if r.random() < 0.5:
            code = r.choice(d["questions"])
            base = self.versions.get(code, 0)
            return (
                "POST",
                f"/checklists/{d['checklist']}/answers/{code}/",
                {"value": f"text {r.random()}", "base_version": base},
            )
        number = r.choice(d["articles"])
        return (
            "GET",
            r.choice([f"/checklists/{d['checklist']}/articles/{number}/", f"/checklists/{d['checklist']}/"]),
            None,
        )


def drive(port: int, data: dict, clients: int, seconds: float, think: bool) -> tuple[Result, float]:
    result = Result()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    roles = ["public", "public", "fp-kenya", "secretariat"]

    def run(index: int) -> None:
        rng = random.Random(index)
        client = Client(port, roles[index % len(roles)], data, rng)
        mine: list[float] = []
        errors: list[str] = []
        conflicts = 0
        by_path: dict[str, list[float]] = {}
        if think:
            time.sleep(rng.uniform(0, 2))
        while time.monotonic() < stop_at:
            method, path, body = client.next_request()
            started = time.perf_counter()
            try:
                status = client.request(method, path, body)
            except Exception as error:  # a benchmark reports, it does not hide
                errors.append(f"{method} {path}: {error!r}")
                status = 0
            mine.append(time.perf_counter() - started)
            by_path.setdefault(
                path.split("?")[0] if "/answers/" not in path else "POST an answer", []
            ).append(mine[-1])
            if status >= 500 or (status >= 400 and status != 409):
                errors.append(f"{method} {path}: {status}")
            if method == "POST" and status in (200, 409):
                answer = client.last_json
                code = path.rstrip("/").rsplit("/", 1)[1]
                if status == 409:
                    conflicts += 1
                    client.versions[code] = int(answer.get("current_version", 0))
                else:
                    client.versions[code] = int(answer["version"])
            if think:
                time.sleep(rng.uniform(0, 2))
        with lock:
            result.latencies.extend(mine)
            result.errors.extend(errors)
            result.conflicts += conflicts
            for key, values in by_path.items():
                result.by_path.setdefault(key, []).extend(values)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result, time.monotonic() - began


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0


def report(name: str, clients: int, think: bool, result: Result, elapsed: float) -> None:
    lat = result.latencies
    rate = len(lat) / elapsed if elapsed else 0.0
    base = BASELINE.get(clients) if think and name == "embedded" else None
    versus = ""
    if base:
        versus = f"   baseline p95 {base[0]} ms ({pct(lat, 0.95) / base[0]:.2f}×)"
    print(
        f"{name:<10} {clients:>3} {'1 s think' if think else 'no think ':<9}  "
        f"p50 {pct(lat, 0.50):7.1f}  p95 {pct(lat, 0.95):7.1f}  p99 {pct(lat, 0.99):7.1f} ms  "
        f"{rate:6.1f} req/s  errors {len(result.errors):>3}  conflicts {result.conflicts:>3}{versus}"
    )
    if result.errors:
        print(f"{'':>15}first error: {result.errors[0]}")
    slowest = sorted(result.by_path.items(), key=lambda item: -pct(item[1], 0.95))[:4]
    print(
        f"{'':>15}slowest p95: " + ", ".join(f"{path} {pct(values, 0.95):.0f} ms" for path, values in slowest)
    )
    sys.stdout.flush()


def first_requests(port: int, data: dict) -> None:
    """Issue 18 §3: the dashboards answer in under 1 s, also the first time after a start."""
    client = Client(port, "secretariat", data, random.Random(0))
    for path in ["/analysis/", "/finance/", "/analysis/", "/finance/"]:
        started = time.perf_counter()
        status = client.request("GET", path)
        print(
            f"{'':>15}secretariat GET {path:<11} {(time.perf_counter() - started) * 1000:7.1f} ms ({status})"
        )


def prepare_sessions(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SESSION_SETUP], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


SETTLE = """
import os, sys, time
import django
django.setup()
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
deadline = time.monotonic() + float(sys.argv[1])
while time.monotonic() < deadline:
    due = Q(status="READY") & (Q(run_after__isnull=True) | Q(run_after__lte=timezone.now()))
    left = DBTaskResult.objects.filter(due | Q(status="RUNNING")).count()
    if not left:
        break
    time.sleep(1)
print(left)
"""


def settle(env: dict, timeout: float = 300) -> None:
    """Wait until the worker has done what the demo's start queued (indexes, bulk files, the suggestion
    model): a server in use has done it long since; measured before it, the levels measure that work."""
    began = time.monotonic()
    left = subprocess.run(
        [sys.executable, "-c", SETTLE, str(timeout)],
        env={**env, "DJANGO_SETTINGS_MODULE": "irm.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"the worker's start-up work done in {time.monotonic() - began:.1f} s ({left} tasks left)")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def run_config(name: str, args: argparse.Namespace, scratch: Path) -> None:
    port = free_port()
    env = {**os.environ, "IRM_DATA_DIR": str(scratch / name), "IRM_SECRET_KEY": "benchmark-only"}
    env.pop("DATABASE_URL", None)
    (scratch / name).mkdir()
    processes: list[subprocess.Popen] = []
    database = None
    try:
        started = time.monotonic()
        if name == "embedded":
            processes.append(
                start(
                    [sys.executable, "-m", "irm", "serve", "--demo", "--port", str(port)],
                    env,
                    scratch / "embedded.log",
                )
            )
        else:
            import psycopg

            database = f"irm_bench_pages_{os.getpid()}"
            with psycopg.connect(args.url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = urlunparse(urlparse(args.url)._replace(path=f"/{database}"))
            subprocess.run(
                [sys.executable, "-m", "irm", "init", "--demo"],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            subprocess.run(
                [sys.executable, "-m", "irm", "collectstatic", "--no-input", "-v", "0"],
                env=env,
                check=True,
                cwd=ROOT,
            )
            processes.append(start([sys.executable, "-m", "irm", "worker"], env, scratch / "worker.log"))
            gunicorn = [
                sys.executable, "-m", "gunicorn", "irm.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--config", "python:irm.web.gunicorn_conf",
                "--workers", str(args.workers), "--worker-class", "gthread", "--threads", "4",
                "--access-logfile", "-",
            ]  # fmt: skip
            processes.append(start(gunicorn, env, scratch / "gunicorn.log"))
        try:
            wait_ready(port, processes[-1])
        except SystemExit:
            for log in scratch.glob("*.log"):
                print(f"--- {log.name}\n" + "\n".join(log.read_text().splitlines()[-15:]))
            raise
        print(f"{name}: demo prepared and server answering in {time.monotonic() - started:.1f} s")
        data = prepare_sessions(env)
        first_requests(port, data)
        if args.settle:
            settle(env)
        drive(port, data, 2, 3, think=False)  # warm: each process's first requests import the pages
        for clients in args.clients:
            result, elapsed = drive(port, data, clients, args.seconds, think=True)
            report(name, clients, True, result, elapsed)
        result, elapsed = drive(port, data, max(args.clients), args.seconds, think=False)
        report(name, max(args.clients), False, result, elapsed)
    finally:
        for process in reversed(processes):
            stop(process)
        if database:
            import psycopg

            with psycopg.connect(args.url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", choices=["embedded", "production", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 10, 50])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (production)")
    parser.add_argument(
        "--settle",
        action="store_true",
        help="after the first requests, wait until the worker has done the demo's start-up tasks",
    )
    parser.add_argument(
        "--url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start"
    )
    scratch = Path(tempfile.mkdtemp(prefix="irm-bench-pages-"))
    try:
        for name in ["embedded", "production"] if args.config == "both" else [args.config]:
            run_config(name, args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
