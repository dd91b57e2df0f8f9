"""A progress bar on the terminal for long imports (drawn only when stderr is a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

LABELS = {"check": "checking", "write": "writing "}


class ProgressBar:
    def __init__(self, *, stream: TextIO | None = None, enabled: bool | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.width = width
        self.started = time.monotonic()
        self.last = 0.0
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled or total < 1000:  # small files: no bar
            return
        now = time.monotonic()
        if phase == self.phase and done < total and now - self.last < 0.1:
            return
        self.last = now
        if phase != self.phase and self.phase:
            self.stream.write("\n")
        self.phase = phase
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{LABELS.get(phase, phase)} [{bar}] {done:>7}/{total} rows {now - self.started:6.1f}s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.phase:
            self.stream.write("\n")
            self.stream.flush()
