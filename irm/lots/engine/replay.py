"""Running a draw from its recorded inputs and seed: the same function makes a draw and re-runs it."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from irm.lots.engine.model import (
    Party,
    Rules,
    Situation,
)
from irm.lots.engine.reviewers import draw_reviewers, redraw_reviewers
from irm.lots.engine.year_groups import draw_year_groups


def run(kind: str, inputs: Mapping[str, Any], seed: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run a draw of `kind` from its recorded inputs and seed: (result, candidate lists).

    The same function makes a draw and re-runs it for `irm lots verify`.
    """
    rng = random.Random(seed)
    if kind == "year_groups":
        years = draw_year_groups(
            [Party.from_dict(p) for p in inputs["parties"]],
            Rules.from_dict(inputs["rules"]),
            rng,
            volunteers={k: int(v) for k, v in inputs.get("volunteers", {}).items()},
        )
        return {"years": dict(sorted(years.items()))}, []
    situation = Situation.from_dict(inputs["situation"])
    if kind == "reviewers":
        outcome = draw_reviewers(situation, list(inputs["targets"]), rng)
        return (
            {"pairs": dict(sorted(outcome.pairs.items())), "order": outcome.order},
            [step.to_dict() for step in outcome.steps],
        )
    if kind == "redraw":
        reviewers, outcome = redraw_reviewers(situation, inputs["state"], list(inputs["replace"]), rng)
        return (
            {"state": inputs["state"], "replaced": list(inputs["replace"]), "reviewers": reviewers},
            [step.to_dict() for step in outcome.steps],
        )
    raise ValueError(f"cannot run a draw of kind {kind!r}")
