"""Benchmark of the drawing-of-lots engine (irm/lots/engine.py). Run: uv run python benchmarks/lots.py

1. Speed: full-cycle simulations of the 192 parties (year groups, then each year's reviewers),
   median and worst time, against a naive "draw, retry on violation" implementation measured in
   the same run (bounded attempts; its failures are counted), at the cycles' cap of 3 and at a
   tight cap of 2 (every State then reviews exactly two).
2. Fairness: over many seeds, how often each eligible same-region reviewer is drawn for a fixed
   State (Kenya, volunteering for year 1 of cycle 2, drawn with the rest of its year), with a
   chi-square test of uniformity.

Pure engine, no database: the parties come from irm/parties/data/parties.csv.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from irm.lots import engine  # noqa: E402
from irm.parties.reference import engine_parties  # noqa: E402

CYCLE_2 = engine.Rules(years=5, year_shares=(0.2,) * 5, late_joiners_year=5, cap=3, late_after="2016-01-01")


def parties() -> list[engine.Party]:
    return [
        engine.Party(r["iso3"], r["regional_group"], r["legal_system"], r["party_since"] or None)
        for r in engine_parties()
    ]


def naive_cycle(
    states: list[engine.Party], rules: engine.Rules, seed: int, *, attempts: int = 1000, restarts: int = 20
) -> dict | None:
    """Draw two reviewers at random for each State in turn; on a violation draw again; when a State
    cannot be served in `attempts` tries, start the whole cycle again (at most `restarts` times)."""
    rng = random.Random(seed)
    region = {p.iso3: p.region for p in states}
    codes = sorted(region)
    years = engine.draw_year_groups(states, rules, rng)
    for _ in range(restarts):
        load: Counter[str] = Counter()
        arcs: set[tuple[str, str]] = set()
        pairs: dict[str, list[str]] = {}
        order = sorted(codes, key=lambda c: (years[c], rng.random()))
        for state in order:
            for _ in range(attempts):
                a, b = rng.sample(codes, 2)
                if state in (a, b) or load[a] >= rules.cap or load[b] >= rules.cap:
                    continue
                if (state, a) in arcs or (state, b) in arcs:
                    continue
                if region[state] != "NONE" and region[state] not in (region[a], region[b]):
                    continue
                pairs[state] = [a, b]
                load.update([a, b])
                arcs.update({(a, state), (b, state)})
                break
            else:
                break
        else:
            return {"years": years, "pairs": pairs}
    return None


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def speed(states: list[engine.Party], rules: engine.Rules, sims: int, naive_sims: int) -> None:
    regions = {p.iso3: p.region for p in states}
    ours: list[float] = []
    for seed in range(sims):
        seconds, result = timed(engine.simulate_cycle, states, rules, seed)
        rows = [(None, s, r) for s, r in result["pairs"].items()]  # type: ignore[index]
        assert not engine.check_pairings(rows, regions, cap=rules.cap), f"seed {seed}: invalid draw"
        ours.append(seconds)
    naive: list[float] = []
    failures = 0
    for seed in range(naive_sims):
        seconds, result = timed(naive_cycle, states, rules, seed)
        naive.append(seconds)
        failures += result is None
    print(f"  engine {engine.ALGORITHM}: {sims} simulations, 0 failures")
    print(
        f"    median {statistics.median(ours):.3f} s, worst {max(ours):.3f} s, mean {statistics.mean(ours):.3f} s"
    )
    print(
        f"  naive draw-and-retry (1000 tries per State, 20 restarts): {naive_sims} simulations, {failures} failures"
    )
    print(f"    median {statistics.median(naive):.3f} s, worst {max(naive):.3f} s")
    print(
        f"  ratio engine/naive: median {statistics.median(ours) / statistics.median(naive):.2f}, "
        f"worst {max(ours) / max(naive):.2f}"
    )


def fairness(states: list[engine.Party], seeds: int, fixed: str = "KEN") -> None:
    from scipy.stats import chisquare

    region = {p.iso3: p.region for p in states}
    peers = sorted(c for c, r in region.items() if r == region[fixed] and c != fixed)
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    for seed in range(seeds):
        rng = random.Random(seed)
        years = engine.draw_year_groups(states, CYCLE_2, rng, volunteers={fixed: 1})
        situation = engine.Situation(parties=states, rules=CYCLE_2, years=years)
        targets = [c for c, y in years.items() if y == 1]
        outcome = engine.draw_reviewers(situation, targets, rng)
        counts[outcome.pairs[fixed][0]] += 1
    observed = [counts[c] for c in peers]
    test = chisquare(observed)
    print(
        f"  {fixed}: same-region reviewer over {seeds} seeds ({time.perf_counter() - start:.0f} s), "
        f"{len(peers)} eligible States of {region[fixed]}"
    )
    print(f"    expected {seeds / len(peers):.1f} each; observed min {min(observed)}, max {max(observed)}")
    print(
        f"    chi-square {test.statistic:.1f} on {len(peers) - 1} degrees of freedom, p-value {test.pvalue:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sims", type=int, default=100)
    parser.add_argument("--naive-sims", type=int, default=100)
    parser.add_argument("--naive-tight-sims", type=int, default=20, help="each failure takes seconds")
    parser.add_argument("--seeds", type=int, default=2000)
    args = parser.parse_args()
    states = parties()
    print(f"parties: {len(states)}")
    print("speed, cycle 2 rules (one fifth per year, cap 3):")
    speed(states, CYCLE_2, args.sims, args.naive_sims)
    tight = engine.Rules(**{**CYCLE_2.to_dict(), "year_shares": CYCLE_2.year_shares, "cap": 2})
    print("speed, tight cap of 2 (384 reviews = 192 × 2):")
    speed(states, tight, args.sims, args.naive_tight_sims)
    print("fairness:")
    fairness(states, args.seeds)


if __name__ == "__main__":
    main()
