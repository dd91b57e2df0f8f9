"""One proposal simulated: the draw under its caps, the completion years, the cost and the funding gap.

The result is a JSON-ready dict; its first keys are the ones `irm simulate phase` promises
(`feasible`, `reason`, `completion_year_median`, `completion_year_p90`, `threshold_year`,
`max_reviews_per_reviewer_year`, `cost_total`, `funding_gap`). Money is a decimal string in US
dollars with two places, as everywhere in the platform. The cost of a review falls in the year it
starts (as the secretariat's estimates put a review in the year of its draw).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from irm.analytics.simulation import timing as timing_module
from irm.analytics.simulation.draw import check_draw
from irm.analytics.simulation.inputs import Inputs

CENT = Decimal("0.01")
CURRENCY = "USD"


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def simulate(inputs: Inputs) -> dict[str, Any]:
    check = check_draw(inputs)
    timing = timing_module.simulate_timing(inputs)
    summary = timing_module.summary(timing)
    sizes = inputs.year_sizes()
    cost_total = inputs.cost_per_review * inputs.reviews
    gap = cost_total - inputs.pledged_contributions
    loads = {row["year"]: row for row in check.loads}
    years = []
    for row in timing.years:
        index = row["year"] - inputs.start_year
        load = loads.get(row["year"])
        years.append(
            {
                **row,
                "cost": money(inputs.cost_per_review * (sizes[index] if index < len(sizes) else 0)),
                "max_reviews_per_reviewer": load["max_reviews"] if load else None,
                "busiest_reviewers": load["states"] if load else [],
            }
        )
    return {
        "feasible": check.feasible,
        "reason": check.reason,
        "completion_year_median": summary["completion_year_median"],
        "completion_year_p90": summary["completion_year_p90"],
        "threshold_year": summary["threshold_year"],
        "max_reviews_per_reviewer_year": check.max_load,
        "cost_total": money(cost_total),
        "funding_gap": money(gap),
        "currency": CURRENCY,
        "threshold_year_p90": summary["threshold_year_p90"],
        "completion_year_distribution": summary["completion_year_distribution"],
        "problems": check.problems,
        "draw_checked_by": check.method,
        "notes": check.notes,
        "years": years,
        "inputs": inputs.summary(),
    }
