"""The test suite's speed (issue 15 §8): `uv run pytest` now against the suite as it was when issue 15 was
filed, both timed in the same run on the same machine.

    uv run python benchmarks/suite.py [--baseline 5161525] [--ref HEAD] [--databases sqlite,postgresql]
                                      [--only ref|baseline] [--keep] [--pytest-args "-m 'not browser'"]

Issue 15 asks for a suite "at least as complete and faster than today (today about 5 minutes on SQLite
and 6½ on PostgreSQL on 2 cores)". Those minutes were read on the machine of that day; machines differ
(the same suite took 6 min 47 s in one session's CI and 4 min 30 s in the next's). So this script runs
both suites here, one after the other:

- the baseline: commit 5161525, main when issue 15 was filed (2026-11-23), whose suite ran in one process;
- the ref (default HEAD): the suite as it is now, on every core (pytest-xdist, docs/TESTING.md).

Each is cloned fresh (`git clone`, so only committed work counts) and installed with its own lock file
(`uv sync --frozen --compile-bytecode`, before the timer, as `.ci/run` installs), then `uv run pytest` runs
there exactly as the README says: on SQLite (no DATABASE_URL, a scratch data directory), then on a
scratch PostgreSQL database (`DATABASE_URL`, dropped afterwards with the workers' test databases). For
each run it prints the wall clock, the CPU time of the run and its child processes (user + system), the
tests passed / skipped / failed, the tests per minute, the load average before and after; then each
database's ratio of ref to baseline, by wall clock and per test. Runs take minutes each (about 25 in
all): run it on a quiet machine, nothing else running.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: main when issue 15 was filed (its "about 5 minutes on SQLite and 6½ on PostgreSQL on 2 cores").
BASELINE = "5161525"
ISSUE_MINUTES = {"sqlite": 5.0, "postgresql": 6.5}
SUMMARY = re.compile(r"^=*\s*(?P<counts>(?:\d+ \w+(?:, )?)+) in (?P<seconds>[\d.]+)s", re.MULTILINE)
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


@dataclass
class Run:
    label: str
    commit: str
    database: str
    wall: float
    cpu: float
    counts: dict[str, int]
    load_before: float
    load_after: float
    code: int

    @property
    def tests(self) -> int:
        return self.counts.get("passed", 0) + self.counts.get("failed", 0) + self.counts.get("error", 0)


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _clone(work: Path, label: str, commit: str) -> Path:
    clone = work / label
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", commit], check=True)
    started = time.perf_counter()
    subprocess.run(["uv", "sync", "-q", "--frozen", "--compile-bytecode"], cwd=clone, check=True)
    print(f"{label}: {commit[:7]} {_git('log', '-1', '--format=%s', cwd=clone)[:70]!r}")
    print(
        f"  cloned into {clone}, installed in {time.perf_counter() - started:.0f} s (not timed)", flush=True
    )
    return clone


def _psql(sql: str) -> str:
    command = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres", "-Atqc", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _pytest(clone: Path, label: str, database: str, work: Path, extra: list[str]) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "IRM_", "PYTEST_"))}
    data = Path(tempfile.mkdtemp(prefix=f"data-{label}-{database}-", dir=work))
    env["IRM_DATA_DIR"] = str(data)
    scratch = f"irm_suite_{label}_{os.getpid()}"
    if database == "postgresql":
        _psql(f'CREATE DATABASE "{scratch}"')
        env["DATABASE_URL"] = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{scratch}"
        env["IRM_TEST_DATABASE_NAME"] = f"test_{scratch}"
    log = work / f"{label}-{database}.log"
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w") as out:
        code = subprocess.run(
            ["uv", "run", "pytest", *extra], cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT
        ).returncode
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if database == "postgresql":
        for name in _psql(f"SELECT datname FROM pg_database WHERE datname LIKE '%{scratch}%'").split():
            _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(data, ignore_errors=True)
    found = SUMMARY.findall(log.read_text(errors="replace"))
    counts = {}
    if found:
        for part in found[-1][0].split(", "):
            number, word = part.split(" ", 1)
            counts[word.rstrip("s") if word.endswith("errors") else word] = int(number)
    run = Run(
        label,
        _git("-C", str(clone), "rev-parse", "HEAD"),
        database,
        wall,
        cpu,
        counts,
        load_before,
        os.getloadavg()[0],
        code,
    )
    print(
        f"  {database:<10} {_minutes(wall):>9} wall  {cpu:6.0f} s CPU  "
        f"{', '.join(f'{n} {w}' for w, n in counts.items()) or 'no summary'}  (exit {code}; "
        f"load {run.load_before:.1f} → {run.load_after:.1f}; log {log})",
        flush=True,
    )
    return run


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--baseline", default=BASELINE, help=f"the suite to compare against (default {BASELINE})"
    )
    parser.add_argument("--ref", default="HEAD", help="the suite measured (default HEAD)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--only", choices=["ref", "baseline"], help="run one of the two suites")
    parser.add_argument("--keep", action="store_true", help="leave the clones and the logs in place")
    parser.add_argument(
        "--pytest-args",
        default="",
        help="added to both suites' command, e.g. \"-m 'not browser'\" (both suites mark their browser tests)",
    )
    args = parser.parse_args()
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(databases) - set(ISSUE_MINUTES)
    if unknown:
        parser.error(f"--databases: {', '.join(sorted(unknown))} (sqlite, postgresql)")
    suites = [("baseline", _git("rev-parse", args.baseline)), ("ref", _git("rev-parse", args.ref))]
    if args.only:
        suites = [s for s in suites if s[0] == args.only]

    work = Path(tempfile.mkdtemp(prefix="irm-suite-"))
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; work in {work}")
    runs: list[Run] = []
    try:
        clones = {label: _clone(work, label, commit) for label, commit in suites}
        for database in databases:  # each database: the baseline, then the ref, back to back
            for label, _commit in suites:
                print(f"{label}:", flush=True)
                runs.append(_pytest(clones[label], label, database, work, shlex.split(args.pytest_args)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(
        "\n| suite | database | wall | CPU (user + sys) | tests passed / skipped / failed | tests per minute |"
    )
    print("|---|---|---|---|---|---|")
    for run in runs:
        counts = f"{run.counts.get('passed', 0)} / {run.counts.get('skipped', 0)} / {run.counts.get('failed', 0) + run.counts.get('error', 0)}"
        print(
            f"| {run.label} {run.commit[:7]} | {run.database} | {_minutes(run.wall)} | {run.cpu:.0f} s | {counts} | {run.tests / run.wall * 60:.0f} |"
        )
    failed = [run for run in runs if run.code != 0]
    for database in databases:
        pair = {run.label: run for run in runs if run.database == database}
        if len(pair) == 2:
            ref, base = pair["ref"], pair["baseline"]
            print(
                f"{database}: ref/baseline wall {ref.wall / base.wall:.2f} ({_minutes(ref.wall)} against "
                f"{_minutes(base.wall)}), per test {(ref.wall / max(ref.tests, 1)) / (base.wall / max(base.tests, 1)):.2f}, "
                f"CPU {ref.cpu / base.cpu:.2f}; tests {ref.tests} against {base.tests}; "
                f"issue 15's figure {ISSUE_MINUTES[database]:g} min"
            )
    if failed:
        print(
            "failed runs: " + ", ".join(f"{r.label} on {r.database} (exit {r.code})" for r in failed),
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
