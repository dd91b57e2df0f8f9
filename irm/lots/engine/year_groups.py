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


def accession_year(party: Party, rules: Rules) -> int | None:
    """The year of the cycle in which the State deposited its instrument (None when unknown)."""
    if not party.party_since or rules.start_year is None:
        return None
    return date.fromisoformat(party.party_since).year - rules.start_year + 1


def late_joiner_year(party: Party, rules: Rules) -> int:
    """The year of the cycle in which a State that joined late is reviewed.

    - Joined after `joiners_after` (resolution 6/1, for the chapters of cycle 1): from the year of
      its deposit, so that it completes within `joiners_within_years` years of it.
    - Otherwise the late-joiners year (cycle 1: year 5; cycle 2: its last year) — but never a year
      before the State's deposit (a State that joins after that year is placed in the year of its
      deposit, i.e. in the cycle's extension).
    """
    joined = accession_year(party, rules)
    if (
        rules.joiners_after
        and rules.joiners_within_years is not None
        and party.party_since
        and party.party_since > rules.joiners_after
        and joined is not None
    ):
        return max(1, joined)
    return max(rules.late_year, joined or 0)


def is_late_joiner(party: Party, rules: Rules) -> bool:
    late_after = rules.late_after
    joiners_after = rules.joiners_after if rules.joiners_within_years is not None else None
    since = party.party_since
    return bool(since and ((late_after and since > late_after) or (joiners_after and since > joiners_after)))


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
    pool: dict[str, list[Party]] = {}
    volunteered: dict[str, list[int]] = {}
    for party in parties:
        if party.iso3 in volunteers:
            result[party.iso3] = volunteers[party.iso3]
            if shares[volunteers[party.iso3] - 1] > 0:
                volunteered.setdefault(party.region, []).append(volunteers[party.iso3] - 1)
        elif is_late_joiner(party, rules) or not any(s > 0 for s in shares):
            result[party.iso3] = late_joiner_year(party, rules)
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
