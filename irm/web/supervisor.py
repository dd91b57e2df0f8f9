"""`irm serve` keeps its worker running: a child process restarted with backoff when it dies.

Why it died (its exit code or signal) is logged; the delay doubles from `min_delay` up to `max_delay`
while the worker keeps dying soon after starting, and starts again from `min_delay` once a worker
stayed up for `stable_after` seconds. In production run `irm worker` under a service manager instead
(it exits non-zero on a fatal error, so the manager restarts it).

`irm serve` starts the worker in a session of its own (`new_session`), so that a Ctrl+C in the
terminal reaches serve, not the worker; serve's signal handler calls `halt()` and asks the worker to
stop (one SIGTERM: it finishes the task under way). The worker ended with serve before: a Ctrl+C
stopped it at once and the supervisor, not yet told, restarted it while serve shut down. `GRACE`
covers a worker that dies by another hand just as serve stops.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

log = logging.getLogger("irm.serve")

#: Seconds a dead worker's restart waits for `halt()`: a Ctrl+C reaches the worker and `irm serve` at
#: once, and the worker may exit before serve's signal handler runs.
GRACE = 0.5


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
        grace: float = GRACE,
        new_session: bool = False,
        on_start: Callable[[int], None] | None = None,
    ) -> None:
        self.command = list(command)
        self.env = env
        self.min_delay, self.max_delay, self.stable_after = min_delay, max_delay, stable_after
        self.grace, self.new_session = grace, new_session
        self.on_start = on_start
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.delays: list[float] = []
        self._stop = threading.Event()
        self._asked = False  # the worker was sent its SIGTERM
        self._thread = threading.Thread(target=self._run, name="irm-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(self.command, env=self.env, start_new_session=self.new_session)  # noqa: S603
        if self.on_start:
            self.on_start(process.pid)
        return process

    def _run(self) -> None:
        delay = self.min_delay
        while not self._stop.is_set():
            started = time.monotonic()
            self.process = self._spawn()
            code = self.process.wait()
            if self._stop.wait(self.grace):  # serve is stopping: the worker was told to stop, not dying
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

    def halt(self) -> None:
        """Restart no more (serve is stopping): the worker's exit from now on is expected."""
        self._stop.set()

    def terminate(self) -> None:
        """Restart no more, and ask the worker to stop, once (SIGTERM: it finishes its task; a second
        one would cut the task short). Safe in a signal handler: it waits for nothing."""
        self.halt()
        process = self.process
        if process is not None and not self._asked and process.returncode is None:
            self._asked = True
            process.terminate()

    def stop(self, timeout: float = 10.0) -> None:
        self.terminate()
        process = self.process
        if process is not None:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread.is_alive():
            self._thread.join(timeout)
