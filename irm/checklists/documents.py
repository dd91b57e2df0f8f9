"""Word and Excel files of an answer (the Excel workbook is read back by `imports.py`).

The xlsx has three sheets with a header row each:
- "Answers": article, code, kind, question, answer, table, version  (table: rows on lines, cells split
  by " | "; version: the answer's version when exported)
- "Needs": id, version, article, chapter, text, categories (codes separated by ";"), priority,
  receiving_assistance (yes/no), assistance_from, delete
- "Stakeholders": id, version, name, kind, how, delete
Answers hold codes (status: fully/partly/not/na; yes_no: yes/no; choice: the choice's value).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from irm.checklists.imports import ANSWER_COLUMNS, CELL_SEPARATOR, NEED_COLUMNS, STAKEHOLDER_COLUMNS
from irm.checklists.models import (
    Checklist,
    QuestionKind,
)
from irm.checklists.selectors import display_value, questions_of
from irm.core.tabular import SheetOut, write_xlsx


def docx_bytes(checklist: Checklist, data: dict[str, Any], *, title_suffix: str = "") -> bytes:
    """The answer (a snapshot) as a Word document, in the language it was written in."""
    from docx import Document

    language = data.get("language") or checklist.language
    review = checklist.review
    with translation.override(language):
        document = Document()
        document.add_heading(
            _("Self-assessment checklist: %(state)s") % {"state": review.state.name}, level=0
        )
        document.add_paragraph(f"{review.cycle.name}{title_suffix}")
        current_article = None
        for question in questions_of(checklist):
            number = str(question.article.number)
            entry = data.get("articles", {}).get(number, {})
            if question.article.number != current_article:
                current_article = question.article.number
                document.add_heading(
                    f"{_('Article')} {number}. {question.article.title}",
                    level=1,
                )
            if question.kind == QuestionKind.ATTACHMENTS:
                files = [
                    a["filename"] for a in entry.get("attachments", []) if a["question"] == question.code
                ]
                if files:
                    document.add_paragraph(question.text_in(language), style="Heading 3")
                    for name in files:
                        document.add_paragraph(name, style="List Bullet")
                continue
            answer = entry.get("answers", {}).get(question.code)
            if answer is None:
                continue
            document.add_paragraph(question.text_in(language), style="Heading 3")
            value = answer.get("value")
            if question.kind == QuestionKind.EXAMPLES and isinstance(value, dict):
                if value.get("cases"):
                    document.add_paragraph(value["cases"])
                rows = value.get("table") or []
                if rows:
                    width = max(len(r) for r in rows)
                    table = document.add_table(rows=len(rows), cols=width)
                    table.style = "Table Grid"
                    for i, row in enumerate(rows):
                        for j, cell in enumerate(row):
                            table.cell(i, j).text = str(cell)
            else:
                document.add_paragraph(display_value(question, value, language))
        document.add_heading(_("Technical-assistance needs"), level=1)
        for need in data.get("needs", []):
            where = (
                f"{_('Article')} {need['article']}"
                if need.get("article")
                else (f"{_('Chapter')} {need['chapter']}" if need.get("chapter") else _("General"))
            )
            document.add_paragraph(
                f"{where}: {need['text']} ({', '.join(need['categories'])}; {need['priority']})",
                style="List Bullet",
            )
        document.add_heading(_("Stakeholders consulted"), level=1)
        for stakeholder in data.get("stakeholders", []):
            document.add_paragraph(
                f"{stakeholder['name']} ({stakeholder['kind']}): {stakeholder['how']}", style="List Bullet"
            )
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def xlsx_bytes(
    checklist: Checklist, data: dict[str, Any], *, versions: dict[str, int] | None = None
) -> bytes:
    """The answer as a workbook that can be imported back (see `imports.py`).

    Every row carries the version it was exported with, so that an import can tell what changed since:
    `versions` (question code → version) are the stored ones for a live export (answers cleared since
    included); a submitted version's rows carry the versions of its snapshot.
    """
    language = data.get("language") or checklist.language
    answers = []
    for question in questions_of(checklist):
        if question.kind == QuestionKind.ATTACHMENTS:
            continue
        number = str(question.article.number)
        answer = data.get("articles", {}).get(number, {}).get("answers", {}).get(question.code)
        value = answer.get("value") if answer else None
        version = (versions or {}).get(question.code) or (answer.get("version") if answer else None) or ""
        cell, table = "", ""
        if question.kind == QuestionKind.EXAMPLES and isinstance(value, dict):
            cell = value.get("cases") or ""
            table = "\n".join(CELL_SEPARATOR.join(str(c) for c in row) for row in value.get("table") or [])
        elif value is not None:
            cell = str(value)
        answers.append(
            [
                question.article.number,
                question.code,
                question.kind,
                question.text_in(language),
                cell,
                table,
                version,
            ]
        )
    needs = [
        [
            need.get("id"),
            need.get("version"),
            need.get("article"),
            need.get("chapter"),
            need["text"],
            ";".join(need["categories"]),
            need["priority"],
            "yes" if need["receiving_assistance"] else "no",
            need["assistance_from"],
            "",
        ]
        for need in data.get("needs", [])
    ]
    stakeholders = [
        [s.get("id"), s.get("version"), s["name"], s["kind"], s["how"], ""]
        for s in data.get("stakeholders", [])
    ]
    return write_xlsx(
        [
            SheetOut("Answers", ANSWER_COLUMNS, answers),
            SheetOut("Needs", NEED_COLUMNS, needs),
            SheetOut("Stakeholders", STAKEHOLDER_COLUMNS, stakeholders),
        ]
    )
