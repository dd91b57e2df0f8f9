"""Year groups: which year of the cycle each State is reviewed in."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from irm.lots.engine.model import (
    Party,
    Rules,
)
from irm.lots.engine.randomness import _shuffle


def _quotas(size: int, shares: Sequence[float], totals: list[int]) -> list[int]:
    """Largest-remainder split of `size` over the years in proportion to `shares`.

    Ties between equal remainders go to the year with fewest States so far (so that the
    groups taken together stay balanced), then to the earlier year.
    """
    weight = sum(shares)
    exact = [size * s / weight if weight else 0.0 for s in shares]
    quotas = [int(x) for x in exact]
    left = size - sum(quotas)
    order = sorted(
        (y for y, s in enumerate(shares) if s > 0),
        key=lambda y: (-(round(exact[y] - quotas[y], 9)), totals[y], y),
    )
    for y in order[:left]:
        quotas[y] += 1
    return quotas


def draw_year_groups(
    parties: Iterable[Party],
    rules: Rules,
    rng: random.Random,
    *,
    volunteers: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Spread the parties over the years of the cycle (see the module docstring)."""
    volunteers = dict(volunteers or {})
    parties = sorted(parties, key=lambda p: p.iso3)
    shares = list(rules.year_shares)[: rules.years] + [0.0] * max(0, rules.years - len(rules.year_shares))
    result: dict[str, int] = {}
    for iso3, year in sorted(volunteers.items()):
        if not 1 <= year <= rules.years:
            raise ValueError(f"{iso3} volunteered for year {year}, outside 1–{rules.years}")
    late_after = date.fromisoformat(rules.late_after) if rules.late_after else None
    pool: dict[str, list[Party]] = {}
    volunteered: dict[str, list[int]] = {}
    for party in parties:
        if party.iso3 in volunteers:
            result[party.iso3] = volunteers[party.iso3]
            if shares[volunteers[party.iso3] - 1] > 0:
                volunteered.setdefault(party.region, []).append(volunteers[party.iso3] - 1)
        elif (
            late_after and party.party_since and date.fromisoformat(party.party_since) > late_after
        ) or not any(s > 0 for s in shares):
            result[party.iso3] = rules.late_year
        else:
            pool.setdefault(party.region, []).append(party)
    totals = [0] * rules.years
    for region in sorted(set(pool) | set(volunteered)):
        members = pool.get(region, [])
        taken = volunteered.get(region, [])
        quotas = _quotas(len(members) + len(taken), shares, totals)
        for y in taken:
            quotas[y] -= 1
        # Volunteers beyond a year's quota are absorbed by the years with the largest quotas.
        while min(quotas) < 0:
            short = quotas.index(min(quotas))
            donor = max(range(len(quotas)), key=lambda y: (quotas[y], y))
            quotas[short] += 1
            quotas[donor] -= 1
        order = list(members)
        _shuffle(rng, order)
        position = 0
        for y, quota in enumerate(quotas):
            for party in order[position : position + quota]:
                result[party.iso3] = y + 1
            position += quota
            totals[y] += quota + taken.count(y)
    return result
