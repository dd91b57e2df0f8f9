"""Demo draws: cycles 1 and 2 drawn with fixed seeds for all current parties (creates the Review rows)."""

from __future__ import annotations

from typing import TextIO

from irm.accounts.models import User
from irm.core.exceptions import Conflict
from irm.cycles.models import Cycle
from irm.lots import services
from irm.lots.models import Draw

#: cycle number → seed of its demo draws (year groups and each year's reviewers).
SEEDS = {1: 20100101, 2: 20160101}


def load(*, stdout: TextIO) -> None:
    actor = User.objects.filter(username="secretariat").first() or "demo"
    for number, seed in SEEDS.items():
        cycle = Cycle.objects.filter(number=number).first()
        if cycle is None or Draw.objects.filter(cycle=cycle).exists():
            continue
        services.draw_year_groups(actor=actor, cycle=cycle, seed=seed)
        for year in range(1, cycle.years + 1):
            try:
                services.draw_reviewers(actor=actor, cycle=cycle, year=year, seed=seed + year)
            except Conflict:  # a year without States (no late joiners)
                continue
        stdout.write(f"lots: cycle {number} drawn (seed {seed})\n")
