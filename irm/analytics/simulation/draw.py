"""Does a valid drawing of lots exist under a proposal's caps? Asked of the lots engine itself.

First the reviewer places are counted (reviews times reviewers per review against what the reviewing
parties may give under the caps, in the whole phase, in each year and within each regional group):
a shortfall is a clear reason by itself. With two reviewers per review — what the terms of reference
and the lots engine know — the engine then draws the whole phase (year groups, then each year's
reviewers) under the rules; `ImpossibleDraw` gives the rule and the States when no draw exists. The
busiest reviewer's load per year is read from that draw. With another number of reviewers per review
only the count is made, and the load is the even spread (the note says so).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from irm.analytics.simulation.inputs import Inputs
from irm.lots import engine

LOTS_ENGINE = "lots_engine"
COUNT = "count"


@dataclass
class DrawCheck:
    feasible: bool
    method: str
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: per year of the phase: reviews started, the busiest reviewer's load and who carries it.
    loads: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        return " ".join(p["message"] for p in self.problems) or None

    @property
    def max_load(self) -> int | None:
        return max((row["max_reviews"] for row in self.loads), default=None)


def seed_number(seed: int | str, purpose: str) -> int:
    """A 64-bit number from the proposal's seed, different for each purpose (draw, timing)."""
    digest = hashlib.sha256(f"irm-simulate/1|{purpose}|{seed!r}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _problem(rule: str, message: str, states: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"rule": rule, "states": list(states), "message": message}


def count_places(inputs: Inputs) -> list[dict[str, Any]]:
    """Reviewer places needed against places the caps allow (necessary conditions, each with a reason)."""
    problems = []
    k, reviewers = inputs.reviewers_per_review, inputs.reviewers
    if inputs.reviews and len(reviewers) <= k - 1:
        problems.append(
            _problem(
                "reviewers",
                _("%(k)s reviewers per review need more reviewing parties than %(n)s.")
                % {"k": k, "n": len(reviewers)},
            )
        )
    needed = k * inputs.reviews
    supply = len(reviewers) * inputs.reviewer_cap_per_cycle
    if needed > supply:
        problems.append(
            _problem(
                "cap_per_cycle",
                _(
                    "%(needed)s reviewer places are needed (%(reviews)s reviews, %(k)s reviewers each) but with at most "
                    "%(cap)s reviews per party in the phase the %(parties)s reviewing parties give only %(supply)s."
                )
                % {
                    "needed": needed,
                    "reviews": inputs.reviews,
                    "k": k,
                    "cap": inputs.reviewer_cap_per_cycle,
                    "parties": len(reviewers),
                    "supply": supply,
                },
            )
        )
    cap_year = inputs.reviewer_cap_per_year
    if cap_year is not None:
        for year, size in enumerate(inputs.year_sizes(), start=1):
            if k * size > len(reviewers) * cap_year:
                problems.append(
                    _problem(
                        "cap_per_year",
                        _(
                            "Year %(year)s needs %(needed)s reviewer places but with at most %(cap)s reviews per party "
                            "a year the %(parties)s reviewing parties give only %(supply)s."
                        )
                        % {
                            "year": inputs.start_year + year - 1,
                            "needed": k * size,
                            "cap": cap_year,
                            "parties": len(reviewers),
                            "supply": len(reviewers) * cap_year,
                        },
                    )
                )
    problems += _same_region(inputs)
    return problems


def _same_region(inputs: Inputs) -> list[dict[str, Any]]:
    """One reviewer of each review comes from the reviewed party's regional group."""
    problems = []
    reviewed = Counter(p.region for p in inputs.reviewed if p.region != engine.NO_GROUP)
    givers = Counter(p.region for p in inputs.reviewers)
    for region, count in sorted(reviewed.items()):
        supply = givers[region] * inputs.reviewer_cap_per_cycle
        if count > supply:
            problems.append(
                _problem(
                    "same_region",
                    _(
                        "%(count)s parties of one regional group need a reviewer from their group but its "
                        "%(parties)s reviewing parties give at most %(supply)s reviews in the phase."
                    )
                    % {"count": count, "parties": givers[region], "supply": supply},
                    (region,),
                )
            )
    return problems


def _even_loads(inputs: Inputs) -> list[dict[str, Any]]:
    reviewers = max(1, len(inputs.reviewers))
    return [
        {
            "year": inputs.start_year + i,
            "reviews": size,
            "max_reviews": math.ceil(inputs.reviewers_per_review * size / reviewers),
            "states": [],
        }
        for i, size in enumerate(inputs.year_sizes())
    ]


def _loads(inputs: Inputs, years: dict[str, int], pairs: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = []
    for index, size in enumerate(inputs.year_sizes(), start=1):
        load = Counter(r for state, rs in pairs.items() if years.get(state) == index for r in rs)
        top = max(load.values(), default=0)
        rows.append(
            {
                "year": inputs.start_year + index - 1,
                "reviews": sum(1 for y in years.values() if y == index) or size,
                "max_reviews": top,
                "states": sorted(s for s, n in load.items() if n == top) if top else [],
            }
        )
    return rows


def check_draw(inputs: Inputs) -> DrawCheck:
    problems = count_places(inputs)
    if problems:
        return DrawCheck(False, COUNT, problems, _even_loads(inputs))
    if inputs.reviewers_per_review != 2:
        return DrawCheck(
            True,
            COUNT,
            loads=_even_loads(inputs),
            notes=[
                _(
                    "Checked by counting reviewer places only: the lots engine draws two reviewers per review, "
                    "as the terms of reference provide. The busiest load shown is the even spread."
                )
            ],
        )
    return _engine_draw(inputs)


def _engine_draw(inputs: Inputs) -> DrawCheck:
    sizes = inputs.year_sizes()
    rules = engine.Rules(
        years=len(sizes),
        year_shares=tuple(float(s) for s in sizes),
        late_joiners_year=None,
        cap=inputs.reviewer_cap_per_cycle,
        late_after=None,
    )
    parties = list(inputs.reviewed)
    codes = {p.iso3 for p in parties}
    notes = []
    extra = [p for p in inputs.reviewers if p.iso3 not in codes]
    if extra:
        notes.append(
            _("The lots engine reviews every party it draws reviewers from: %(states)s left out of the draw.")
            % {"states": ", ".join(p.iso3 for p in extra)}
        )
    exclusions = sorted(codes - {p.iso3 for p in inputs.reviewers})
    try:
        result = engine.simulate_cycle(
            parties, rules, seed_number(inputs.seed, "draw"), exclusions=exclusions
        )
    except engine.ImpossibleDraw as exc:
        return DrawCheck(False, LOTS_ENGINE, [p.to_dict() for p in exc.problems], _even_loads(inputs), notes)
    loads = _loads(inputs, result["years"], result["pairs"])
    check = DrawCheck(True, LOTS_ENGINE, loads=loads, notes=notes)
    cap_year = inputs.reviewer_cap_per_year
    if cap_year is not None and (check.max_load or 0) > cap_year:
        worst = max(loads, key=lambda row: row["max_reviews"])
        check.feasible = False
        check.problems.append(
            _problem(
                "cap_per_year",
                _(
                    "The draw under the cap per phase gives %(states)s %(n)s reviews in %(year)s, more than the cap "
                    "of %(cap)s a year (the lots engine does not yet hold a cap per year)."
                )
                % {
                    "states": ", ".join(worst["states"]),
                    "n": worst["max_reviews"],
                    "year": worst["year"],
                    "cap": cap_year,
                },
                tuple(worst["states"]),
            )
        )
    return check
