"""The checklist workbook (XLSX) imported: read and planned by `irm.checklists.imports`, applied here."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import transaction

from irm.checklists import imports, permissions
from irm.checklists.answers import clean_value as _clean_value
from irm.checklists.imports import ImportResult
from irm.checklists.models import (
    Answer,
    Checklist,
    Question,
    Stakeholder,
    TANeed,
)
from irm.checklists.selectors import articles_of
from irm.checklists.services._common import _lock_checklist, _reopen_article_decision, _require_draft
from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, PermissionDenied
from irm.search.services import request_reindex

# --- import ---------------------------------------------------------------------------------------


def import_checklist_xlsx(
    *,
    actor: Any,
    checklist: Checklist,
    content: bytes,
    filename: str = "checklist.xlsx",
    apply_conflicts: Collection[str] = (),
    dry_run: bool = False,
) -> ImportResult:
    """Import a workbook of `documents.xlsx_bytes`; never overwrites work done since the export.

    Read and checked before the transaction opens (all cell errors together: InvalidInput "import_errors",
    nothing changes); then, under the checklist's lock, rows are compared with what is stored
    (`imports.plan_import`): changes are applied; conflicts (changed or deleted since the export) only
    when named in `apply_conflicts` ("Answers:12", "Needs:3"). `dry_run` returns the preview only.
    """
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point imports an answer.")
    parsed = imports.parse_workbook(checklist, content, filename)
    if parsed.errors:
        raise InvalidInput(
            f"The workbook has {len(parsed.errors)} error(s); nothing was imported.",
            code="import_errors",
            details={"errors": parsed.errors},
        )
    with transaction.atomic():
        checklist = _lock_checklist(checklist, exclusive=True)
        _require_draft(checklist)
        result = imports.plan_import(checklist, parsed)
        result.choose(apply_conflicts)
        if dry_run:
            return result
        _apply_import(actor, checklist, result)
        result.applied = True
        record_event(actor=actor, action="checklists.imported", obj=checklist, after=result.summary())
    return result


def _apply_import(actor: Any, checklist: Checklist, result: ImportResult) -> None:
    questions = {q.code: q for q in Question.objects.filter(cycle_id=checklist.review.cycle_id)}
    scope = {
        "articles": {a.number: a for a in articles_of(checklist)},
        "chapters": {c.number: c for c in checklist.review.cycle.chapters.all()},
        "categories": {c.code: c for c in checklist.review.cycle.ta_categories.all()},
    }
    request_reindex(kind="checklist", object_ids=[checklist.pk])
    for row in (r for r in result.rows if r.applied):
        if row.sheet == imports.ANSWERS:
            _import_answer(actor, checklist, questions[row.source.code], row)
        elif row.sheet == imports.NEEDS:
            _import_need(actor, checklist, row, scope)
        else:
            _import_stakeholder(actor, checklist, row)


def _import_answer(actor: Any, checklist: Checklist, question: Question, row: imports.PlannedRow) -> None:
    value = _clean_value(question, row.source.value)
    answer = row.target
    if answer is None:
        Answer.objects.create(checklist=checklist, question=question, value=value, updated_by=actor)
    else:
        _next_version(answer, value=value, carried_over=False, updated_by=actor)
    _reopen_article_decision(checklist, question.article_id)


def _import_need(actor: Any, checklist: Checklist, row: imports.PlannedRow, scope: dict[str, Any]) -> None:
    need = row.target
    if row.action == "delete":
        need.delete()
        return
    fields = dict(row.source.fields)
    categories = [scope["categories"][c] for c in fields.pop("categories")]
    fields["article"] = scope["articles"].get(fields["article"]) if fields["article"] else None
    fields["chapter"] = scope["chapters"].get(fields["chapter"]) if fields["chapter"] else None
    if need is None:
        need = TANeed.objects.create(checklist=checklist, updated_by=actor, **fields)
    else:
        _next_version(need, **fields, carried_over=False, updated_by=actor)
    need.categories.set(categories)


def _import_stakeholder(actor: Any, checklist: Checklist, row: imports.PlannedRow) -> None:
    stakeholder = row.target
    if row.action == "delete":
        stakeholder.delete()
    elif stakeholder is None:
        Stakeholder.objects.create(checklist=checklist, created_by=actor, **row.source.fields)
    else:
        _next_version(stakeholder, **row.source.fields)


def _next_version(obj: Answer | TANeed | Stakeholder, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version += 1
    obj.save()
