"""Concurrent autosaves on PostgreSQL: N contributors saving answers for a while, no edit lost.

    uv run python benchmarks/checklist.py [--seconds 60] [--workers 50] [--url postgres://postgres@127.0.0.1:5432/postgres]

Creates its own scratch database (irm_bench_checklist_<pid>), migrates it, loads the reference data,
opens Kenya's cycle-2 answer and gives every contributor two articles (so several people share
each article and some share questions), then runs one thread per contributor. Each thread
reads an answer's version, saves a new text based on it, and on a conflict re-reads and saves
again (as the merge page does). Prints saves per second, latency percentiles and the number of
lost or silently overwritten edits, which must be 0:

- every accepted save got a version number no other accepted save of the same answer got;
- the final text of every answer is the text of its highest accepted version.

The scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument(
        "--url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    args = parser.parse_args()

    import psycopg

    name = f"irm_bench_checklist_{os.getpid()}"
    admin = urlparse(args.url)
    with psycopg.connect(args.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunparse(admin._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
    os.environ.setdefault("IRM_SECRET_KEY", "benchmark-only")
    try:
        return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from irm.accounts.models import Membership, Role, User
    from irm.checklists import services
    from irm.checklists.models import Answer, Question
    from irm.core.exceptions import Conflict
    from irm.cycles.models import Cycle
    from irm.parties.models import State
    from irm.reference import load_reference_data
    from irm.reviews.models import Review

    load_reference_data()
    kenya = State.objects.get(iso3="KEN")
    focal = User.objects.create_user("fp-bench")
    Membership.objects.create(user=focal, role=Role.FOCAL_POINT, state=kenya)
    review = Review.objects.create(cycle=Cycle.objects.get(number=2), state=kenya, year=1)
    checklist = services.start_checklist(actor=focal, review=review)
    questions = list(Question.objects.filter(cycle=review.cycle, kind="text").select_related("article"))
    articles = sorted({q.article for q in questions}, key=lambda a: a.number)
    workers = []
    for i in range(args.workers):
        user = User.objects.create_user(f"contrib-bench-{i}")
        Membership.objects.create(user=user, role=Role.CONTRIBUTOR, state=kenya)
        mine = [articles[i % len(articles)], articles[(i * 7 + 3) % len(articles)]]
        for article in mine:
            services.assign_article(actor=focal, checklist=checklist, article=article, user=user)
        workers.append((user, [q for q in questions if q.article in mine]))
    connection.close()

    accepted: list[tuple[int, int, str]] = []  # (question id, version, text)
    latencies: list[float] = []
    conflicts = 0
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + args.seconds

    def work(index: int) -> None:
        nonlocal conflicts
        from django.db import connection as thread_connection

        user, own = workers[index]
        rng = random.Random(index)
        sequence = 0
        my_accepted, my_latencies, my_conflicts = [], [], 0
        try:
            while time.monotonic() < stop_at:
                question = rng.choice(own)
                current = (
                    Answer.objects.filter(checklist=checklist, question=question)
                    .values_list("version", flat=True)
                    .first()
                )
                base = current or 0
                while time.monotonic() < stop_at:
                    sequence += 1
                    text = f"{user.username} edit {sequence}"
                    started = time.perf_counter()
                    try:
                        answer = services.save_answer(
                            actor=user, checklist=checklist, question=question, value=text, base_version=base
                        )
                    except Conflict as conflict:
                        my_latencies.append(time.perf_counter() - started)
                        my_conflicts += 1
                        base = conflict.details["current_version"]  # merge: take theirs into account, retry
                        continue
                    my_latencies.append(time.perf_counter() - started)
                    my_accepted.append((question.pk, answer.version, text))
                    break
        except Exception as error:  # a benchmark reports, it does not hide
            errors.append(f"{user.username}: {error!r}")
        finally:
            thread_connection.close()
            with lock:
                accepted.extend(my_accepted)
                latencies.extend(my_latencies)
                conflicts += my_conflicts

    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.workers)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began

    # Verify: no two accepted saves of one answer share a version; the final text is the last one.
    seen: dict[tuple[int, int], str] = {}
    duplicates = 0
    last: dict[int, tuple[int, str]] = defaultdict(lambda: (0, ""))
    for question_id, version, text in accepted:
        if (question_id, version) in seen:
            duplicates += 1
        seen[(question_id, version)] = text
        if version > last[question_id][0]:
            last[question_id] = (version, text)
    final = {a.question_id: (a.version, a.value) for a in Answer.objects.filter(checklist=checklist)}
    mismatched = sum(1 for qid, (version, text) in last.items() if final.get(qid) != (version, text))
    gaps = sum(
        1
        for qid, (version, _) in last.items()
        if sorted(v for (q, v) in seen if q == qid) != list(range(1, version + 1))
    )
    lost = duplicates + mismatched + gaps
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    print(
        f"database            PostgreSQL {connection.pg_version if hasattr(connection, 'pg_version') else ''}"
    )
    print(f"contributors        {args.workers} threads, {elapsed:.1f} s, {len(final)} answers edited")
    print(f"accepted saves      {len(accepted)} ({len(accepted) / elapsed:.1f} saves/s)")
    print(f"refused (conflict)  {conflicts} — each retried on the newer version")
    print(
        f"latency per save    p50 {pct(0.50):.1f} ms, p95 {pct(0.95):.1f} ms, p99 {pct(0.99):.1f} ms, "
        f"mean {statistics.fmean(latencies) * 1000 if latencies else 0:.1f} ms"
    )
    print(
        f"lost or silently overwritten edits: {lost} (duplicate versions {duplicates}, final text wrong {mismatched}, version gaps {gaps})"
    )
    if errors:
        print(f"errors: {len(errors)}; first: {errors[0]}")
    return 0 if lost == 0 and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
