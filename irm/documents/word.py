"""Word documents in the UN format, from the templates in `word_templates/` (docs/apps/documents.md).

A template holds what an editor may change without touching code: A4 paper and margins, the masthead
(United Nations, the symbol, the body, distribution, date, language, original language), the symbol
in the header and the page number in the footer, and the named styles (Normal, Title, Heading 1–4,
Caption, Figure, Figure Note, Table Cell, Table Heading, UN Table, List Bullet, Label) with their
Latin, East Asian and complex-script fonts. Its Jinja fields (`{{ masthead.symbol }}`, `{{ title }}`,
`{{ subtitle }}`, the `front` lines) are filled by docxtpl; the body is written at the `{{ body }}`
paragraph with those named styles only (no direct formatting), so that the headings survive translation
and an editor's change of a style changes every document.

Fixed texts (masthead, headings, labels, captions) come from Django's gettext with the document's
language activated (`in_language`), whatever the language of the page that asked for it. Arabic
documents are laid out right to left (bidi paragraphs, sections and tables; Arabic runs marked rtl).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy, pgettext

from irm.core.i18n import LANGUAGE_NAMES

TEMPLATES = Path(__file__).resolve().parent / "word_templates"
DEFAULT_TEMPLATE = "un_document"
BODY_MARKER = "IRM-DOCUMENT-BODY"
#: Printed width of a figure on A4 with the template's margins (21 − 2 × 2.2 cm = 16.6 cm of text).
FIGURE_WIDTH_CM = 16.0

#: The platform's language codes (the column suffixes) → Django's and Word's.
DJANGO_LANGUAGES = {"en": "en", "zh": "zh-hans", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar"}
WORD_LANGUAGES = {"en": "en-GB", "zh": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "en-GB"}
RIGHT_TO_LEFT = {"ar"}
#: Children of a paragraph's properties that come after w:bidi (the schema's order).
AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
#: UN practice (seed S000's masthead: "Distr.: General / 30 January 2023 / Chinese / Original: English"):
#: the Chinese, Russian and Arabic versions print the distribution, date and languages in English; the
#: French and Spanish ones in their own language. "United Nations" and the body are always translated.
MASTHEAD_DETAILS_IN_ENGLISH = {"zh", "ru", "ar"}
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


class Distribution(models.TextChoices):
    GENERAL = "general", gettext_lazy("General")
    LIMITED = "limited", gettext_lazy("Limited")
    RESTRICTED = "restricted", gettext_lazy("Restricted")


@cache
def templates_version() -> str:
    """A hash of every template: a changed template makes every document a new content version."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.docx")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_path(name: str) -> Path:
    """A kind's own template (`<name>.docx`) where an editor made one, else the common UN document."""
    own = TEMPLATES / f"{name}.docx"
    return own if own.exists() else TEMPLATES / f"{DEFAULT_TEMPLATE}.docx"


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Django's translations in the document's language (a platform code: en, zh, fr, es, ru, ar)."""
    with translation.override(DJANGO_LANGUAGES.get(language, language)):
        yield


@dataclass(frozen=True)
class Masthead:
    """What the masthead says. `body` is already in the document's language."""

    symbol: str = ""
    distribution: str = Distribution.GENERAL
    date: date | None = None
    original: str = "en"
    body: str = ""


def long_date(value: date, language: str) -> str:
    """13 October 2023; in French 13 octobre 2023, in Chinese 2023年10月13日 (Django's formats)."""
    with in_language(language):
        return formats.date_format(value, "j F Y" if language == "en" else "DATE_FORMAT")


def masthead_context(masthead: Masthead, language: str) -> dict[str, str]:
    details = "en" if language in MASTHEAD_DETAILS_IN_ENGLISH else language
    with in_language(details):
        distribution = {
            Distribution.GENERAL: pgettext("UN masthead", "Distr.: General"),
            Distribution.LIMITED: pgettext("UN masthead", "Distr.: Limited"),
            Distribution.RESTRICTED: pgettext("UN masthead", "Distr.: Restricted"),
        }[Distribution(masthead.distribution)]
        language_line = str(LANGUAGE_NAMES[language])
        original = pgettext("UN masthead", "Original: %(language)s") % {
            "language": LANGUAGE_NAMES[masthead.original]
        }
    with in_language(language):
        united_nations = pgettext("UN masthead", "United Nations")
    if language in RIGHT_TO_LEFT:
        # English lines in a right-to-left document: embedded left to right, or "1 March 2023" reads "March 2023 1".
        distribution, language_line, original = (ltr(distribution), ltr(language_line), ltr(original))
    return {
        "united_nations": united_nations,
        "symbol": masthead.symbol,
        "body": masthead.body,
        "distribution": distribution,
        "date": (
            ltr(long_date(masthead.date, details))
            if language in RIGHT_TO_LEFT
            else long_date(masthead.date, details)
        )
        if masthead.date
        else "",
        "language": language_line,
        "original": original,
    }


def ltr(text: str) -> str:
    """Text embedded left to right (LRE … PDF) in a right-to-left paragraph."""
    return f"\u202a{text}\u202c" if text else text


class UnDocument:
    """A Word document made from a template: the masthead filled in, the body written with named styles."""

    def __init__(
        self,
        *,
        language: str,
        title: str,
        masthead: Masthead,
        subtitle: str = "",
        front: Iterable[str] = (),
        template: str = DEFAULT_TEMPLATE,
    ) -> None:
        from docxtpl import DocxTemplate

        self.language = language
        self.paragraph_no = 0
        self.figure_no = 0
        self.table_no = 0
        tpl = DocxTemplate(str(template_path(template)))
        context = {
            "masthead": masthead_context(masthead, language),
            "title": title,
            "subtitle": subtitle,
            "front": list(front),
            "body": BODY_MARKER,
        }
        tpl.render(context, autoescape=True)
        self.document = tpl.docx
        self._marker = next(p for p in self.document.paragraphs if p.text.strip() == BODY_MARKER)
        self._marker.text = ""
        core = self.document.core_properties
        core.title = title[:250]
        core.subject = masthead.symbol
        core.identifier = masthead.symbol
        core.language = language
        _set_language(self.document, language)

    # --- the body, in the template's named styles ---------------------------------------------------

    def paragraph(self, text: str = "", style: str = "Normal") -> Any:
        return self._marker.insert_paragraph_before(text, style=self.document.styles[style])

    def heading(self, text: str, level: int = 1) -> Any:
        return self.paragraph(text, style=f"Heading {level}")

    def numbered(self, text: str) -> Any:
        """A numbered paragraph, as in UN documents (1., 2., … through the document)."""
        self.paragraph_no += 1
        return self.paragraph(f"{self.paragraph_no}.\u00a0{text}")

    def bullet(self, text: str) -> Any:
        return self.paragraph(text, style="List Bullet")

    def labelled(self, label: str, text: str, style: str = "Normal") -> Any:
        """`label: text`, the label in the Label character style."""
        paragraph = self.paragraph(style=style)
        paragraph.add_run(f"{label}: ", style=self.document.styles["Label"])
        paragraph.add_run(text)
        return paragraph

    def table_caption(self, caption: str) -> None:
        self.table_no += 1
        with in_language(self.language):
            label = pgettext("document caption", "Table %(number)s") % {"number": self.table_no}
        self.paragraph(f"{label}\n{caption}", style="Caption")

    def table(
        self, header: list[str] | None, rows: Iterable[Iterable[Any]], caption: str | None = None
    ) -> Any:
        """A table in the UN Table style whose header row repeats on every page and whose rows never split."""
        from docx.oxml import OxmlElement

        if caption:
            self.table_caption(caption)
        body = [[str(value) for value in row] for row in rows]
        lines = [header, *body] if header else body
        table = self.document.add_table(rows=len(lines), cols=len(lines[0]) if lines else 1)
        table.style = self.document.styles["UN Table"]
        for r, values in enumerate(lines):
            row = table.rows[r]
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            is_header = bool(header) and r == 0
            if is_header:
                tr_pr.append(OxmlElement("w:tblHeader"))
            for cell, value in zip(row.cells, values, strict=True):
                cell.paragraphs[0].style = self.document.styles[
                    "Table Heading" if is_header else "Table Cell"
                ]
                cell.paragraphs[0].text = value
        self._marker._p.addprevious(table._tbl)
        # A paragraph between two tables keeps Word from joining them.
        self.paragraph(style="Normal")
        return table

    def caption(self, text: str) -> Any:
        """An unnumbered caption (e.g. "Data of figure I" above the table of a figure's data)."""
        return self.paragraph(text, style="Caption")

    def figure(self, png: bytes, caption: str, *, note: str = "") -> None:
        """Figure N and its caption, the picture, and a note: kept on one page (keep with next)."""
        from docx.shared import Cm

        self.figure_no += 1
        with in_language(self.language):
            label = pgettext("document caption", "Figure %(number)s") % {"number": self.figure_label()}
        self.paragraph(f"{label}\n{caption}", style="Caption")
        picture = self.paragraph(style="Figure")
        picture.add_run().add_picture(io.BytesIO(png), width=Cm(FIGURE_WIDTH_CM))
        if note:
            self.paragraph(note, style="Figure Note")
        else:
            picture.paragraph_format.keep_with_next = False

    def figure_label(self) -> str:
        from irm.core.numerals import to_roman, zh_number

        return zh_number(self.figure_no) if self.language == "zh" else to_roman(self.figure_no)

    def save(self) -> bytes:
        marker = self._marker._p
        marker.getparent().remove(marker)
        if self.language in RIGHT_TO_LEFT:
            right_to_left(self.document)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


# --- languages and direction ------------------------------------------------------------------------


def _defaults(document: Any, kind: str) -> Any:
    """docDefaults/rPrDefault/rPr or pPrDefault/pPr of the document's styles, made when missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    outer_tag, inner_tag = ("w:rPrDefault", "w:rPr") if kind == "r" else ("w:pPrDefault", "w:pPr")
    outer = defaults.find(qn(outer_tag))
    if outer is None:
        outer = OxmlElement(outer_tag)
        if kind == "r":
            defaults.insert(0, outer)
        else:
            defaults.append(outer)
    inner = outer.find(qn(inner_tag))
    if inner is None:
        inner = OxmlElement(inner_tag)
        outer.append(inner)
    return inner


def _set_language(document: Any, language: str) -> None:
    """The proofing languages of the three script slots."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = _defaults(document, "r")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), WORD_LANGUAGES.get(language, "en-GB"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _insert_before(parent: Any, element: Any, *tags: str) -> None:
    """Put `element` before the first child named in `tags` (the schema's order), else at the end."""
    from docx.oxml.ns import qn

    for child in parent:
        if child.tag in {qn(t) for t in tags}:
            child.addprevious(element)
            return
    parent.append(element)


def right_to_left(document: Any) -> None:
    """Arabic: paragraphs, sections (body, headers, footers) and tables right to left; Arabic runs rtl."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = _defaults(document, "p")
    if ppr.find(qn("w:bidi")) is None:
        _insert_before(ppr, OxmlElement("w:bidi"), *AFTER_BIDI)
    parts = [document.element]
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            parts.append(part._element)
    for root in parts:
        for sect_pr in root.iter(qn("w:sectPr")):
            if sect_pr.find(qn("w:bidi")) is None:
                _insert_before(
                    sect_pr, OxmlElement("w:bidi"), "w:rtlGutter", "w:docGrid", "w:printerSettings"
                )
        for tbl_pr in root.iter(qn("w:tblPr")):
            if tbl_pr.find(qn("w:bidiVisual")) is None:
                _insert_before(
                    tbl_pr,
                    OxmlElement("w:bidiVisual"),
                    "w:tblStyleRowBandSize",
                    "w:tblStyleColBandSize",
                    "w:tblW",
                    "w:jc",
                    "w:tblCellSpacing",
                    "w:tblInd",
                    "w:tblBorders",
                    "w:shd",
                    "w:tblLayout",
                    "w:tblCellMar",
                    "w:tblLook",
                )
        for paragraph in root.iter(qn("w:p")):
            # An explicit paragraph direction in the template would win over the default: set it here too.
            p_pr = paragraph.find(qn("w:pPr"))
            if p_pr is not None and p_pr.find(qn("w:bidi")) is None and p_pr.find(qn("w:jc")) is not None:
                _insert_before(p_pr, OxmlElement("w:bidi"), *AFTER_BIDI)
        for run in root.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if not ARABIC.search(text):
                continue
            r_pr = run.find(qn("w:rPr"))
            if r_pr is None:
                r_pr = OxmlElement("w:rPr")
                run.insert(0, r_pr)
            if r_pr.find(qn("w:rtl")) is None:
                _insert_before(r_pr, OxmlElement("w:rtl"), "w:cs", "w:em", "w:lang", "w:eastAsianLayout")
