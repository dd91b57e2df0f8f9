"""draws.yaml → irm.lots services: each cycle's year groups and each year's reviewers, drawn with
fixed seeds by the secretariat (this creates the reviews); pairings known from the record (the EU's
cycle-1 reviewers) are recorded before the reviewers are drawn, so the draws count them."""

from __future__ import annotations

from irm.demo.loader import Context, DemoDataError, Node
from irm.lots import selectors, services


def _recorded(context: Context, row: Node, cycle) -> list[services.PairingRow]:
    """`recorded_pairings`: State under review → its two reviewers, as the record has them."""
    if "recorded_pairings" not in row:
        return []
    pairings = row.node("recorded_pairings")
    rows = []
    for number, (code, reviewers) in enumerate(sorted(pairings.value.items()), start=1):
        if not isinstance(reviewers, list) or len(reviewers) != 2:
            raise pairings.error(code, "expected the two reviewing States, e.g. [CZE, NIU]")
        first, second = (context.state(r) for r in reviewers)
        rows.append(services.PairingRow(number, cycle, context.state(code), first, second))
    return rows


def load(context: Context, data: Node) -> str:
    actor = context.user("secretariat")
    drawn = []
    for row in data.rows("cycles"):
        cycle = context.cycle(row.number("cycle"))
        seed = row.number("seed")
        services.draw_year_groups(actor=actor, cycle=cycle, seed=seed)
        recorded = _recorded(context, row, cycle)
        if recorded:
            counts = services.import_pairings(actor=actor, rows=recorded)
            if counts["updated"] != len(recorded):
                raise DemoDataError(f"draws.yaml: cycle {cycle.number}: a recorded pairing has no review")
        # Late joiners may be placed after the cycle's years (never before their deposit).
        last = selectors.last_year(cycle)
        for year in range(1, last + 1):
            if year == last and row.get("leave_last_year"):
                continue  # left for the visitor to draw (draws.yaml)
            if selectors.pending_states(cycle, year):
                services.draw_reviewers(actor=actor, cycle=cycle, year=year, seed=seed + year)
        drawn.append(str(cycle.number))
    return f"cycle{'s' if len(drawn) > 1 else ''} {' and '.join(drawn)} drawn"
