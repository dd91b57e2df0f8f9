"""Demo data for `irm serve --demo`: a believable mechanism, loaded idempotently.

Each app that has demo objects provides a `demo.py` with `load(*, stdout) -> None`, listed here
in dependency order. Running the demo twice must not duplicate anything.
"""

from __future__ import annotations

import importlib
from typing import TextIO

STEPS = [
    "irm.accounts.demo",
]

#: Filled by irm.accounts.demo: (username, password, what the user is) for the start-up banner.
DEMO_LOGINS: list[tuple[str, str, str]] = []


def load_demo(*, stdout: TextIO) -> None:
    for step in STEPS:
        importlib.import_module(step).load(stdout=stdout)
