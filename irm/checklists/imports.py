"""Reading a checklist workbook and planning its import (reads only: `services.import_checklist_xlsx` writes).

The workbook (see `documents.xlsx_bytes`) carries, per row, the version of the answer, need or
stakeholder it was exported with. The plan compares every row with what is stored now:

- unchanged: the row says what is stored;
- a change: the stored version is still the exported one (or the row is new): applied;
- a conflict: the stored answer (need, stakeholder) changed, or was deleted, since the export: shown
  in the preview and applied only when the user chooses that row (`apply_conflicts`).

Needs and stakeholders missing from a sheet are kept: an empty sheet deletes nothing. A row is
deleted only when its `delete` column is marked (yes/x/1). A row without an id is new (unless an
identical need or stakeholder exists, then it is unchanged).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from irm.checklists.models import (
    Answer,
    Checklist,
    ImplementationStatus,
    Priority,
    Question,
    QuestionKind,
    Stakeholder,
    TANeed,
)
from irm.checklists.selectors import is_empty, questions_of
from irm.core.tabular import Table, read_workbook

ANSWERS, NEEDS, STAKEHOLDERS = "Answers", "Needs", "Stakeholders"
ANSWER_COLUMNS = ["article", "code", "kind", "question", "answer", "table", "version"]
NEED_COLUMNS = [
    "id",
    "version",
    "article",
    "chapter",
    "text",
    "categories",
    "priority",
    "receiving_assistance",
    "assistance_from",
    "delete",
]
STAKEHOLDER_COLUMNS = ["id", "version", "name", "kind", "how", "delete"]
#: Columns an older workbook may lack (then: no version known, no ids, nothing marked for deletion).
OPTIONAL_COLUMNS = {"id", "version", "delete"}
CELL_SEPARATOR = " | "
YES = {"yes", "y", "x", "1", "true", "delete"}
NO = {"", "no", "n", "0", "false"}


def _error(errors: list[dict[str, Any]], sheet: str, row: int, column: str, message: str) -> None:
    errors.append({"sheet": sheet, "row": row, "column": column, "message": message})


@dataclass
class AnswerRow:
    row: int
    code: str
    value: Any
    base_version: int


@dataclass
class NeedRow:
    row: int
    id: int | None
    base_version: int
    delete: bool
    fields: dict[str, Any]  # article, chapter (numbers), text, categories (codes), priority, receiving, from


@dataclass
class StakeholderRow:
    row: int
    id: int | None
    base_version: int
    delete: bool
    fields: dict[str, Any]  # name, kind, how


@dataclass
class ParsedWorkbook:
    answers: list[AnswerRow] = field(default_factory=list)
    needs: list[NeedRow] = field(default_factory=list)
    stakeholders: list[StakeholderRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------------


def _number(errors: list[dict[str, Any]], sheet: str, row: int, column: str, text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        _error(errors, sheet, row, column, _("Give a whole number."))
        return None
    return int(text)


def _delete_mark(errors: list[dict[str, Any]], sheet: str, row: int, text: str) -> bool:
    mark = text.lower()
    if mark not in YES | NO:
        _error(errors, sheet, row, "delete", _("Mark “yes” to delete the row, or leave the cell empty."))
    return mark in YES


def _answer_value(errors: list[dict[str, Any]], question: Question, number: int, row: dict[str, str]) -> Any:
    raw = row["answer"]
    kind = question.kind
    if kind == QuestionKind.STATUS and raw and raw not in ImplementationStatus.values:
        _error(
            errors,
            ANSWERS,
            number,
            "answer",
            _("Use one of %s.") % ", ".join(sorted(ImplementationStatus.values)),
        )
    elif kind == QuestionKind.YES_NO and raw:
        if raw.lower() not in {"yes", "no"}:
            _error(errors, ANSWERS, number, "answer", _("Use yes or no."))
        return raw.lower()
    elif kind == QuestionKind.CHOICE and raw and raw not in {c["value"] for c in question.choices}:
        _error(
            errors,
            ANSWERS,
            number,
            "answer",
            _("Use one of %s.") % ", ".join(c["value"] for c in question.choices),
        )
    elif kind == QuestionKind.EXAMPLES:
        lines = [line.split(CELL_SEPARATOR.strip()) for line in row["table"].splitlines() if line.strip()]
        table = [[cell.strip() for cell in line] for line in lines]
        return {"cases": raw, "table": table} if raw or table else None
    return raw or None


def _answers(table: Table, questions: dict[str, Question], parsed: ParsedWorkbook) -> None:
    seen: set[str] = set()
    for number, row in table.rows:
        code = row["code"]
        question = questions.get(code)
        if question is None:
            _error(parsed.errors, ANSWERS, number, "code", _("Unknown question %r for this cycle.") % code)
            continue
        if question.kind == QuestionKind.ATTACHMENTS:
            _error(parsed.errors, ANSWERS, number, "code", _("Attachments cannot be imported; upload them."))
            continue
        if code in seen:
            _error(parsed.errors, ANSWERS, number, "code", _("The question %r appears twice.") % code)
        seen.add(code)
        value = _answer_value(parsed.errors, question, number, row)
        version = _number(parsed.errors, ANSWERS, number, "version", row.get("version", "")) or 0
        parsed.answers.append(AnswerRow(number, code, value, version))


def _need_fields(
    errors: list[dict[str, Any]], number: int, row: dict[str, str], scope: dict[str, set[Any]]
) -> dict[str, Any]:
    article = _number(errors, NEEDS, number, "article", row["article"])
    chapter = _number(errors, NEEDS, number, "chapter", row["chapter"])
    if article is not None and article not in scope["articles"]:
        _error(errors, NEEDS, number, "article", _("Article %d is not reviewed in this cycle.") % article)
    if chapter is not None and chapter not in scope["chapters"]:
        _error(errors, NEEDS, number, "chapter", _("Chapter %d is not reviewed in this cycle.") % chapter)
    if article is not None and chapter is not None:
        _error(errors, NEEDS, number, "chapter", _("Give an article or a chapter, not both."))
    codes = sorted({c.strip() for c in row["categories"].split(";") if c.strip()})
    unknown = [c for c in codes if c not in scope["categories"]]
    if unknown:
        _error(errors, NEEDS, number, "categories", _("Unknown categories: %s.") % ", ".join(unknown))
    if not codes:
        _error(errors, NEEDS, number, "categories", _("Give at least one category."))
    if not row["text"]:
        _error(errors, NEEDS, number, "text", _("The need is empty."))
    priority = row["priority"].lower() or Priority.MEDIUM
    if priority not in Priority.values:
        _error(errors, NEEDS, number, "priority", _("Use one of %s.") % ", ".join(Priority.values))
    receiving = row["receiving_assistance"].lower()
    if receiving not in {"", "yes", "no"}:
        _error(errors, NEEDS, number, "receiving_assistance", _("Use yes or no."))
    return {
        "article": article,
        "chapter": chapter,
        "text": row["text"],
        "categories": codes,
        "priority": priority,
        "receiving_assistance": receiving == "yes",
        "assistance_from": row["assistance_from"],
    }


def _needs(table: Table, scope: dict[str, set[Any]], parsed: ParsedWorkbook) -> None:
    for number, row in table.rows:
        delete = _delete_mark(parsed.errors, NEEDS, number, row.get("delete", ""))
        need_id = _number(parsed.errors, NEEDS, number, "id", row.get("id", ""))
        version = _number(parsed.errors, NEEDS, number, "version", row.get("version", "")) or 0
        if delete and need_id is None:
            _error(
                parsed.errors,
                NEEDS,
                number,
                "delete",
                _("Only an exported need (with its id) can be deleted."),
            )
        fields = {} if delete else _need_fields(parsed.errors, number, row, scope)
        parsed.needs.append(NeedRow(number, need_id, version, delete, fields))


def _stakeholders(table: Table, parsed: ParsedWorkbook) -> None:
    for number, row in table.rows:
        delete = _delete_mark(parsed.errors, STAKEHOLDERS, number, row.get("delete", ""))
        stakeholder_id = _number(parsed.errors, STAKEHOLDERS, number, "id", row.get("id", ""))
        version = _number(parsed.errors, STAKEHOLDERS, number, "version", row.get("version", "")) or 0
        if delete and stakeholder_id is None:
            _error(
                parsed.errors,
                STAKEHOLDERS,
                number,
                "delete",
                _("Only an exported stakeholder (with its id) can be deleted."),
            )
        kind = row["kind"] or Stakeholder.Kind.OTHER
        if not delete:
            if kind not in Stakeholder.Kind.values:
                _error(
                    parsed.errors,
                    STAKEHOLDERS,
                    number,
                    "kind",
                    _("Use one of %s.") % ", ".join(Stakeholder.Kind.values),
                )
            if not row["name"]:
                _error(parsed.errors, STAKEHOLDERS, number, "name", _("The name is empty."))
        fields = {"name": row["name"][:255], "kind": kind, "how": row["how"]}
        parsed.stakeholders.append(StakeholderRow(number, stakeholder_id, version, delete, fields))


def parse_workbook(checklist: Checklist, content: bytes, filename: str = "checklist.xlsx") -> ParsedWorkbook:
    """Read and check every cell; collects every error (sheet, row, column) instead of stopping.

    The file goes through the one bounded reader (`irm.core.tabular`): a file over a limit, or not a
    workbook, raises InvalidInput before anything is parsed.
    """
    parsed = ParsedWorkbook()
    expected = {ANSWERS: ANSWER_COLUMNS, NEEDS: NEED_COLUMNS, STAKEHOLDERS: STAKEHOLDER_COLUMNS}
    tables = read_workbook(content, filename, sheets=list(expected))
    for name, columns in expected.items():
        if name not in tables:
            _error(parsed.errors, name, 0, "", _("The sheet %r is missing.") % name)
            continue
        missing = [c for c in columns if c not in tables[name].header and c not in OPTIONAL_COLUMNS]
        if missing:
            _error(parsed.errors, name, 1, ", ".join(missing), _("Missing columns."))
    if parsed.errors:
        return parsed
    questions = {q.code: q for q in questions_of(checklist)}
    scope: dict[str, set[Any]] = {
        "articles": {q.article.number for q in questions.values()},
        "chapters": set(checklist.review.cycle.chapters.values_list("number", flat=True)),
        "categories": set(checklist.review.cycle.ta_categories.values_list("code", flat=True)),
    }
    _answers(tables[ANSWERS], questions, parsed)
    _needs(tables[NEEDS], scope, parsed)
    _stakeholders(tables[STAKEHOLDERS], parsed)
    return parsed


# --- planning ---------------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    """What importing one row would do."""

    sheet: str
    row: int
    action: str  # "create", "update", "delete" or "unchanged"
    label: str
    conflict: bool = False
    reason: str = ""
    yours: str = ""
    current: str = ""
    target: Any = None  # the Answer / TANeed / Stakeholder it changes (None: a new one)
    source: Any = None  # the parsed row
    applied: bool = False

    @property
    def ref(self) -> str:
        return f"{self.sheet}:{self.row}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "sheet": self.sheet,
            "row": self.row,
            "action": self.action,
            "label": self.label,
            "conflict": self.conflict,
            "reason": self.reason,
            "yours": self.yours,
            "current": self.current,
            "applied": self.applied,
        }


def parse_refs(text: str | Iterable[str]) -> set[str]:
    """'Answers:12, Needs:3' (or a list of such) → {"Answers:12", "Needs:3"}; a bare number is an Answers row."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    refs = set()
    for part in (p.strip() for p in parts):
        if not part:
            continue
        sheet, _sep, row = part.rpartition(":")
        refs.add(f"{(sheet or ANSWERS).strip().capitalize()}:{row.strip()}")
    return refs


def _who(obj: Any) -> str:
    user = getattr(obj, "updated_by", None) or getattr(obj, "created_by", None)
    return (user.get_full_name() or user.get_username()) if user else ""


def _changed_since(exported: int, current: Any) -> str:
    return _("Changed since the export (version %(old)d, now %(new)d, by %(who)s).") % {
        "old": exported,
        "new": current.version,
        "who": _who(current) or _("someone"),
    }


def _short(value: Any) -> str:
    if is_empty(value):
        return ""
    if isinstance(value, dict):
        lines = [value.get("cases") or ""] + [CELL_SEPARATOR.join(r) for r in value.get("table") or []]
        value = "\n".join(line for line in lines if line)
    return str(value)[:500]


def plan_answers(
    rows: list[AnswerRow], questions: dict[str, Question], answers: dict[int, Answer]
) -> list[PlannedRow]:
    planned = []
    for parsed in rows:
        question = questions[parsed.code]
        current = answers.get(question.pk)
        stored = current.value if current else None
        step = PlannedRow(
            ANSWERS, parsed.row, "update", parsed.code, yours=_short(parsed.value), current=_short(stored)
        )
        step.target, step.source = current, parsed
        same = (is_empty(stored) and is_empty(parsed.value)) or stored == parsed.value
        if same and not (current and current.carried_over):
            step.action = "unchanged"
        elif current is None:
            step.action = "create"
        elif current.version != parsed.base_version:
            step.conflict, step.reason = True, _changed_since(parsed.base_version, current)
        planned.append(step)
    return planned


def _need_values(need: TANeed) -> dict[str, Any]:
    return {
        "article": need.article.number if need.article else None,
        "chapter": need.chapter.number if need.chapter else None,
        "text": need.text,
        "categories": sorted(c.code for c in need.categories.all()),
        "priority": need.priority,
        "receiving_assistance": need.receiving_assistance,
        "assistance_from": need.assistance_from,
    }


def _plan_existing(
    step: PlannedRow,
    target: Any,
    stored: dict[str, Any] | None,
    fields: dict[str, Any],
    delete: bool,
    base: int,
) -> None:
    """Decide a row that names an exported need or stakeholder (by id)."""
    step.target = target
    if target is None:
        if delete:
            step.action, step.reason = "unchanged", _("Already deleted.")
        else:
            step.action, step.conflict = "create", True
            step.reason = _("Deleted since the export; choosing this row adds it again.")
        return
    if delete:
        step.action = "delete"
    elif stored == fields:
        step.action = "unchanged"
        return
    if target.version != base:
        step.conflict, step.reason = True, _changed_since(base, target)


def plan_needs(rows: list[NeedRow], needs: dict[int, TANeed]) -> list[PlannedRow]:
    planned = []
    stored = {pk: _need_values(n) for pk, n in needs.items()}
    for parsed in rows:
        label = parsed.fields.get("text", "")[:80] or (
            needs[parsed.id].text[:80] if parsed.id in needs else ""
        )
        step = PlannedRow(
            NEEDS, parsed.row, "update", label, source=parsed, yours=parsed.fields.get("text", "")
        )
        if parsed.id is not None:
            current = needs.get(parsed.id)
            step.current = current.text if current else ""
            _plan_existing(
                step, current, stored.get(parsed.id), parsed.fields, parsed.delete, parsed.base_version
            )
        elif parsed.fields in stored.values():
            step.action = "unchanged"
        else:
            step.action = "create"
        planned.append(step)
    return planned


def plan_stakeholders(rows: list[StakeholderRow], stakeholders: dict[int, Stakeholder]) -> list[PlannedRow]:
    planned = []
    stored = {pk: {"name": s.name, "kind": s.kind, "how": s.how} for pk, s in stakeholders.items()}
    for parsed in rows:
        step = PlannedRow(
            STAKEHOLDERS,
            parsed.row,
            "update",
            parsed.fields["name"],
            source=parsed,
            yours=parsed.fields["name"],
        )
        if parsed.id is not None:
            current = stakeholders.get(parsed.id)
            step.current = current.name if current else ""
            _plan_existing(
                step, current, stored.get(parsed.id), parsed.fields, parsed.delete, parsed.base_version
            )
        elif parsed.fields in stored.values():
            step.action = "unchanged"
        else:
            step.action = "create"
        planned.append(step)
    return planned


@dataclass
class ImportResult:
    """The plan of an import (the preview) and, once applied, what was done."""

    rows: list[PlannedRow] = field(default_factory=list)
    applied: bool = False

    def counts(self, sheet: str) -> int:
        return sum(1 for r in self.rows if r.sheet == sheet and r.applied)

    @property
    def changes(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action != "unchanged" and not r.conflict]

    @property
    def conflicts(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.conflict]

    def choose(self, refs: Collection[str]) -> None:
        """Mark the rows to apply: every change, and the conflicts named in `refs`."""
        for row in self.rows:
            row.applied = row.action != "unchanged" and (not row.conflict or row.ref in refs)

    def summary(self) -> dict[str, Any]:
        """What the audit keeps: counts and which conflicts were applied or skipped (no confidential text)."""
        return {
            "answers": self.counts(ANSWERS),
            "needs": self.counts(NEEDS),
            "stakeholders": self.counts(STAKEHOLDERS),
            "conflicts_applied": sorted(r.ref for r in self.conflicts if r.applied),
            "conflicts_skipped": sorted(r.ref for r in self.conflicts if not r.applied),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "answers": self.counts(ANSWERS),
            "needs": self.counts(NEEDS),
            "stakeholders": self.counts(STAKEHOLDERS),
            "changes": [r.as_dict() for r in self.changes],
            "conflicts": [r.as_dict() for r in self.conflicts],
        }


def plan_import(checklist: Checklist, parsed: ParsedWorkbook) -> ImportResult:
    """Compare every parsed row with what is stored; call inside the import's transaction (rows are locked)."""
    questions = {q.code: q for q in Question.objects.filter(cycle_id=checklist.review.cycle_id)}
    answers = {
        a.question_id: a
        for a in Answer.objects.select_for_update(of=("self",))
        .filter(checklist=checklist)
        .select_related("updated_by")
    }
    needs = {
        n.pk: n
        for n in TANeed.objects.select_for_update(of=("self",))
        .filter(checklist=checklist)
        .select_related("article", "chapter", "updated_by")
        .prefetch_related("categories")
    }
    stakeholders = {
        s.pk: s
        for s in Stakeholder.objects.select_for_update(of=("self",))
        .filter(checklist=checklist)
        .select_related("created_by")
    }
    _forget_foreign_ids(parsed.needs, TANeed, checklist)
    _forget_foreign_ids(parsed.stakeholders, Stakeholder, checklist)
    return ImportResult(
        rows=plan_answers(parsed.answers, questions, answers)
        + plan_needs(parsed.needs, needs)
        + plan_stakeholders(parsed.stakeholders, stakeholders)
    )


def _forget_foreign_ids(rows: list[NeedRow] | list[StakeholderRow], model: Any, checklist: Checklist) -> None:
    """Rows exported from another answer (e.g. another review's) are new here, not conflicts."""
    ids = {r.id for r in rows if r.id is not None}
    foreign = set(model.objects.filter(pk__in=ids).exclude(checklist=checklist).values_list("pk", flat=True))
    for row in rows:
        if row.id in foreign:
            row.id, row.base_version = None, 0
