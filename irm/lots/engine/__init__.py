"""The drawing-of-lots engine: pure Python, no database, fully determined by its inputs and a seed.

Algorithm "irm-lots/1"
----------------------
*Year groups.* Volunteers are placed first. States that became parties after the cycle's cut-off
date go to the late-joiners year. Every other State is placed by lot so that each regional group
is spread over the years in proportion to the year shares (largest-remainder quotas per group,
volunteers counting towards their group's quota); within a group the order is a uniform
Fisher–Yates shuffle.

*Reviewers.* The States of a draw are taken in a random order; each gets first the reviewer
from its own regional group (any State for a party without a group, such as the EU), then a
second reviewer from any group. At each step the candidate is drawn uniformly among the
candidates allowed by the rules that keep the rest of the cycle feasible. Feasibility is a flow
problem — every open slot of every State still without reviewers (in this year or a later one)
needs a distinct reviewer, the same-region slot one from its group, and no State reviews more
than the cap — kept as a maintained maximum flow that is repaired by augmenting paths after
each tentative choice. Reciprocity between two open slots is not a flow constraint, so the
search backtracks if a choice later leaves no candidate; when the search is exhausted, or the
flow cannot be saturated, the draw is impossible and `ImpossibleDraw` names the rule and States.

One module per seam: `model` (inputs, outputs), `randomness`, `year_groups`, `flow` (the
feasibility search), `diagnosis` (why a draw is impossible), `reviewers`, `checking` (recorded
pairings against the rules), `replay` (`run`: a draw from its recorded inputs).

Randomness comes only from `random.Random(seed).getrandbits`, so a draw is reproducible from
its inputs, seed and algorithm name, on any platform and Python version.
"""

from irm.lots.engine.checking import Violation, check_pairings
from irm.lots.engine.model import (
    ALGORITHM,
    ANY,
    NO_GROUP,
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
from irm.lots.engine.replay import run
from irm.lots.engine.reviewers import draw_reviewers, redraw_reviewers, simulate_cycle
from irm.lots.engine.year_groups import accession_year, draw_year_groups, is_late_joiner, late_joiner_year

__all__ = [
    "ALGORITHM",
    "ANY",
    "NO_GROUP",
    "SAME",
    "SEARCH_LIMIT",
    "ImpossibleDraw",
    "Outcome",
    "Party",
    "Problem",
    "Rules",
    "Situation",
    "Step",
    "Violation",
    "accession_year",
    "check_pairings",
    "draw_reviewers",
    "draw_year_groups",
    "is_late_joiner",
    "late_joiner_year",
    "redraw_reviewers",
    "run",
    "similar_systems",
    "simulate_cycle",
]
