"""Reference data shipped inside the package: loaded by `irm init` (and by `irm serve`). Idempotent."""

from __future__ import annotations

import importlib
from typing import Any

#: Each step is "module:function"; a function takes `actor` and returns a dict of counts.
#: Later apps append their own (e.g. the checklist definitions of cycles 1 and 2).
STEPS = [
    "irm.parties.services:load_reference_parties",
    "irm.convention.services:load_reference_convention",
    "irm.cycles.services:load_reference_cycles",
    "irm.checklists.services:load_reference_checklists",
    "irm.themes.services:load_reference_themes",
    # Not reference data, but follows it: stored due dates follow the timeline's current defaults.
    "irm.reviews.services:replan_due_dates",
]


def load_reference_data(*, actor: Any = None) -> dict[str, dict[str, int]]:
    results = {}
    for step in STEPS:
        module_name, function_name = step.split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        results[step] = function(actor=actor)
    return results
