"""Reads of the cycles app: who may be reviewed and who may review in a cycle."""

from __future__ import annotations

from irm.cycles.models import Cycle
from irm.parties.models import State


def may_be_reviewed(cycle: Cycle, state: State) -> bool:
    """A State is reviewed in every cycle; a regional organization only where the cycle says so."""
    return not state.is_organization or cycle.reio_under_review


def may_review(cycle: Cycle, state: State) -> bool:
    """A State may be drawn as a reviewer; a regional organization only where the cycle says so
    (default: not a reviewer — no adopted rule is known, docs/RULES.md)."""
    return not state.is_organization or cycle.reio_eligible_as_reviewer
