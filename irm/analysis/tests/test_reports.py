"""The Word report (English and Chinese): numbered sections, six figures, tables equal to the JSON."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from irm.analysis import charts, reports
from irm.analysis.selectors import NeedsFilter
from irm.core.exceptions import InvalidInput

AS_OF = date(2023, 9, 15)
SINCE = date(2021, 9, 15)


@pytest.fixture
def data(needs_data):
    return reports.needs_report_data(NeedsFilter(cycle=2, as_of=AS_OF, since=SINCE))


def captioned_tables(blob: bytes) -> list[tuple[str, list[list[str]]]]:
    """(caption above the table, rows) in document order."""
    document = Document(io.BytesIO(blob))
    out, caption = [], ""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, document)
            if p.style is not None and p.style.name == "Caption":
                caption = p.text
        elif child.tag.endswith("}tbl"):
            table = Table(child, document)
            out.append((caption, [[c.text for c in row.cells] for row in table.rows]))
    return out


@pytest.fixture(autouse=True)
def _translations(document_translations):
    """The figure and table labels come from gettext in the report's language."""


def text_of(blob: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(blob)).paragraphs)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_report_has_six_figures_numbered_sections_and_the_counting_rules(data, language):
    blob = reports.needs_docx(data, language)
    document = Document(io.BytesIO(blob))
    assert len(document.inline_shapes) == 6
    headings = [p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading 1")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV"]
    text = text_of(blob)
    if language == "en":
        assert (
            "Of the 4 States that completed their executive summary, 3 (75%) identified 7 individual" in text
        )
        assert (
            "Since 15 September 2021, 2 more States completed their executive summary, of which 2 identified a total of 4 needs."
            in text
        )
        assert "counted once under each article" in text
        assert "Article 5 is the article with the most needs (2 needs identified by 2 States)" in text
    else:
        assert "在完成执行摘要的 4 个国家中，有 3 个国家（75%）确定了 7 项单项技术援助需求。" in text
        assert (
            "自2021年9月15日以来，又有 2 个国家完成了执行摘要，其中 2 个国家确定了总共 4 项技术援助需求。"
            in text
        )
        assert "第五条是需求数量最多的条款（2 个国家确定了 2 项需求）" in text
        assert "图一" in text and "非洲国家" in text


@pytest.mark.parametrize("language", ["en", "zh"])
def test_report_tables_and_figure_data_match_the_json(data, language):
    main = data["main"]
    tables = captioned_tables(reports.needs_docx(data, language))
    by_caption = dict(tables)
    expected = reports.needs_tables(main, language)
    for title, header, rows in expected:
        caption = next(c for c in by_caption if c.endswith(title))
        assert by_caption[caption] == [header] + [[str(v) for v in r] for r in rows]
    # Figure data tables: chapter II articles, regions, categories equal the JSON rows.
    figure_tables = [
        rows for caption, rows in tables if caption and ("Data of figure" in caption or "的数据" in caption)
    ]
    assert len(figure_tables) == 6
    regions = figure_tables[2][1:]
    assert [int(r[2]) for r in regions] == [r["states_with_executive_summary"] for r in main["by_region"]]
    assert [int(r[3]) for r in regions] == [r["states_with_needs"] for r in main["by_region"]]
    chapter2 = figure_tables[4][1:]
    assert [(int(r[1]), int(r[2])) for r in chapter2] == [
        (r["needs"], r["states"]) for r in main["by_article"] if r["chapter"] == 2
    ]
    two_dates = figure_tables[1][1:]
    assert {(r[0], int(r[2])) for r in two_dates} >= {("2023-09-15", 4), ("2021-09-15", 1)}


def test_figures_render_as_svg_and_png_with_chinese_labels(data):
    for chart in charts.all_figures(data, "zh"):
        assert chart.render("svg").startswith(b"<?xml")
    chart = charts.figure_regions(data, "zh")
    assert "非洲国家" in chart.rows[0][0]
    assert chart.render("png").startswith(b"\x89PNG")


def test_csv_and_xlsx_hold_the_json_numbers(data):
    csv_text = reports.needs_csv(data["main"])
    assert "article,5,2,2,0.2857" in csv_text
    assert reports.needs_xlsx(data["main"]).startswith(b"PK")


def test_reports_only_in_english_and_chinese(data):
    with pytest.raises(InvalidInput):
        reports.needs_docx(data, "fr")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_chart_labels_are_at_least_8_pt_at_print_size(data, language):
    """Each figure is printed 16 cm wide: every text of it, scaled to that width, is 8 pt or more."""
    import struct

    from matplotlib.text import Text

    from irm.core.charts import MIN_PRINT_PT, render
    from irm.documents.word import FIGURE_WIDTH_CM

    for chart in charts.all_figures(data, language):
        figure = chart.draw()
        png = render(figure, "png")
        width_px = struct.unpack(">I", png[16:20])[0]  # the PNG header's width
        scale = (FIGURE_WIDTH_CM / 2.54) / (width_px / figure.dpi)
        sizes = [
            t.get_fontsize() * scale for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()
        ]
        assert sizes and min(sizes) >= MIN_PRINT_PT, (chart.key, min(sizes))
