"""Demo data for `irm serve --demo`: a believable mechanism, loaded idempotently.

Each app that has demo objects provides a `demo.py` with `load(*, stdout) -> None`, listed here
in dependency order. Running the demo twice must not duplicate anything.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


STEPS = [
    "irm.accounts.demo",
    "irm.lots.demo",
    "irm.reviews.demo",
    "irm.checklists.demo",
    "irm.findings.demo",
    "irm.finance.demo",
    "irm.meetings.demo",
]

#: Filled by irm.accounts.demo: (username, password, what the user is) for the start-up banner.
DEMO_LOGINS: list[tuple[str, str, str]] = []


def load_demo(*, stdout: Writer) -> None:
    for step in STEPS:
        importlib.import_module(step).load(stdout=stdout)
