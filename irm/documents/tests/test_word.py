"""Word documents in the UN format (issue 18 §2): A4, the masthead, page numbers, named styles with the
Chinese and Arabic font slots, repeated table headers, captions kept with their figures, right to left
for Arabic, and fixed texts in the document's language through gettext."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml

from irm.documents.word import TEMPLATES, Distribution, Masthead, UnDocument, masthead_context

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def png() -> bytes:
    from irm.core.charts import new_figure, render

    figure = new_figure(2, 1)
    figure.add_subplot(1, 1, 1).bar([1, 2], [3, 4])
    return render(figure, "png")


def style_name(block: Any) -> str:
    """The name of a paragraph's or a table's style (python-docx types the style as optional)."""
    assert block.style is not None, "no style"
    return block.style.name


def parts(docx: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {
            name: parse_xml(archive.read(name))
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


def assert_un_format(docx: bytes, *, symbol: str, distribution: str = "Distr.: General") -> str:
    """A4, the masthead, the symbol in the header, the page number in the footer; returns the text."""
    xml = parts(docx)
    body = xml["word/document.xml"]
    for size in body.iter(f"{W}pgSz"):
        assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4 in twentieths of a point
    footers = [root for name, root in xml.items() if name.startswith("word/footer")]
    instructions = [t.text.strip() for root in footers for t in root.iter(f"{W}instrText")]
    assert "PAGE" in instructions
    headers = ["".join(t.text or "" for t in root.iter(f"{W}t")) for n, root in xml.items() if "header" in n]
    assert symbol in headers
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    masthead = "".join(t.text or "" for t in next(body.iter(f"{W}tbl")).iter(f"{W}t"))
    assert "United Nations" in masthead and symbol in masthead and distribution in masthead
    return text


@pytest.fixture
def document():
    document = UnDocument(
        language="en",
        title="A title",
        masthead=Masthead(
            symbol="CAC/COSP/2023/4", date=date(2023, 10, 13), body="Conference of the States Parties"
        ),
    )
    document.heading("Introduction")
    document.numbered("First paragraph.")
    document.table(["Region", "Needs"], [["Africa", 10], ["Asia", 5]], caption="Needs by region")
    document.figure(png(), "Needs by region", note="Source: executive summaries.")
    return document.save()


def test_the_template_is_a4_with_page_numbers_and_the_three_font_slots():
    template = (TEMPLATES / "un_document.docx").read_bytes()
    xml = parts(template)
    styles = xml["word/styles.xml"]
    fonts = {
        style.find(f"{W}name").get(f"{W}val"): style.find(f"{W}rPr/{W}rFonts")
        for style in styles.iter(f"{W}style")
        if style.find(f"{W}rPr/{W}rFonts") is not None
    }
    for name in ("Normal", "Title", "heading 1", "heading 2", "heading 3", "caption"):
        slots = fonts[name]
        assert slots.get(f"{W}eastAsia") == "Noto Sans CJK SC", name
        assert slots.get(f"{W}cs") == "Noto Naskh Arabic", name
        assert slots.get(f"{W}asciiTheme") is None, name  # a theme font would win over the named one
    table = xml["word/fontTable.xml"]
    alternatives = {f.get(f"{W}name"): f.find(f"{W}altName") for f in table.iter(f"{W}font")}
    assert alternatives["Noto Sans CJK SC"].get(f"{W}val") == "SimSun"
    assert alternatives["Noto Naskh Arabic"] is not None


def test_a_document_is_a4_with_masthead_page_numbers_and_named_styles_only(document):
    text = assert_un_format(document, symbol="CAC/COSP/2023/4")
    assert (
        "13 October 2023" in text
        and "Original: English" in text
        and "Conference of the States Parties" in text
    )
    doc = Document(io.BytesIO(document))
    styles = {style_name(p) for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Caption", "Figure", "Figure Note"} <= styles
    # No direct formatting in the body: runs carry no size, font or bold of their own.
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert run.font.size is None and run.font.name is None and run.bold is None
    assert "1.\u00a0First paragraph." in [p.text for p in doc.paragraphs]


def test_tables_repeat_their_header_row_and_captions_keep_with_their_figure(document):
    doc = Document(io.BytesIO(document))
    table = doc.tables[-1]
    assert style_name(table) == "UN Table"
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(f"{W}tblHeader") is not None
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows)
    captions = [p for p in doc.paragraphs if style_name(p) == "Caption"]
    assert [c.text for c in captions] == ["Table 1\nNeeds by region", "Figure I\nNeeds by region"]
    assert doc.styles["Caption"].paragraph_format.keep_with_next
    figure = next(p for p in doc.paragraphs if style_name(p) == "Figure")
    assert figure.paragraph_format.keep_with_next or doc.styles["Figure"].paragraph_format.keep_with_next
    assert doc.styles["Heading 1"].paragraph_format.keep_with_next


def test_distribution_limited_and_restricted():
    for distribution, text in (
        (Distribution.LIMITED, "Distr.: Limited"),
        (Distribution.RESTRICTED, "Distr.: Restricted"),
    ):
        context = masthead_context(
            Masthead(symbol="X", distribution=distribution, date=date(2024, 1, 2)), "en"
        )
        assert context["distribution"] == text and context["date"] == "2 January 2024"


def test_the_masthead_follows_the_documents_language_in_all_six(document_translations):
    masthead = Masthead(symbol="CAC/COSP/IRG/2023/2", date=date(2023, 10, 13), original="en")
    shown = {
        language: masthead_context(masthead, language) for language in ("en", "fr", "es", "ru", "zh", "ar")
    }
    assert shown["en"]["united_nations"] == "United Nations"
    assert (
        shown["fr"]["united_nations"] == "Nations Unies" and shown["fr"]["distribution"] == "Distr. générale"
    )
    assert shown["fr"]["date"] == "13 octobre 2023" and shown["fr"]["original"].startswith("Original : ")
    assert (
        shown["es"]["united_nations"] == "Naciones Unidas" and shown["es"]["distribution"] == "Distr. general"
    )
    assert shown["ru"]["united_nations"] == "Организация Объединенных Наций"
    assert shown["zh"]["united_nations"] == "联合国"
    assert shown["ar"]["united_nations"] == "الأمم المتحدة"
    # UN practice (seed S000): the Chinese, Russian and Arabic versions print these lines in English.
    assert shown["zh"]["distribution"] == "Distr.: General" and shown["zh"]["original"] == "Original: English"
    assert shown["ru"]["date"] == "13 October 2023"
    assert "Distr.: General" in shown["ar"]["distribution"] and "13 October 2023" in shown["ar"]["date"]


def test_without_translations_the_masthead_falls_back_to_english():
    context = masthead_context(Masthead(symbol="X", date=date(2023, 1, 5)), "ar")
    assert context["united_nations"] in ("United Nations", "الأمم المتحدة")


def test_an_arabic_document_is_laid_out_right_to_left(document_translations):
    document = UnDocument(
        language="ar",
        title="خلاصة وافية",
        masthead=Masthead(symbol="CAC/COSP/2023/4", date=date(2023, 10, 13)),
    )
    document.heading("مقدمة")
    document.table(["المنطقة", "الاحتياجات"], [["أفريقيا", 10]])
    xml = parts(document.save())
    styles, body = xml["word/styles.xml"], xml["word/document.xml"]
    assert styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}bidi") is not None
    assert all(s.find(f"{W}bidi") is not None for s in body.iter(f"{W}sectPr"))
    assert all(t.find(f"{W}bidiVisual") is not None for t in body.iter(f"{W}tblPr"))
    arabic_runs = [r for r in body.iter(f"{W}r") if "مقدمة" in "".join(t.text or "" for t in r.iter(f"{W}t"))]
    assert arabic_runs and all(r.find(f"{W}rPr/{W}rtl") is not None for r in arabic_runs)
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert "الأمم المتحدة" in text
