"""The one demo loader: reads the data files of `irm/demo/data/` and hands each to its step.

A step is a function `(context, data) -> str` that turns one data file into calls to the services of
the app that owns the rows (it never writes a table itself) and returns the line the progress report
prints. Steps run in the order of `STEPS`, each in one transaction that also records a
`demo.step_loaded` audit event: a step already recorded is not run again, so loading the demo twice
duplicates nothing, and a step that failed half-way left nothing behind.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction
from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"
#: A demo data file is read whole: none may be larger than this.
MAX_FILE_BYTES = 2_000_000
#: The audit event that says a step was loaded (its object_id is the step's name).
LOADED = "demo.step_loaded"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


class DemoDataError(ValueError):
    """A demo data file is missing, too large, or not shaped as its step expects.

    The message names the file and the place in it (`users.yaml: users[3].role: …`).
    """


@dataclass(frozen=True)
class Node:
    """A part of a data file, with the path that error messages name."""

    file: str
    path: str
    value: Any

    def _where(self, key: str | int) -> str:
        return f"{self.path}[{key}]" if isinstance(key, int) else f"{self.path}.{key}" if self.path else key

    def error(self, key: str | int, problem: str) -> DemoDataError:
        return DemoDataError(f"{self.file}: {self._where(key)}: {problem}")

    def __contains__(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def __getitem__(self, key: str) -> Any:
        if not isinstance(self.value, dict) or key not in self.value:
            raise self.error(key, "missing")
        return self.value[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default) if isinstance(self.value, dict) else default

    def node(self, key: str) -> Node:
        value = self[key]
        if not isinstance(value, dict):
            raise self.error(key, "expected a mapping")
        return Node(self.file, self._where(key), value)

    def rows(self, key: str) -> list[Node]:
        """The mappings listed under `key` (a list of rows)."""
        value = self[key]
        if not isinstance(value, list):
            raise self.error(key, "expected a list")
        where = self._where(key)
        rows = []
        for i, row in enumerate(value):
            if not isinstance(row, dict):
                raise DemoDataError(f"{self.file}: {where}[{i}]: expected a mapping")
            rows.append(Node(self.file, f"{where}[{i}]", row))
        return rows

    def text(self, key: str, *, blank: bool = False, max_length: int = 10_000) -> str:
        value = self[key]
        if value is None and blank:
            return ""
        if not isinstance(value, str) or (not blank and not value.strip()):
            raise self.error(key, "expected a text")
        if len(value) > max_length:
            raise self.error(key, f"longer than {max_length} characters")
        return value

    def number(self, key: str) -> int:
        value = self[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, "expected a whole number")
        return value

    def day(self, key: str) -> date:
        value = self[key]
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.error(key, "expected a date (YYYY-MM-DD)")
        return value

    def moment(self, key: str, tz: ZoneInfo) -> datetime:
        """A local time written "YYYY-MM-DD HH:MM", in the time zone `tz`."""
        value = self[key]
        try:
            return datetime.fromisoformat(str(value)).replace(tzinfo=tz)
        except ValueError as exc:
            raise self.error(key, "expected a local time (YYYY-MM-DD HH:MM)") from exc


def read_data(name: str, *, directory: Path = DATA_DIR) -> Node:
    """The data file `name`.yaml, parsed safely (no Python objects), bounded in size."""
    path = directory / f"{name}.yaml"
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DemoDataError(f"{path.name}: no such demo data file in {directory}") from None
    if size > MAX_FILE_BYTES:
        raise DemoDataError(
            f"{path.name}: {size:,} bytes, more than the {MAX_FILE_BYTES:,} a data file may hold"
        )
    try:
        value = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DemoDataError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(value, dict):
        raise DemoDataError(f"{path.name}: the file must hold a mapping at its top")
    _check_keys(path.name, "", value)
    return Node(path.name, "", value)


def _check_keys(file: str, where: str, value: Any) -> None:
    """YAML reads the keys on/off/yes/no as true/false: a key that became a boolean is a mistake."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, bool):
                raise DemoDataError(
                    f"{file}: {where or 'top'}: a key reads as {key} (on/off/yes/no): quote it"
                )
            _check_keys(file, f"{where}.{key}" if where else str(key), item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_keys(file, f"{where}[{i}]", item)


@dataclass
class Context:
    """What every step shares: where to write, the day the demo is loaded, cached look-ups."""

    stdout: Writer
    today: date = field(default_factory=timezone.localdate)

    @cached_property
    def states(self) -> dict[str, Any]:
        from irm.parties.models import State

        return {s.iso3: s for s in State.objects.all()}

    def state(self, iso3: str) -> Any:
        try:
            return self.states[iso3]
        except KeyError:
            raise DemoDataError(f"no State party {iso3!r} in the reference data") from None

    def user(self, username: str) -> Any:
        from irm.accounts.models import User

        user = User.objects.filter(username=username).first()
        if user is None:
            raise DemoDataError(f"no demo user {username!r} (users.yaml)")
        return user

    def cycle(self, number: int) -> Any:
        from irm.cycles.models import Cycle

        cycle = Cycle.objects.filter(number=number).first()
        if cycle is None:
            raise DemoDataError(f"no cycle {number} in the reference data (run `irm init`)")
        return cycle


StepFunction = Callable[[Context, Node], str]


@dataclass(frozen=True)
class Step:
    """One data file and the function that loads it ("module:function")."""

    name: str
    data: str
    function: str

    def resolve(self) -> StepFunction:
        module, _, name = self.function.partition(":")
        function: StepFunction = getattr(importlib.import_module(module), name)
        return function


#: The steps in the order they run: each may use what the steps before it made.
STEPS: list[Step] = [
    Step("users", "users", "irm.demo.steps.users:load"),
    Step("draws", "draws", "irm.demo.steps.draws:load"),
    Step("reviews", "reviews", "irm.demo.steps.reviews:load"),
    Step("checklists", "checklists", "irm.demo.steps.checklists:load"),
    Step("findings", "findings", "irm.demo.steps.findings:load"),
    Step("followup", "followup", "irm.demo.steps.followup:load"),
    Step("assistance", "assistance", "irm.demo.steps.assistance:load"),
    Step("public", "public", "irm.demo.steps.public:load"),
    Step("finance", "finance", "irm.demo.steps.finance:load"),
    Step("meetings", "meetings", "irm.demo.steps.meetings:load"),
    Step("proposals", "proposals", "irm.demo.steps.proposals:load"),
    Step("library", "library", "irm.demo.steps.library:load"),
    Step("directory", "directory", "irm.demo.steps.directory:load"),
]


def loaded_steps() -> set[str]:
    """The steps this database already holds."""
    from irm.core.models import AuditEvent

    return set(AuditEvent.objects.filter(action=LOADED).values_list("object_id", flat=True))


def _run(step: Step, context: Context) -> str:
    from irm.core.audit import record_event

    data = read_data(step.data)
    with transaction.atomic():
        summary = step.resolve()(context, data)
        record_event(
            actor=None,
            action=LOADED,
            object_type="demo.step",
            object_id=step.name,
            after={"data": f"{step.data}.yaml", "summary": summary},
        )
    return summary


def run_steps(steps: list[Step], *, stdout: Writer, today: date | None = None) -> Iterator[tuple[Step, str]]:
    context = Context(stdout, today) if today else Context(stdout)
    done = loaded_steps()
    for step in steps:
        if step.name not in done:
            yield step, _run(step, context)


#: (username, password, who) of the demo users, for the start-up banner (filled by `load_demo`).
DEMO_LOGINS: list[tuple[str, str, str]] = []


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, who) of every demo user, from users.yaml."""
    from irm.demo.steps.users import logins

    return logins(read_data("users"))


def load_demo(*, stdout: Writer, today: date | None = None) -> int:
    """Load every step not loaded yet, printing one line per step with its time; returns how many ran."""
    from irm.search.services import reindex_batch

    DEMO_LOGINS[:] = demo_logins()
    ran = 0
    started = time.perf_counter()
    # The steps' services ask for dozens of search refreshes (one per checklist, document, finding…):
    # one task refreshes them all after the load.
    with reindex_batch():
        for step, summary in run_steps(STEPS, stdout=stdout, today=today):
            now = time.perf_counter()
            stdout.write(f"  demo {step.name}: {summary} ({now - started:.1f} s)\n")
            started = now
            ran += 1
    if not ran:
        stdout.write("  demo: already loaded (`irm demo reset` starts again)\n")
    return ran
