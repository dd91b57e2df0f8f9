"""What an answer may hold: each question kind's values, and the bounds of text and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from irm.checklists.models import Checklist, ImplementationStatus, Question, QuestionKind
from irm.checklists.selectors import answers_by_code, is_empty, is_shown, questions_of
from irm.convention.models import Article
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


# --- the check before submission (as KoboToolbox checks a form before sending it) ---------------


@dataclass(frozen=True)
class Gap:
    """One question the check stops at: its article, its code (the anchor on the article's page), its text
    and what is wrong in words."""

    article: int
    code: str
    question: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article, "question": self.code, "message": self.message}


@dataclass
class SubmissionCheck:
    """What the focal point is told before submitting: `missing` (required, shown and empty) and `invalid`
    (a constraint of the question broken) stop the submission; `unanswered` (optional, shown and empty)
    and `untouched` (articles with nothing answered) ask for an explicit confirmation."""

    missing: list[Gap] = field(default_factory=list)
    invalid: list[Gap] = field(default_factory=list)
    unanswered: list[Gap] = field(default_factory=list)
    untouched: list[Article] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return bool(self.missing or self.invalid)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.unanswered or self.untouched)

    def by_article(self, gaps: list[Gap]) -> list[tuple[int, list[Gap]]]:
        grouped: dict[int, list[Gap]] = {}
        for gap in gaps:
            grouped.setdefault(gap.article, []).append(gap)
        return list(grouped.items())

    @property
    def count_blocking(self) -> int:
        return len(self.missing) + len(self.invalid)

    @property
    def missing_by_article(self) -> list[tuple[int, list[Gap]]]:
        return self.by_article(self.missing)

    @property
    def invalid_by_article(self) -> list[tuple[int, list[Gap]]]:
        return self.by_article(self.invalid)

    @property
    def unanswered_by_article(self) -> list[tuple[int, list[Gap]]]:
        return self.by_article(self.unanswered)

    def as_details(self) -> dict[str, Any]:
        return {
            "missing": [g.as_dict() for g in self.missing],
            "invalid": [g.as_dict() for g in self.invalid],
            "unanswered": [g.as_dict() for g in self.unanswered],
            "untouched_articles": [a.number for a in self.untouched],
        }


def constraint_problem(question: Question, value: Any) -> str:
    """What a non-empty answer breaks of its question's constraints ("" when nothing)."""
    text = value.get("cases", "") if isinstance(value, dict) else value
    if not isinstance(text, str) or question.kind not in (QuestionKind.TEXT, QuestionKind.EXAMPLES):
        return ""
    length = len(text.strip())
    if question.min_length and length < question.min_length:
        return _("At least %(n)s characters (%(count)s now).") % {"n": question.min_length, "count": length}
    if question.max_length and length > question.max_length:
        return _("At most %(n)s characters (%(count)s now).") % {"n": question.max_length, "count": length}
    return ""


def check_submission(checklist: Checklist) -> SubmissionCheck:
    """Every question shown by the answers given so far (attachments are optional and not checked)."""
    answers = answers_by_code(checklist)
    values = {code: a.value for code, a in answers.items()}
    check = SubmissionCheck()
    touched: set[int] = set()
    articles: dict[int, Article] = {}
    for question in questions_of(checklist):
        articles.setdefault(question.article.number, question.article)
        if question.kind == QuestionKind.ATTACHMENTS or not is_shown(question, values):
            continue
        value = values.get(question.code)
        number = question.article.number
        if is_empty(value):
            if question.required:
                check.missing.append(Gap(number, question.code, question.text, _("An answer is required.")))
            else:
                check.unanswered.append(Gap(number, question.code, question.text, _("Not answered.")))
            continue
        touched.add(number)
        problem = constraint_problem(question, value)
        if problem:
            check.invalid.append(Gap(number, question.code, question.text, problem))
    check.untouched = [a for n, a in articles.items() if n not in touched]
    return check
