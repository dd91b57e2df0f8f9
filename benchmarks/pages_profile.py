"""CPU per request of each page of `benchmarks/pages.py`'s mix, in one process (issue 18 §5).

    uv run python benchmarks/pages_profile.py [--sqlite DIR | --postgres URL] [-n 20] [--only SUBSTRING]
        [--cprofile URL [--top 40]]

Where `pages.py` measures latency under load (the queue for the cores included), this measures what
each request costs: the demo is loaded once into a scratch data directory (`--sqlite DIR`, default
`/tmp/irm-pages-profile/sqlite`) or a scratch PostgreSQL database (`--postgres URL`, created when
missing and kept for the next run, like the data directory: delete them to start over), its
background tasks are run to the end (search indexes, bulk files), then each role signs in with
Django's test client and every URL of the mix is requested once to warm the process and `-n` times
measured: the median CPU milliseconds per request (`time.process_time`: the process's CPU, so other
work on a shared machine counts only through the caches and cores it shares), the number of queries, the answer's size. `--cprofile URL` (a path of
the table, or any path) prints the top functions of that request by cumulative time.

The test client runs the whole middleware stack, as gunicorn does, but no network and no CSRF check.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def prepare(args: argparse.Namespace) -> dict[str, str]:
    """The environment of the scratch database, the demo loaded in it and its tasks run."""
    env = {**os.environ, "IRM_SECRET_KEY": "benchmark-only", "IRM_TESTING": "0"}
    env.pop("DATABASE_URL", None)
    if args.postgres:
        import psycopg

        admin = urlparse(args.postgres)
        name = admin.path.lstrip("/") or "irm_pages_profile"
        with psycopg.connect(urlunparse(admin._replace(path="/postgres")), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urlunparse(admin._replace(path=f"/{name}"))
        data_dir = Path(args.sqlite).parent / f"pg-{name}"
    else:
        data_dir = Path(args.sqlite)
    data_dir.mkdir(parents=True, exist_ok=True)
    env["IRM_DATA_DIR"] = str(data_dir)
    marker = data_dir / "prepared"
    if not marker.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "irm", "init", "--demo"], env=env, cwd=ROOT, check=True)
        subprocess.run([sys.executable, "-m", "irm", "db_worker", "--batch"], env=env, cwd=ROOT, check=True)
        collect = [sys.executable, "-m", "irm", "collectstatic", "--no-input", "-v", "0"]
        subprocess.run(collect, env=env, cwd=ROOT, check=True)
        marker.write_text("demo loaded, tasks run\n")
        print(f"demo prepared in {data_dir} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return env


def mix(data: dict) -> list[tuple[str, str, str]]:
    """(role, method, path) of every URL pages.py sends."""
    cycle, checklist = data["cycle"], data["checklist"]
    public = [
        "/",
        "/parties/",
        f"/reviews/{cycle}/KEN/",
        "/public/findings/?q=corruption",
        "/public/findings/",
        f"/api/v1/reviews/?cycle={cycle}",
        "/api/v1/public/findings?q=bribery",
    ]
    secretariat = ["/", "/analysis/", "/finance/", "/reviews/deadlines/", "/api/v1/checklists/"]
    focal = [f"/checklists/{checklist}/articles/{data['articles'][0]}/", f"/checklists/{checklist}/"]
    rows = [("public", "GET", p) for p in public]
    rows += [("secretariat", "GET", p) for p in secretariat]
    rows += [("fp-kenya", "GET", p) for p in focal]
    rows.append(("fp-kenya", "POST", f"/checklists/{checklist}/answers/{data['questions'][0]}/"))
    return rows


def weight(role: str, method: str, path: str, rows: list[tuple[str, str, str]]) -> float:
    """The share of pages.py's requests that are this one: half the clients are the public, a quarter
    the secretariat, a quarter the focal point (half of whose requests are saves); each picks evenly."""
    if role == "fp-kenya":
        if method == "POST":
            return 0.25 * 0.5
        return 0.25 * 0.5 * 0.5  # pages.py: one of the articles, or the checklist
    share = {"public": 0.5, "secretariat": 0.25}[role]
    return share / sum(1 for r in rows if r[0] == role)


def run(args: argparse.Namespace) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from irm.accounts.middleware import OTP_VERIFIED
    from irm.accounts.models import User
    from irm.checklists.models import Checklist, Question
    from irm.reviews.models import Review

    review = Review.objects.filter(state__iso3="KEN").order_by("-cycle__number").first()
    assert review is not None, "no demo in this database"
    checklist = Checklist.objects.filter(review=review).first()
    questions = list(
        Question.objects.filter(cycle=review.cycle, kind="text").order_by("article__number", "code")[:12]
    )
    data = {
        "cycle": review.cycle.number,
        "checklist": checklist.pk,  # type: ignore[union-attr]
        "articles": sorted({q.article.number for q in questions}),
        "questions": [q.code for q in questions],
    }
    clients: dict[str, Client] = {"public": Client()}
    for name in ("secretariat", "fp-kenya"):
        client = Client()
        client.force_login(User.objects.get(username=name))
        session = client.session
        session[OTP_VERIFIED] = True
        session.save()
        clients[name] = client
    version = {"value": 0}

    def send(role: str, method: str, path: str):
        client = clients[role]
        if method == "POST":
            body = {"value": f"text {time.time()}", "base_version": version["value"]}
            response = client.post(path, json.dumps(body), content_type="application/json")
            answer = json.loads(response.content)
            version["value"] = int(answer.get("version") or answer.get("current_version") or 0)
            return response
        return client.get(path)

    rows = [r for r in mix(data) if not args.only or args.only in r[2]]
    if args.cprofile:
        role, method, path = next(
            (r for r in rows if r[2] == args.cprofile or r[2].startswith(args.cprofile)),
            (args.role, "GET", args.cprofile),
        )
        send(role, method, path)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.n):
            send(role, method, path)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(f"{role} {method} {path} × {args.n}\n{out.getvalue()}")
        return
    print(f"database: {connection.vendor}; {args.n} requests per URL after one to warm; median CPU ms")
    print(f"{'role':<12} {'request':<48} {'status':>6} {'CPU ms':>8} {'queries':>8} {'bytes':>9}")
    total = weighted = 0.0
    for role, method, path in rows:
        response = send(role, method, path)  # warm
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = send(role, method, path)
        count = len(queries)  # read now: the context reads the connection's log lazily
        reset_queries()
        spent = []
        for _ in range(args.n):
            started = time.process_time()
            send(role, method, path)
            spent.append((time.process_time() - started) * 1000)
        # The median: on a machine shared with other work a few requests are stretched by it.
        cpu = statistics.median(spent)
        total += cpu
        weighted += cpu * weight(role, method, path, rows)
        label = f"{method} {path}"[:48]
        print(
            f"{role:<12} {label:<48} {response.status_code:>6} {cpu:8.1f} {count:>8} "
            f"{len(response.content):>9}"
        )
    print(f"{'':<12} {'mean of the URLs':<48} {'':>6} {total / len(rows):8.1f}")
    print(f"{'':<12} {'mean weighted as pages.py sends them':<48} {'':>6} {weighted:8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", default="/tmp/irm-pages-profile/sqlite", help="scratch data directory")
    parser.add_argument("--postgres", help="postgres://…/NAME: a scratch database (created if missing)")
    parser.add_argument("-n", type=int, default=20, help="measured requests per URL")
    parser.add_argument("--only", help="only the URLs containing this")
    parser.add_argument("--cprofile", help="profile this URL instead of the table")
    parser.add_argument("--role", default="public", help="who asks the --cprofile URL outside the mix")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    if os.environ.get("IRM_PAGES_PROFILE_CHILD"):
        run(args)
        return 0
    env = prepare(args)
    env["IRM_PAGES_PROFILE_CHILD"] = "1"
    return subprocess.run([sys.executable, *sys.argv], env=env, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
