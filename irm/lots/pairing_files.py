"""Files of pairings (`cycle,state_under_review,reviewer_1,reviewer_2`): reading, name resolution
and the rule check shared by `irm lots check` and `irm lots import`."""

from __future__ import annotations

from dataclasses import dataclass, field

from irm.core.tabular import read_table
from irm.cycles.models import Cycle
from irm.lots import engine, selectors
from irm.lots.services import PairingRow
from irm.parties.models import State
from irm.parties.names import NameResolver, UnknownStateName

COLUMNS = ("cycle", "state_under_review", "reviewer_1", "reviewer_2")


@dataclass(frozen=True)
class UnknownName:
    row: int
    column: str
    name: str
    suggestions: tuple[str, ...]

    def line(self) -> str:
        hint = f" — did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"row {self.row}: unknown name {self.name!r} in {self.column}{hint}"


@dataclass(frozen=True)
class FileViolation:
    rule: str
    row: int | None
    states: tuple[str, ...]
    message: str

    def line(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}: violation {self.rule} ({', '.join(self.states)}): {self.message}"


@dataclass
class CheckedFile:
    rows: list[PairingRow] = field(default_factory=list)
    violations: list[FileViolation] = field(default_factory=list)
    unknown: list[UnknownName] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations and not self.unknown

    def summary(self) -> str:
        return f"{len(self.violations)} violations, {len(self.unknown)} unknown names"


def check_file(content: bytes, filename: str) -> CheckedFile:
    """Resolve every name and check every cycle's pairings against the rules.

    The file (CSV or XLSX) is read by the one bounded reader, `irm.core.tabular`.
    """
    checked = CheckedFile()
    table = read_table(content, filename)
    missing = [c for c in COLUMNS if c not in table.header]
    if missing:
        checked.violations.append(
            FileViolation("columns", None, (), f"missing column(s): {', '.join(missing)}")
        )
        return checked
    resolver = NameResolver()
    cycles = {c.number: c for c in Cycle.objects.all()}
    per_cycle: dict[int, list[tuple[int | None, str, list[str | None]]]] = {}
    for number, raw in table.rows:
        values = {c: raw.get(c, "") for c in COLUMNS}
        cycle = cycles.get(int(values["cycle"])) if values["cycle"].isdigit() else None
        if cycle is None:
            checked.violations.append(
                FileViolation("cycle", number, (), f"unknown cycle {values['cycle']!r}")
            )
        resolved: dict[str, State | None] = {}
        for column in COLUMNS[1:]:
            name = values[column]
            if not name:
                if column == "state_under_review":
                    checked.violations.append(
                        FileViolation("state_under_review", number, (), "the State under review is missing")
                    )
                resolved[column] = None
                continue
            try:
                resolved[column] = resolver.resolve(name)
            except UnknownStateName as exc:
                checked.unknown.append(
                    UnknownName(
                        number, column, name, tuple(f"{s.name_en} ({s.iso3})" for s in exc.suggestions)
                    )
                )
                resolved[column] = None
        state = resolved["state_under_review"]
        if cycle is None or state is None:
            continue
        first, second = resolved["reviewer_1"], resolved["reviewer_2"]
        checked.rows.append(PairingRow(number, cycle, state, first, second))
        per_cycle.setdefault(cycle.number, []).append(
            (number, state.iso3, [first.iso3 if first else None, second.iso3 if second else None])
        )
    regions = {s.iso3: s.regional_group for s in resolver.states.values()}
    for number, rows in sorted(per_cycle.items()):
        cycle = cycles[number]
        for v in engine.check_pairings(
            rows, regions, cap=cycle.max_reviews_per_reviewer, exclusions=selectors.exclusions_of(cycle)
        ):
            checked.violations.append(FileViolation(v.rule, v.row, v.states, v.message))
    checked.violations.sort(key=lambda v: (v.row or 0, v.rule))
    return checked
