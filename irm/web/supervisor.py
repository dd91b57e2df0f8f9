"""`irm serve` keeps its worker running: a child process restarted with backoff when it dies.

Why it died (its exit code or signal) is logged; the delay doubles from `min_delay` up to `max_delay`
while the worker keeps dying soon after starting, and starts again from `min_delay` once a worker
stayed up for `stable_after` seconds. In production run `irm worker` under a service manager instead
(it exits non-zero on a fatal error, so the manager restarts it).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

log = logging.getLogger("irm.serve")


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


class Supervisor:
    def __init__(
        self,
        command: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        min_delay: float = 1.0,
        max_delay: float = 60.0,
        stable_after: float = 60.0,
        on_start: Callable[[int], None] | None = None,
    ) -> None:
        self.command = list(command)
        self.env = env
        self.min_delay, self.max_delay, self.stable_after = min_delay, max_delay, stable_after
        self.on_start = on_start
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.delays: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="irm-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(self.command, env=self.env)  # noqa: S603 (our own command line)
        if self.on_start:
            self.on_start(process.pid)
        return process

    def _run(self) -> None:
        delay = self.min_delay
        while not self._stop.is_set():
            started = time.monotonic()
            self.process = self._spawn()
            code = self.process.wait()
            if self._stop.is_set():
                return
            if time.monotonic() - started >= self.stable_after:
                delay = self.min_delay
            log.warning(
                "the worker (pid %s) %s; restarting it in %.0f s",
                self.process.pid,
                describe_exit(code),
                delay,
            )
            self.delays.append(delay)
            if self._stop.wait(delay):
                return
            self.restarts += 1
            delay = min(delay * 2, self.max_delay)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread.is_alive():
            self._thread.join(timeout)
