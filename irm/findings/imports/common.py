"""What both imports share: row errors, the result, the `read` step, State names resolved once, cell
parsers, and the batch record (`ImportBatch` and its audit event) written at the end of `apply`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from irm.core.audit import record_event
from irm.core.tabular import Limits, Table, read_table
from irm.findings.models import ImportBatch
from irm.parties.models import State
from irm.parties.names import NameResolver, UnknownStateName
from irm.reviews.models import Stage

Progress = Callable[[str, int, int], None]

REVIEW_COLUMNS = ["cycle", "state", "executive_summary_completed_on"]
REVIEW_OPTIONAL = [
    "review_year",
    "reviewer_1",
    "reviewer_2",
    "stage",
    "checklist_submitted_on",
    "direct_dialogue_on",
    "direct_dialogue_type",
    "country_report_completed_on",
]
#: Date columns of the reviews file → the milestone whose done_on they are.
MILESTONE_COLUMNS = {
    "checklist_submitted_on": Stage.CHECKLIST_SUBMITTED,
    "direct_dialogue_on": Stage.DIRECT_DIALOGUE_HELD,
    "executive_summary_completed_on": Stage.SUMMARY_AGREED,
    "country_report_completed_on": Stage.REPORT_FINALIZED,
}
FINDING_COLUMNS = ["cycle", "state", "type", "chapter", "articles", "categories", "text", "language"]
FINDING_OPTIONAL = ["primary_category", "paragraphs", "ref", "answers"]

TYPE_ALIASES = {
    "observation": "observation",
    "observations": "observation",
    "good_practice": "good_practice",
    "good_practices": "good_practice",
    "success": "good_practice",
    "challenge": "challenge",
    "challenges": "challenge",
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "ta_need": "ta_need",
    "ta_needs": "ta_need",
    "need": "ta_need",
    "technical_assistance_need": "ta_need",
}
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")
PREVIEW_LIMIT = 200
BATCH = 2000


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column or '-'}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # the preview (first PREVIEW_LIMIT)
    applied: bool = False
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "applied": self.applied,
            "batch": self.batch_id,
            "errors": [e.as_dict() for e in self.errors],
            "changes": self.changes,
        }


def _noop(phase: str, done: int, total: int) -> None:
    return None


class _StateNames:
    """One NameResolver for the whole file, and each distinct spelling resolved once."""

    def __init__(self) -> None:
        self.resolver = NameResolver()
        self.cache: dict[str, State | UnknownStateName] = {}

    def resolve(self, name: str) -> State:
        found = self.cache.get(name)
        if found is None:
            try:
                found = self.resolver.resolve(name)
            except UnknownStateName as exc:
                found = exc
            self.cache[name] = found
        if isinstance(found, UnknownStateName):
            raise found
        return found


def _missing_columns(table: Table, required: list[str], kind: str) -> list[RowError]:
    return [
        RowError(
            table.filename,
            1,
            column,
            f"missing column {column!r} (a {kind} file needs: {', '.join(required)})",
        )
        for column in required
        if column not in table.header
    ]


def _parse_date(value: str) -> date:
    return date.fromisoformat(value[:10])


def _parse_int(value: str) -> int:
    if value.isdigit():
        return int(value)
    return int(float(value)) if re.fullmatch(r"\d+(\.0+)?", value) else int(value)


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read(
    content: bytes, filename: str, *, required: list[str], kind: str, limits: Limits | None = None
) -> tuple[Table, list[RowError]]:
    """Step 1, read: the file's rows (CSV or XLSX, one header row) and any required column missing.

    The file goes through the platform's one bounded reader, `irm.core.tabular.read_table`: a file over
    a limit (bytes, rows, cells, cell length, an XLSX's expanded size), not readable as CSV or XLSX, or
    with a formula lacking its computed value is refused before any row is resolved, with an
    `InvalidInput` whose message and details name the file, sheet, row and column.
    """
    table = read_table(content, filename, limits=limits)
    return table, _missing_columns(table, required, kind)


def record_batch(
    *, actor: Any, kind: str, result: ImportResult, content: bytes, after: dict[str, Any]
) -> ImportBatch:
    """The import's record and its audit event (inside `apply`'s transaction)."""
    batch = ImportBatch.objects.create(
        kind=kind,
        filename=result.file,
        sha256=_sha(content),
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        actor=actor,
        action=f"findings.import_{result.kind}",
        obj=batch,
        after={
            "file": result.file,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            **after,
        },
    )
    return batch
