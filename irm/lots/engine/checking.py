"""Checking recorded pairings against the rules (imports of historical pairings, `irm lots verify`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from irm.lots.engine.model import (
    NO_GROUP,
)


@dataclass(frozen=True)
class Violation:
    rule: str
    row: int | None
    states: tuple[str, ...]
    message: str


def check_pairings(
    rows: Sequence[tuple[int | None, str, Sequence[str | None]]],
    regions: Mapping[str, str],
    *,
    cap: int = 3,
    exclusions: Iterable[str] = (),
) -> list[Violation]:
    """Check one cycle's pairings against the rules. `rows` are (row number, State, reviewers);
    a reviewer may be None when unknown (rules needing it are then not checked)."""
    excluded = set(exclusions)
    violations: list[Violation] = []
    seen: dict[str, int | None] = {}
    arcs: dict[tuple[str, str], int | None] = {}
    load: dict[str, list[int | None]] = {}
    for row, state, reviewers in rows:
        known = [r for r in reviewers if r]
        if state in seen:
            violations.append(
                Violation(
                    "once_per_cycle", row, (state,), f"{state} is already under review (row {seen[state]})"
                )
            )
        seen.setdefault(state, row)
        if state in known:
            violations.append(Violation("not_itself", row, (state,), f"{state} cannot review itself"))
        if len(known) == 2 and known[0] == known[1]:
            violations.append(
                Violation("distinct", row, (state, known[0]), f"{known[0]} is drawn twice for {state}")
            )
        if len(known) > 2:
            violations.append(
                Violation("two_reviewers", row, (state, *known), f"{state} has more than two reviewers")
            )
        region = regions.get(state, NO_GROUP)
        if region != NO_GROUP and len(known) == 2 and not any(regions.get(r) == region for r in known):
            violations.append(
                Violation(
                    "same_region",
                    row,
                    (state, *known),
                    f"no reviewer of {state} is from its regional group {region}",
                )
            )
        for r in known:
            if r in excluded:
                violations.append(Violation("excluded", row, (r, state), f"{r} is excluded from reviewing"))
            if r != state:
                arcs.setdefault((r, state), row)
                load.setdefault(r, []).append(row)
    for (r, s), row in sorted(arcs.items(), key=lambda item: (item[1] or 0, item[0])):
        if (s, r) in arcs and r < s:
            violations.append(
                Violation(
                    "no_reciprocal",
                    row,
                    (r, s),
                    f"{r} and {s} review each other (rows {arcs[(r, s)]} and {arcs[(s, r)]})",
                )
            )
    for r, rows_ in sorted(load.items()):
        if len(rows_) > cap:
            violations.append(
                Violation(
                    "cap",
                    rows_[cap],
                    (r,),
                    f"{r} reviews {len(rows_)} States (at most {cap}; rows {', '.join(str(x) for x in rows_)})",
                )
            )
    return violations
