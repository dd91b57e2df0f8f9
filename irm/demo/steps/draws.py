"""draws.yaml → irm.lots services: each cycle's year groups and each year's reviewers, drawn with
fixed seeds by the secretariat (this creates the reviews)."""

from __future__ import annotations

from irm.demo.loader import Context, Node
from irm.lots import selectors, services


def load(context: Context, data: Node) -> str:
    actor = context.user("secretariat")
    drawn = []
    for row in data.rows("cycles"):
        cycle = context.cycle(row.number("cycle"))
        seed = row.number("seed")
        services.draw_year_groups(actor=actor, cycle=cycle, seed=seed)
        # Late joiners may be placed after the cycle's years (never before their deposit).
        last = selectors.last_year(cycle)
        for year in range(1, last + 1):
            if year == last and row.get("leave_last_year"):
                continue  # left for the visitor to draw (draws.yaml)
            if selectors.pending_states(cycle, year):
                services.draw_reviewers(actor=actor, cycle=cycle, year=year, seed=seed + year)
        drawn.append(str(cycle.number))
    return f"cycle{'s' if len(drawn) > 1 else ''} {' and '.join(drawn)} drawn"
