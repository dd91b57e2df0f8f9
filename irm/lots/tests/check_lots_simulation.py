#!/usr/bin/env python3
# A copy of ../shared/checks/check_lots_simulation.py, kept as close to it as possible.
# ruff: noqa: SIM115
# mypy: ignore-errors
"""Check the JSON of `irm lots simulate` against the drawing-of-lots rules.

usage: check_lots_simulation.py DRAW.json [--cap 3]
"""

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

# Copied from ../shared/checks for the tests (the tests must run without ../shared); reads the
# parties shipped in the package instead of ../reference/parties.csv (same codes and groups).
PARTIES = Path(__file__).resolve().parents[2] / "parties" / "data" / "parties.csv"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("draw")
    ap.add_argument("--cap", type=int, default=3, help="most reviews one State may undertake in a cycle")
    a = ap.parse_args()
    with open(PARTIES, encoding="utf-8") as handle:
        handle.readline()  # the "# source: …" line
        region = {r["iso3"]: r["regional_group"] for r in csv.DictReader(handle)}
    d = json.load(open(a.draw, encoding="utf-8"))
    problems = []
    for key in ("cycle", "seed", "algorithm", "reviews"):
        if key not in d:
            problems.append(f"missing key {key!r}")
    reviews = d.get("reviews", [])
    states = [r.get("state") for r in reviews]
    for s, n in Counter(states).items():
        if n > 1:
            problems.append(f"{s} is under review {n} times")
    unknown = sorted({s for r in reviews for s in [r.get("state"), *r.get("reviewers", [])]} - set(region))
    if unknown:
        problems.append(f"codes not in the reference list: {unknown[:10]}")
    missing = sorted(set(region) - set(states))
    if missing:
        problems.append(f"parties never under review: {missing[:10]}")
    pairs, load = set(), Counter()
    for r in reviews:
        s, rv = r.get("state"), r.get("reviewers", [])
        if not isinstance(r.get("year"), int):
            problems.append(f"{s}: year {r.get('year')!r} is not an integer")
        if len(rv) != 2 or len(set(rv)) != 2 or s in rv:
            problems.append(f"{s}: reviewers {rv} must be two distinct other States")
            continue
        if region.get(s, "NONE") != "NONE" and not any(region.get(x) == region.get(s) for x in rv):
            problems.append(f"{s}: no reviewer from its regional group ({rv})")
        for x in rv:
            pairs.add((x, s))
            load[x] += 1
    problems += [f"reciprocal reviews {x} <-> {y}" for (x, y) in sorted(pairs) if (y, x) in pairs and x < y]
    problems += [f"{x} reviews {n} States (cap {a.cap})" for x, n in sorted(load.items()) if n > a.cap]
    for p in problems[:30]:
        print(p)
    print(f"{len(problems)} problems in {len(reviews)} reviews")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
