"""Word and Excel files of an answer: export (docx, xlsx) and parsing of an xlsx for import.

The xlsx has three sheets with a header row each:
- "Answers": article, code, kind, question, answer, table  (table: rows on lines, cells split by " | ")
- "Needs": article, chapter, text, categories (codes separated by ";"), priority, receiving_assistance
  (yes/no), assistance_from
- "Stakeholders": name, kind, how
Answers hold codes (status: fully/partly/not/na; yes_no: yes/no; choice: the choice's value).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from irm.checklists.models import (
    Checklist,
    ImplementationStatus,
    Priority,
    Question,
    QuestionKind,
    Stakeholder,
)
from irm.checklists.selectors import display_value, questions_of
from irm.core.tabular import SheetOut, read_workbook, write_xlsx

ANSWER_COLUMNS = ["article", "code", "kind", "question", "answer", "table"]
NEED_COLUMNS = [
    "article",
    "chapter",
    "text",
    "categories",
    "priority",
    "receiving_assistance",
    "assistance_from",
]
STAKEHOLDER_COLUMNS = ["name", "kind", "how"]
CELL_SEPARATOR = " | "


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


def xlsx_bytes(checklist: Checklist, data: dict[str, Any]) -> bytes:
    language = data.get("language") or checklist.language
    answers = []
    for question in questions_of(checklist):
        if question.kind == QuestionKind.ATTACHMENTS:
            continue
        number = str(question.article.number)
        answer = data.get("articles", {}).get(number, {}).get("answers", {}).get(question.code)
        value = answer.get("value") if answer else None
        cell, table = "", ""
        if question.kind == QuestionKind.EXAMPLES and isinstance(value, dict):
            cell = value.get("cases") or ""
            table = "\n".join(CELL_SEPARATOR.join(str(c) for c in row) for row in value.get("table") or [])
        elif value is not None:
            cell = str(value)
        answers.append(
            [question.article.number, question.code, question.kind, question.text_in(language), cell, table]
        )
    needs = [
        [
            need.get("article"),
            need.get("chapter"),
            need["text"],
            ";".join(need["categories"]),
            need["priority"],
            "yes" if need["receiving_assistance"] else "no",
            need["assistance_from"],
        ]
        for need in data.get("needs", [])
    ]
    stakeholders = [[s["name"], s["kind"], s["how"]] for s in data.get("stakeholders", [])]
    return write_xlsx(
        [
            SheetOut("Answers", ANSWER_COLUMNS, answers),
            SheetOut("Needs", NEED_COLUMNS, needs),
            SheetOut("Stakeholders", STAKEHOLDER_COLUMNS, stakeholders),
        ]
    )


@dataclass
class ParsedWorkbook:
    answers: dict[str, Any] = field(default_factory=dict)  # code -> value (None clears)
    needs: list[dict[str, Any]] = field(default_factory=list)
    stakeholders: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append({"sheet": sheet, "row": row, "column": column, "message": message})


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def parse_xlsx(checklist: Checklist, content: bytes, filename: str = "checklist.xlsx") -> ParsedWorkbook:
    """Read and validate every cell; collects all errors (sheet, row, column) instead of stopping.

    The file goes through the one bounded reader (`irm.core.tabular`): a file over a limit, or not a
    workbook, raises InvalidInput before anything is parsed.
    """
    parsed = ParsedWorkbook()
    expected = {"Answers": ANSWER_COLUMNS, "Needs": NEED_COLUMNS, "Stakeholders": STAKEHOLDER_COLUMNS}
    tables = read_workbook(content, filename, sheets=list(expected))
    questions: dict[str, Question] = {q.code: q for q in questions_of(checklist)}
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for name, columns in expected.items():
        if name not in tables:
            parsed.error(name, 0, "", f"The sheet {name!r} is missing.")
            continue
        missing = [c for c in columns if c not in tables[name].header]
        if missing:
            parsed.error(name, 1, ", ".join(missing), "Missing columns.")
            continue
        rows[name] = tables[name].rows
    statuses = set(ImplementationStatus.values)
    for number, row in rows.get("Answers", []):
        code = row["code"]
        question = questions.get(code)
        if question is None:
            parsed.error("Answers", number, "code", f"Unknown question {code!r} for this cycle.")
            continue
        if question.kind == QuestionKind.ATTACHMENTS:
            parsed.error("Answers", number, "code", "Attachments cannot be imported; upload them.")
            continue
        raw = row["answer"]
        value: Any = raw or None
        if question.kind == QuestionKind.STATUS and raw and raw not in statuses:
            parsed.error("Answers", number, "answer", f"Use one of {', '.join(sorted(statuses))}.")
        elif question.kind == QuestionKind.YES_NO and raw and raw.lower() not in {"yes", "no"}:
            parsed.error("Answers", number, "answer", "Use yes or no.")
        elif question.kind == QuestionKind.YES_NO and raw:
            value = raw.lower()
        elif (
            question.kind == QuestionKind.CHOICE and raw and raw not in {c["value"] for c in question.choices}
        ):
            parsed.error(
                "Answers",
                number,
                "answer",
                f"Use one of {', '.join(c['value'] for c in question.choices)}.",
            )
        elif question.kind == QuestionKind.EXAMPLES:
            table_text = row["table"]
            table = [line.split(CELL_SEPARATOR.strip()) for line in table_text.splitlines() if line.strip()]
            table = [[cell.strip() for cell in line] for line in table]
            value = {"cases": raw, "table": table} if raw or table else None
        if code in parsed.answers:
            parsed.error("Answers", number, "code", f"The question {code!r} appears twice.")
        parsed.answers[code] = value
    articles = {q.article.number for q in questions.values()}
    chapters = set(checklist.review.cycle.chapters.values_list("number", flat=True))
    categories = set(checklist.review.cycle.ta_categories.values_list("code", flat=True))
    for number, row in rows.get("Needs", []):
        try:
            article, chapter = _int_or_none(row["article"]), _int_or_none(row["chapter"])
        except ValueError:
            parsed.error("Needs", number, "article", "Article and chapter must be numbers.")
            continue
        if article is not None and article not in articles:
            parsed.error("Needs", number, "article", f"Article {article} is not reviewed in this cycle.")
        if chapter is not None and chapter not in chapters:
            parsed.error("Needs", number, "chapter", f"Chapter {chapter} is not reviewed in this cycle.")
        if article is not None and chapter is not None:
            parsed.error("Needs", number, "chapter", "Give an article or a chapter, not both.")
        codes = [c.strip() for c in row["categories"].split(";") if c.strip()]
        unknown = [c for c in codes if c not in categories]
        if unknown:
            parsed.error("Needs", number, "categories", f"Unknown categories: {', '.join(unknown)}.")
        if not codes:
            parsed.error("Needs", number, "categories", "Give at least one category.")
        text = row["text"]
        if not text:
            parsed.error("Needs", number, "text", "The need is empty.")
        priority = row["priority"].lower() or Priority.MEDIUM
        if priority not in Priority.values:
            parsed.error("Needs", number, "priority", f"Use one of {', '.join(Priority.values)}.")
        receiving = row["receiving_assistance"].lower()
        if receiving not in {"", "yes", "no"}:
            parsed.error("Needs", number, "receiving_assistance", "Use yes or no.")
        parsed.needs.append(
            {
                "article": article,
                "chapter": chapter,
                "text": text,
                "categories": codes,
                "priority": priority,
                "receiving_assistance": receiving == "yes",
                "assistance_from": row["assistance_from"],
            }
        )
    for number, row in rows.get("Stakeholders", []):
        kind = row["kind"] or Stakeholder.Kind.OTHER
        if kind not in Stakeholder.Kind.values:
            parsed.error("Stakeholders", number, "kind", f"Use one of {', '.join(Stakeholder.Kind.values)}.")
        if not row["name"]:
            parsed.error("Stakeholders", number, "name", "The name is empty.")
        parsed.stakeholders.append({"name": row["name"], "kind": kind, "how": row["how"]})
    return parsed
