"""Demo draws: cycles 1 and 2 drawn with fixed seeds for all current parties (creates the Review rows).

Idempotent: the year groups are drawn once, and only years whose States still lack reviewers are drawn.
"""

from __future__ import annotations

from typing import TextIO

from irm.accounts.models import User
from irm.cycles.models import Cycle
from irm.lots import selectors, services
from irm.lots.models import Draw

#: cycle number → seed of its year groups; year Y's reviewers are drawn with seed + Y.
#: Cycle 2's seed is one whose draw pairs Kenya with New Zealand, so the demo expert of New Zealand
#: acts on the demo focal point's review without anyone editing the drawn pairings.
SEEDS = {1: 20100101, 2: 20160256}


def load(*, stdout: TextIO) -> None:
    actor = User.objects.filter(username="secretariat").first() or "demo"
    for number, seed in SEEDS.items():
        cycle = Cycle.objects.filter(number=number).first()
        if cycle is None:
            continue
        drawn = 0
        if not Draw.objects.filter(cycle=cycle, kind=Draw.Kind.YEAR_GROUPS).exists():
            services.draw_year_groups(actor=actor, cycle=cycle, seed=seed)
        for year in range(1, cycle.years + 1):
            if selectors.pending_states(cycle, year):
                services.draw_reviewers(actor=actor, cycle=cycle, year=year, seed=seed + year)
                drawn += 1
        if drawn:
            stdout.write(f"lots: cycle {number}: {drawn} year(s) drawn (seed {seed})\n")
