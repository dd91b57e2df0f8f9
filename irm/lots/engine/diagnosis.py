"""Why a draw is impossible: each rule that cannot be met, and the States it concerns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from irm.lots.engine.flow import _Search
from irm.lots.engine.model import (
    NO_GROUP,
    SAME,
    Problem,
)


def _name(codes: Sequence[str], items: Iterable[int]) -> tuple[str, ...]:
    return tuple(sorted(codes[i] for i in items))


def _too_few_reviewers(search: _Search, cap: int) -> list[Problem]:
    """Each State that cannot get the reviewers it needs, or none from its group."""
    codes = search.codes
    problems: list[Problem] = []
    for s in range(search.n):
        kinds = search.kinds_needed(s)
        if not kinds:
            continue
        usable = search.usable(s, limit=len(kinds))
        if usable < len(kinds):
            usable = search.usable(s)
            excluded = sum(1 for r in range(search.n) if r != s and r in search.excluded)
            deferred = sum(1 for r in range(search.n) if r != s and (r, search.year[s]) in search.deferred)
            full = sum(1 for r in search.base[s] if search.cap_left[r] <= 0)
            problems.append(
                Problem(
                    "two_reviewers",
                    (codes[s],),
                    f"{codes[s]} needs {len(kinds)} more reviewer(s) but only {usable} State(s) "
                    f"may review it ({excluded} excluded, {deferred} deferring in year {search.year[s]}, "
                    f"{full} at the cap of {cap}).",
                )
            )
        if kinds[0] == SAME and not search.usable(s, same=True, limit=1):
            problems.append(
                Problem(
                    "same_region",
                    (codes[s],),
                    f"{codes[s]} must have a reviewer from its regional group ({search.region[s]}) "
                    "but no State of that group may review it.",
                )
            )
    return problems


def _mutual_only(search: _Search, cap: int) -> list[Problem]:
    """Two States that can only get their same-region reviewer from each other."""
    codes = search.codes
    problems: list[Problem] = []
    only: dict[int, int] = {}
    for s in range(search.n):
        kinds = search.kinds_needed(s)
        if kinds and kinds[0] == SAME and search.usable(s, same=True, limit=2) == 1:
            only[s] = search.candidates(search.open[s][0])[0]
    for s, r in sorted(only.items()):
        if only.get(r) == s and s < r:
            problems.append(
                Problem(
                    "no_reciprocal",
                    _name(codes, (s, r)),
                    f"{codes[s]} and {codes[r]} can only be reviewed by each other within their regional group "
                    f"({search.region[s]}), which would be a reciprocal review.",
                )
            )
    return problems


def _capacity(search: _Search, cap: int) -> list[Problem]:
    """Caps that leave a regional group, or all States, fewer reviews than needed."""
    codes = search.codes
    problems: list[Problem] = []
    regions = sorted({search.region[s] for s in range(search.n)} - {NO_GROUP})
    for region in regions:
        needing = [
            s for s in range(search.n) if search.region[s] == region and SAME in search.kinds_needed(s)
        ]
        supply = sum(
            search.cap_left[r]
            for r in range(search.n)
            if search.region[r] == region and r not in search.excluded
        )
        if len(needing) > supply:
            problems.append(
                Problem(
                    "cap",
                    _name(codes, needing),
                    f"{len(needing)} States of {region} need a reviewer from their group, but with at most "
                    f"{cap} reviews per State that group can give only {supply}.",
                )
            )
    demand = sum(len(search.kinds_needed(s)) for s in range(search.n))
    supply = sum(search.cap_left[r] for r in range(search.n) if r not in search.excluded)
    if demand > supply:
        problems.append(
            Problem(
                "cap",
                (),
                f"{demand} reviews are needed but with at most {cap} reviews per State only {supply} are possible.",
            )
        )
    return problems


def _pairs(search: _Search, cap: int) -> list[Problem]:
    """Each open slot needs its own pair of States, and a pair can carry one review; then the flow."""
    codes = search.codes
    problems: list[Problem] = []
    demand = sum(len(search.kinds_needed(s)) for s in range(search.n))
    open_states = [s for s in range(search.n) if search.kinds_needed(s)]
    pairs: set[int] = set()
    for s in open_states:
        if len(pairs) >= demand:
            break
        for r in search.base[s]:
            if search.ok(s, r) and search.cap_left[r] > 0 and s not in search.fixed[r]:
                pairs.add(min(r, s) * search.n + max(r, s))
    if demand > len(pairs):
        problems.append(
            Problem(
                "no_reciprocal",
                _name(codes, open_states),
                f"{demand} reviews are needed but only {len(pairs)} pairs of States can review one another "
                "without a reciprocal review.",
            )
        )
        return problems

    unplaced = search.saturate()
    if unplaced:
        states = _name(codes, {search.slot_state[sid] for sid in unplaced})
        problems.append(
            Problem(
                "cap",
                states,
                f"With at most {cap} reviews per State, two distinct reviewers (one from the same group) "
                f"cannot be found for: {', '.join(states)}.",
            )
        )
    return problems


def _diagnose(search: _Search, cap: int) -> list[Problem]:
    """Rule-by-rule reasons a draw cannot succeed (empty when the flow relaxation is feasible): the
    first check that finds problems gives them."""
    for check in (_too_few_reviewers, _mutual_only, _capacity, _pairs):
        problems = check(search, cap)
        if problems:
            return problems
    return []
