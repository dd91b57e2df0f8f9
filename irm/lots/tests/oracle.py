"""An oracle for draws, written from the rules (docs/apps/lots.md, resolution 3/1 annex ¶14–¶19 and the
guidelines on the drawing of lots), independently of the engine: it imports nothing from
`irm.lots.engine` and shares none of its code, so a bug in the engine's own checker
(`engine.check_pairings`) or in its data structures cannot hide a bad draw.

Each function returns the broken rules as sentences (empty: the draw is valid).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

NO_GROUP = "NONE"


def reviewer_violations(
    *,
    regions: Mapping[str, str],
    pairs: Mapping[str, Sequence[str]],
    cap: int,
    years: Mapping[str, int] | None = None,
    exclusions: Iterable[str] = (),
    deferrals: Iterable[tuple[str, int]] = (),
    kept: Mapping[str, Sequence[str]] | None = None,
    banned: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """The rules of the reviewers, checked pair by pair on the final result.

    - every State under review has exactly two reviewers, both parties, different, never itself;
    - the first reviewer is from the State's own regional group (any State for a party without one);
    - no State reviews more than `cap` States in the cycle;
    - no two States review each other in the cycle;
    - an excluded State reviews nobody; a State deferring in year Y reviews nobody reviewed in year Y;
    - pairs drawn before (`kept`) are still there; a reviewer a State asked to replace (`banned`) is not.
    """
    broken: list[str] = []
    excluded = set(exclusions)
    deferred = set(deferrals)
    load: Counter[str] = Counter()
    for state, reviewers in sorted(pairs.items()):
        broken += _pair_violations(state, reviewers, regions, load, excluded, deferred, years)
    for reviewer, count in sorted(load.items()):
        if count > cap:
            broken.append(f"{reviewer} reviews {count} States, more than {cap}")
    arcs = {(reviewer, state) for state, reviewers in pairs.items() for reviewer in reviewers}
    for reviewer, state in sorted(arcs):
        if reviewer < state and (state, reviewer) in arcs:
            broken.append(f"{reviewer} and {state} review each other")
    for state, reviewers in sorted((kept or {}).items()):
        missing = [r for r in reviewers if r not in pairs.get(state, ())]
        if missing:
            broken.append(f"{state} lost its reviewer(s) {', '.join(missing)} drawn before")
    for state, names in sorted((banned or {}).items()):
        again = sorted(set(names) & set(pairs.get(state, ())))
        if again:
            broken.append(f"{state} asked to replace {', '.join(again)}, drawn again")
    return broken


def _pair_violations(
    state: str,
    reviewers: Sequence[str],
    regions: Mapping[str, str],
    load: Counter[str],
    excluded: set[str],
    deferred: set[tuple[str, int]],
    years: Mapping[str, int] | None,
) -> list[str]:
    """The rules one State's pair breaks (counting each reviewer's load as it goes)."""
    if state not in regions:
        return [f"{state} is under review but is not a party"]
    if len(reviewers) != 2:
        return [f"{state} has {len(reviewers)} reviewers, not 2"]
    broken: list[str] = []
    first, second = reviewers
    for reviewer in (first, second):
        load[reviewer] += 1
        if reviewer not in regions:
            broken.append(f"{reviewer} reviews {state} but is not a party")
        if reviewer == state:
            broken.append(f"{state} reviews itself")
        if reviewer in excluded:
            broken.append(f"{reviewer} is excluded from reviewing but reviews {state}")
        if years is not None and (reviewer, years.get(state)) in deferred:
            broken.append(f"{reviewer} deferred year {years.get(state)} but reviews {state} in it")
    if first == second:
        broken.append(f"{state} has the same reviewer twice ({first})")
    region = regions[state]
    if region != NO_GROUP and regions.get(first) != region:
        broken.append(f"{state}'s first reviewer {first} is not from its group {region}")
    return broken


def year_violations(
    *,
    parties: Mapping[str, tuple[str, str | None]],
    years: Mapping[str, int],
    shares: Sequence[float],
    late_year: int,
    late_after: str | None = None,
    volunteers: Mapping[str, int] | None = None,
) -> list[str]:
    """The rules of the year groups. `parties`: ISO3 → (regional group, party since or None).

    - every party is placed exactly once, in a year of the cycle;
    - a volunteer is in the year it chose;
    - otherwise a State that became a party after `late_after` is in the late-joiners' year;
    - the others of each group are spread over the years in proportion to the shares: a year never
      holds more of a group's drawn States than its share rounded up (volunteers count towards the
      share), and, in a group without volunteers, never fewer than its share rounded down.
    """
    volunteers = dict(volunteers or {})
    broken: list[str] = []
    if set(years) != set(parties):
        missing, extra = sorted(set(parties) - set(years)), sorted(set(years) - set(parties))
        broken.append(f"placed once each: missing {missing}, not parties {extra}")
    for state, year in sorted(years.items()):
        if not 1 <= year <= len(shares):
            broken.append(f"{state} is placed in year {year}, outside 1–{len(shares)}")
    drawn: dict[str, list[str]] = {}
    for state, (region, since) in sorted(parties.items()):
        if state in volunteers:
            if years.get(state) != volunteers[state]:
                broken.append(
                    f"{state} volunteered for year {volunteers[state]}, placed in {years.get(state)}"
                )
        elif not any(s > 0 for s in shares) or (late_after and since and since > late_after):
            if years.get(state) != late_year:
                broken.append(f"{state} joined late ({since}) but is placed in year {years.get(state)}")
        else:
            drawn.setdefault(region, []).append(state)
    total = sum(shares)
    for region, states in sorted(drawn.items()):
        chose = [
            s for s, y in volunteers.items() if parties.get(s, ("", None))[0] == region and shares[y - 1] > 0
        ]
        counted = Counter(years.get(s) for s in states + chose)
        size = len(states) + len(chose)
        for y, share in enumerate(shares, start=1):
            exact = size * share / total if total else 0
            placed = sum(1 for s in states if years.get(s) == y)
            if placed > math.ceil(exact - 1e-9):
                broken.append(
                    f"{region}: {placed} States drawn into year {y}, more than its share {exact:.2f}"
                )
            if not chose and counted[y] < math.floor(exact + 1e-9):
                broken.append(f"{region}: {counted[y]} States in year {y}, fewer than its share {exact:.2f}")
    return broken
