"""Drawing reviewers: a year's States (or some States), a re-draw of one State's reviewer(s), a whole cycle."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from irm.lots.engine.diagnosis import _diagnose, _name
from irm.lots.engine.flow import _Search
from irm.lots.engine.model import (
    SAME,
    SEARCH_LIMIT,
    ImpossibleDraw,
    Outcome,
    Party,
    Problem,
    Rules,
    Situation,
    Step,
    similar_systems,
)
from irm.lots.engine.randomness import _below, _shuffle
from irm.lots.engine.year_groups import draw_year_groups


def draw_reviewers(situation: Situation, targets: Sequence[str], rng: random.Random) -> Outcome:
    """Draw the missing reviewers of `targets`, keeping every other State's review feasible."""
    search = _Search(situation)
    problems = _diagnose(search, situation.rules.cap)
    if problems:
        raise ImpossibleDraw(problems)
    search.log = []
    search.witness = search.untangle(range(len(search.slot_state)))
    search.log = None
    order = sorted({t for t in targets if search.kinds_needed(search.index[t])})
    _shuffle(rng, order)
    plan = [sid for code in order for sid in list(search.open[search.index[code]])]
    codes = search.codes
    # One frame per step taken: (untried candidates, eligible, rejected, chosen).
    frames: list[tuple[list[int], list[int], list[str], int]] = []
    tries = 0
    pool: list[int] | None = None
    eligible: list[int] = []
    rejected: list[str] = []
    while len(frames) < len(plan):
        sid = plan[len(frames)]
        s = search.slot_state[sid]
        if pool is None:
            eligible = search.candidates(sid)
            pool = eligible[:]
            rejected = []
        picked = -1
        while pool:
            # Soft rule (terms of reference para. 19): a same-region reviewer with a similar legal
            # system, if possible. Only an order of trial: when no similar candidate keeps the draw
            # feasible, any other is taken — never a constraint.
            preferred = [
                i
                for i, r in enumerate(pool)
                if search.slot_kind[sid] == SAME and similar_systems(search.legal[s], search.legal[r])
            ]
            choices = preferred or range(len(pool))
            r = pool.pop(choices[_below(rng, len(choices))])
            tries += 1
            if tries > SEARCH_LIMIT:
                raise ImpossibleDraw(
                    [Problem("search_limit", (codes[s],), f"The search gave up after {SEARCH_LIMIT} tries.")]
                )
            if search.fix(sid, r):
                picked = r
                break
            rejected.append(codes[r])
        if picked != -1:
            frames.append((pool, eligible, rejected, picked))
            pool = None
            continue
        if not frames:
            raise ImpossibleDraw(
                [
                    Problem(
                        "no_reciprocal",
                        _name(codes, {search.slot_state[x] for x in plan}),
                        "Every remaining choice would make two States review each other: no draw "
                        f"satisfies the rules for {codes[s]}.",
                    )
                ]
            )
        # Dead end (reciprocity between open slots): undo the previous step by replaying the
        # steps before it on a fresh search, and try its next candidate.
        pool, eligible, rejected, undone = frames.pop()
        rejected.append(codes[undone])
        search = _Search(situation)
        search.saturate()
        for (_p, _e, _r, r), step_sid in zip(frames, plan, strict=False):
            if not search.fix(step_sid, r):  # pragma: no cover - replaying feasible steps
                raise RuntimeError("replay of a feasible step failed")
    pairs: dict[str, list[str]] = {}
    for code in order:
        s = search.index[code]
        kept = list(situation.assignments.get(code, []))
        pairs[code] = kept + [codes[r] for r in search.fixed[s][len(kept) :]]
    steps = [
        Step(
            state=codes[search.slot_state[sid]],
            slot=pairs[codes[search.slot_state[sid]]].index(codes[r]) + 1,
            rule=search.slot_kind[sid],
            eligible=[codes[x] for x in eligible],
            rejected=rejected,
            chosen=codes[r],
        )
        for (_pool, eligible, rejected, r), sid in zip(frames, plan, strict=True)
    ]
    return Outcome(pairs=pairs, steps=steps, order=order)


def redraw_reviewers(
    situation: Situation, state: str, replace: Sequence[str], rng: random.Random
) -> tuple[list[str], Outcome]:
    """Replace some reviewers of `state`, keeping every other assignment; the new reviewer takes
    the replaced one's place (reviewer 1 or 2). `situation.assignments` holds the current pairs."""
    current = list(situation.assignments.get(state, []))
    missing = [r for r in replace if r not in current]
    if missing:
        raise ValueError(f"{', '.join(missing)} does not review {state}")
    kept = [r for r in current if r not in replace]
    banned = dict(situation.banned)
    banned[state] = sorted(set(banned.get(state, [])) | set(replace))
    reduced = Situation(
        parties=situation.parties,
        rules=situation.rules,
        years=situation.years,
        assignments={**situation.assignments, state: kept},
        deferrals=situation.deferrals,
        exclusions=situation.exclusions,
        banned=banned,
        not_reviewed=situation.not_reviewed,
    )
    outcome = draw_reviewers(reduced, [state], rng)
    drawn = iter(outcome.pairs[state][len(kept) :])
    result = [r if r not in replace else next(drawn) for r in current]
    result += list(drawn)
    for step in outcome.steps:
        step.slot = result.index(step.chosen) + 1
    outcome.pairs[state] = result
    return result, outcome


def simulate_cycle(
    parties: Sequence[Party],
    rules: Rules,
    seed: int,
    *,
    volunteers: Mapping[str, int] | None = None,
    deferrals: Sequence[tuple[str, int]] = (),
    exclusions: Sequence[str] = (),
    not_reviewed: Sequence[str] = (),
) -> dict[str, Any]:
    """A whole cycle from one seed: year groups, then each year's reviewers in turn.

    `exclusions` review nobody; `not_reviewed` are parties not reviewed in the cycle (no year group).
    """
    rng = random.Random(seed)
    skipped = set(not_reviewed)
    years = draw_year_groups([p for p in parties if p.iso3 not in skipped], rules, rng, volunteers=volunteers)
    situation = Situation(
        parties=list(parties),
        rules=rules,
        years=years,
        deferrals=list(deferrals),
        exclusions=list(exclusions),
        not_reviewed=sorted(skipped),
    )
    # Late joiners may be placed after the cycle's years (never before their deposit).
    for year in sorted(set(range(1, rules.years + 1)) | set(years.values())):
        targets = [code for code, y in sorted(years.items()) if y == year]
        outcome = draw_reviewers(situation, targets, rng)
        situation.assignments.update(outcome.pairs)
    return {
        "years": years,
        "pairs": {code: situation.assignments.get(code, []) for code in sorted(years)},
    }
