"""The only source of chance: `random.Random(seed).getrandbits`, the same on every platform and Python version."""

from __future__ import annotations

import random
from typing import Any


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n) from getrandbits only (stable across Python versions)."""
    if n <= 0:
        raise ValueError("n must be positive")
    if n == 1:
        return 0
    bits = (n - 1).bit_length()
    while True:
        value = rng.getrandbits(bits)
        if value < n:
            return value


def _shuffle(rng: random.Random, items: list[Any]) -> None:
    for i in range(len(items) - 1, 0, -1):
        j = _below(rng, i + 1)
        items[i], items[j] = items[j], items[i]
