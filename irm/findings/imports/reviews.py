"""The reviews import: read → resolve → validate → plan → apply.

Each row states a review of a State in a cycle: its year and reviewers, its stage, the done dates of
its milestones and its direct dialogue. Everything up to the plan reads only; `apply` is the one short
write transaction, and it writes through `irm.reviews.services` (the owner of those tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from irm.core.tabular import Table
from irm.cycles.models import Cycle
from irm.findings.imports.common import (
    MILESTONE_COLUMNS,
    PREVIEW_LIMIT,
    REVIEW_COLUMNS,
    ImportResult,
    Progress,
    RowError,
    _noop,
    _parse_date,
    _parse_int,
    _StateNames,
    read,
    record_batch,
)
from irm.findings.models import ImportBatch
from irm.parties.models import State
from irm.parties.names import UnknownStateName
from irm.reviews import services as review_services
from irm.reviews.models import DialogueType, DirectDialogue, Review, Stage
from irm.reviews.services import ReviewChange, ReviewRecord


@dataclass
class _ReviewRow:
    row: int
    cycle: Cycle
    state: State
    year: int | None = None
    reviewer_1: State | None = None
    reviewer_2: State | None = None
    stage: str | None = None
    milestones: dict[str, date] = field(default_factory=dict)
    dialogue_kind: str | None = None
    dialogue_on: date | None = None


@dataclass
class ReviewPlan:
    """What `apply` writes: per row the review it updates (None: create it) and the changes."""

    changes: list[ReviewChange] = field(default_factory=list)


def _choice(raw: str, known: set[str]) -> str | None:
    value = raw.strip().lower().replace(" ", "_").replace("-", "_")
    return value if value in known else None


class _RowResolver:
    """Step 2 for one row: cells to objects (cycle, States, dates, stage, dialogue kind)."""

    def __init__(self, filename: str, names: _StateNames, cycles: dict[int, Cycle]) -> None:
        self.filename, self.names, self.cycles = filename, names, cycles
        self.stages = {s.value for s in Stage}
        self.kinds = {k.value for k in DialogueType}

    def __call__(self, number: int, values: dict[str, str]) -> tuple[_ReviewRow, list[RowError]]:
        errors: list[RowError] = []

        def err(column: str, message: str) -> None:
            errors.append(RowError(self.filename, number, column, message))

        cycle = self._cycle(values.get("cycle", ""), err)
        row = _ReviewRow(row=number, cycle=cycle, state=self._state(values, "state", err, required=True))  # type: ignore[arg-type]
        row.reviewer_1 = self._state(values, "reviewer_1", err)
        row.reviewer_2 = self._state(values, "reviewer_2", err)
        if values.get("review_year"):
            try:
                row.year = _parse_int(values["review_year"])
            except ValueError:
                err("review_year", f"{values['review_year']!r} is not a number")
        if values.get("stage"):
            row.stage = _choice(values["stage"], self.stages)
            if row.stage is None:
                err("stage", f"unknown stage {values['stage']!r} (one of: {', '.join(sorted(self.stages))})")
        for column, stage_value in MILESTONE_COLUMNS.items():
            raw = values.get(column, "")
            if raw:
                try:
                    row.milestones[stage_value] = _parse_date(raw)
                except ValueError:
                    err(column, f"{raw!r} is not a date (use YYYY-MM-DD)")
        row.dialogue_on = row.milestones.get(Stage.DIRECT_DIALOGUE_HELD)
        if values.get("direct_dialogue_type"):
            row.dialogue_kind = _choice(values["direct_dialogue_type"], self.kinds)
            if row.dialogue_kind is None:
                err(
                    "direct_dialogue_type",
                    f"unknown type {values['direct_dialogue_type']!r} (one of: {', '.join(sorted(self.kinds))})",
                )
        return row, errors

    def _cycle(self, raw: str, err: Any) -> Cycle | None:
        try:
            cycle = self.cycles.get(_parse_int(raw))
        except ValueError:
            err("cycle", f"{raw!r} is not a cycle number" if raw else "the cycle is required")
            return None
        if cycle is None:
            err("cycle", f"no cycle {raw!r} (known: {', '.join(str(n) for n in self.cycles)})")
        return cycle

    def _state(self, values: dict[str, str], column: str, err: Any, required: bool = False) -> State | None:
        name = values.get(column, "")
        if not name:
            if required:
                err(column, "the State is required")
            return None
        try:
            return self.names.resolve(name)
        except UnknownStateName as exc:
            err(column, exc.message)
            return None


def resolve_reviews(table: Table, *, progress: Progress = _noop) -> list[tuple[_ReviewRow, list[RowError]]]:
    """Step 2, resolve: each row's cells as objects, with the errors of cells that name nothing known."""
    resolver = _RowResolver(table.filename, _StateNames(), {c.number: c for c in Cycle.objects.all()})
    resolved = []
    total = len(table.rows)
    for i, (number, values) in enumerate(table.rows):
        if i % 500 == 0:
            progress("check", i, total)
        resolved.append(resolver(number, values))
    progress("check", total, total)
    return resolved


def _row_rules(row: _ReviewRow, err: Any, seen: dict[tuple[int, int], int]) -> None:
    cycle, state = row.cycle, row.state
    if cycle is not None and row.year is not None and not 1 <= row.year <= cycle.years:
        err("review_year", f"the year of the cycle is between 1 and {cycle.years}")
    if state is not None:
        for column in ("reviewer_1", "reviewer_2"):
            if getattr(row, column) == state:
                err(column, "a State does not review itself")
        if row.reviewer_1 is not None and row.reviewer_1 == row.reviewer_2:
            err("reviewer_2", "the two reviewing States must differ")
    if cycle is not None and state is not None:
        key = (cycle.pk, state.pk)
        if key in seen:
            err("state", f"{state.name_en} appears twice for cycle {cycle.number} (also row {seen[key]})")
        seen[key] = row.row


def validate_reviews(
    resolved: Sequence[tuple[_ReviewRow, list[RowError]]], filename: str
) -> tuple[list[_ReviewRow], list[RowError]]:
    """Step 3, validate: the rules of a review (year within the cycle, no State reviewing itself, two
    different reviewers, one row per State and cycle). Returns the valid rows and every error."""
    rows: list[_ReviewRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, int], int] = {}
    for row, problems in resolved:
        found = list(problems)

        def err(column: str, message: str, _found: list[RowError] = found, _row: int = row.row) -> None:
            _found.append(RowError(filename, _row, column, message))

        _row_rules(row, err, seen)
        errors.extend(found)
        if not found:
            rows.append(row)
    return rows, errors


def _derived_stage(row: _ReviewRow, review: Review | None) -> str | None:
    if row.stage:
        return row.stage
    done = [Stage(s) for s in row.milestones]
    if review is not None:
        done.append(Stage(review.stage))
    if not done:
        return Stage.LOTS_DRAWN if review is None else None
    return max(done, key=lambda s: s.index).value


def _review_changes(
    row: _ReviewRow, review: Review | None, dialogue: DirectDialogue | None
) -> dict[str, tuple[Any, Any]]:
    """What the row changes: field → (before, after). Blank cells change nothing."""
    changes: dict[str, tuple[Any, Any]] = {}

    def compare(name: str, before: Any, after: Any) -> None:
        if after is not None and before != after:
            changes[name] = (before, after)

    compare("year", review.year if review else None, row.year)
    compare("reviewer_1", review.reviewer_1 if review else None, row.reviewer_1)
    compare("reviewer_2", review.reviewer_2 if review else None, row.reviewer_2)
    compare("stage", review.stage if review else None, _derived_stage(row, review))
    done = {m.stage: m.done_on for m in review.milestones.all()} if review else {}
    for stage, on in row.milestones.items():
        compare(f"milestone:{stage}", done.get(stage), on)
    compare("direct_dialogue.kind", dialogue.kind if dialogue else None, row.dialogue_kind)
    if dialogue is not None or row.dialogue_kind:
        compare("direct_dialogue.starts_on", dialogue.starts_on if dialogue else None, row.dialogue_on)
    return changes


def _record(row: _ReviewRow) -> ReviewRecord:
    return ReviewRecord(
        cycle=row.cycle,
        state=row.state,
        year=row.year,
        reviewer_1=row.reviewer_1,
        reviewer_2=row.reviewer_2,
        stage=row.stage,
        milestones=row.milestones,
        dialogue_kind=row.dialogue_kind,
        dialogue_on=row.dialogue_on,
    )


def _preview(row: _ReviewRow, review: Review | None, changes: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    return {
        "row": row.row,
        "action": "create" if review is None else "update",
        "cycle": row.cycle.number,
        "state": row.state.iso3,
        "changes": {k: [str(v[0]) if v[0] is not None else None, str(v[1])] for k, v in changes.items()},
    }


def plan_reviews(rows: Sequence[_ReviewRow], result: ImportResult) -> ReviewPlan:
    """Step 4, plan: compare each row with the database (create, update or unchanged); fills the
    result's counts and preview, and the errors only the database can show (merged reviewers)."""
    plan = ReviewPlan()
    cycles = {row.cycle.pk for row in rows}
    existing = {
        (r.cycle_id, r.state_id): r
        for r in Review.objects.filter(cycle__in=cycles)
        .select_related("reviewer_1", "reviewer_2")
        .prefetch_related("milestones")
    }
    dialogues = {d.review_id: d for d in DirectDialogue.objects.filter(review__cycle__in=cycles)}
    for row in rows:
        review = existing.get((row.cycle.pk, row.state.pk))
        changes = _review_changes(row, review, dialogues.get(review.pk) if review else None)
        if review is None:
            result.created += 1
        elif changes:
            result.updated += 1
        else:
            result.unchanged += 1
        if review is None or changes:
            if len(result.changes) < PREVIEW_LIMIT:
                result.changes.append(_preview(row, review, changes))
            plan.changes.append(ReviewChange(record=_record(row), review=review, changes=changes))
        # merged constraint: the reviewers after the update must still differ from each other
        if review is not None:
            r1 = row.reviewer_1 or review.reviewer_1
            r2 = row.reviewer_2 or review.reviewer_2
            if r1 is not None and r1 == r2:
                result.errors.append(
                    RowError(result.file, row.row, "reviewer_2", "the two reviewing States would be the same")
                )
    return plan


def apply_reviews(
    *, actor: Any, content: bytes, result: ImportResult, plan: ReviewPlan, progress: Progress = _noop
) -> ImportBatch:
    """Step 5, apply: the one write transaction (the reviews through their owner, then the batch)."""
    with transaction.atomic():
        review_services.write_review_records(actor=actor, changes=plan.changes, progress=progress)
        return record_batch(
            actor=actor, kind=ImportBatch.Kind.REVIEWS, result=result, content=content, after={}
        )


def import_reviews(
    *, actor: Any, content: bytes, filename: str, dry_run: bool = False, progress: Progress = _noop
) -> ImportResult:
    """Create or update the review of a State in a cycle, its milestones and direct dialogue, per row."""
    result = ImportResult(kind="reviews", file=filename)
    table, result.errors = read(content, filename, required=REVIEW_COLUMNS, kind="reviews")
    result.rows = len(table.rows)
    if result.errors:
        return result
    rows, result.errors = validate_reviews(resolve_reviews(table, progress=progress), filename)
    if result.errors:
        return result
    plan = plan_reviews(rows, result)
    if result.errors or dry_run:
        return result
    batch = apply_reviews(actor=actor, content=content, result=result, plan=plan, progress=progress)
    result.applied = True
    result.batch_id = batch.pk
    return result
