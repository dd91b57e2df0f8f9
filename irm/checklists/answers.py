"""What an answer may hold: each question kind's values, and the bounds of text and tables."""

from __future__ import annotations

from typing import Any

from irm.checklists.models import ImplementationStatus, Question, QuestionKind
from irm.checklists.selectors import is_empty
from irm.core.exceptions import InvalidInput

MAX_TEXT = 50_000
MAX_TABLE_ROWS = 30
MAX_TABLE_COLUMNS = 10


def clean_value(question: Question, value: Any) -> Any:
    """Validate an answer against its question kind; returns the value to store (None = empty)."""
    if is_empty(value):
        return None
    kind = question.kind
    if kind == QuestionKind.ATTACHMENTS:
        raise InvalidInput("Attachments are uploaded as files.", code="invalid_answer")
    if kind == QuestionKind.STATUS:
        if value not in ImplementationStatus.values:
            raise InvalidInput(f"Use one of {', '.join(ImplementationStatus.values)}.", code="invalid_answer")
        return value
    if kind == QuestionKind.YES_NO:
        if value not in {"yes", "no"}:
            raise InvalidInput("Answer yes or no.", code="invalid_answer")
        return value
    if kind == QuestionKind.CHOICE:
        if value not in {c["value"] for c in question.choices}:
            raise InvalidInput("Not one of the choices.", code="invalid_answer")
        return value
    if kind == QuestionKind.EXAMPLES:
        return clean_examples(value)
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise InvalidInput(f"Text of at most {MAX_TEXT} characters.", code="invalid_answer")
    return value


def clean_examples(value: Any) -> dict[str, Any]:
    """An examples answer: the cases as text and a bounded table of short cells."""
    if isinstance(value, str):
        value = {"cases": value, "table": []}
    if not isinstance(value, dict):
        raise InvalidInput("Examples are {cases, table}.", code="invalid_answer")
    cases = str(value.get("cases") or "")
    table = value.get("table") or []
    if not isinstance(table, list) or len(table) > MAX_TABLE_ROWS:
        raise InvalidInput(f"A table has at most {MAX_TABLE_ROWS} rows.", code="invalid_answer")
    rows = []
    for row in table:
        if not isinstance(row, list) or len(row) > MAX_TABLE_COLUMNS:
            raise InvalidInput(f"A row has at most {MAX_TABLE_COLUMNS} cells.", code="invalid_answer")
        rows.append([str(c)[:200] for c in row])
    if len(cases) > MAX_TEXT:
        raise InvalidInput("The text is too long.", code="invalid_answer")
    return {"cases": cases, "table": rows}
