"""Thematic reports and regional supplements: counts per article, cross-cutting articles, themes."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document

from irm.analysis import reports
from irm.analysis.selectors import thematic
from irm.analysis.tests.conftest import make_finding
from irm.analysis.themes import find_themes
from irm.findings.models import FindingType

AS_OF = date(2023, 9, 15)
C, R, G = FindingType.CHALLENGE, FindingType.RECOMMENDATION, FindingType.GOOD_PRACTICE


@pytest.fixture
def findings(needs_data):
    ken, nga, chn = needs_data["ken"], needs_data["nga"], needs_data["chn"]
    from irm.reviews.models import Review

    fra = Review.objects.get(cycle__number=2, state__iso3="FRA")
    make_finding(ken, kind=C, articles=(52,), text="Asset declarations of public officials are not verified")
    make_finding(
        ken, kind=C, articles=(52,), text="No system to verify the asset declarations of public officials"
    )
    make_finding(ken, kind=R, articles=(52,), text="Verify asset declarations")
    make_finding(ken, kind=G, articles=(5,), text="A national anti-corruption strategy with monitoring")
    make_finding(nga, kind=C, articles=(52,), text="The asset declarations of officials are not verified")
    make_finding(
        nga, kind=C, articles=(14, 58), text="The financial intelligence unit lacks staff and IT tools"
    )
    make_finding(nga, kind=G, articles=(14,), text="Risk-based supervision of banks")
    make_finding(chn, kind=C, articles=(52,), text="资产申报未经核实", language="zh")
    make_finding(chn, kind=C, articles=(9,), text="采购程序缺乏透明度", language="zh")
    make_finding(
        fra, kind=C, articles=(58,), text="The financial intelligence unit lacks staff and resources"
    )
    return needs_data


def by_article(doc):
    return {r["article"]: r for r in doc["by_article"]}


def test_counts_per_article_and_articles_with_most_challenges(findings):
    doc = thematic(cycle=2, chapter=5, as_of=AS_OF)
    art52 = by_article(doc)[52]
    assert (art52["challenges"], art52["challenges_states"], art52["recommendations"]) == (4, 3, 1)
    assert (art52["needs"], art52["needs_states"], art52["states_concerned"]) == (2, 2, 3)
    assert by_article(doc)[58]["challenges"] == 2
    assert doc["most_challenges"] == [
        {"article": 52, "challenges": 4, "states": 3},
        {"article": 58, "challenges": 2, "states": 2},
    ]


def test_cross_cutting_articles_count_a_finding_once(findings):
    cc = thematic(cycle=2, chapter=5, as_of=AS_OF)["cross_cutting"]
    # The NGA challenge on articles 14 and 58 counts once; need n4 (arts 5 and 52) once.
    assert (cc["challenges"], cc["challenges_states"]) == (6, 4)
    assert (cc["good_practices"], cc["needs"], cc["recommendations"]) == (1, 2, 1)


def test_good_practices_list_their_states(findings):
    doc = thematic(cycle=2, chapter=2, as_of=AS_OF)
    practices = {g["article"]: g["states"] for g in doc["good_practices"]}
    assert practices == {5: ["KEN"], 14: ["NGA"]}


def test_similar_challenges_form_themes_in_any_language(findings):
    doc = thematic(cycle=2, chapter=5, as_of=AS_OF)
    themes = doc["themes"]
    top = themes[0]
    assert top["findings"] == 3 and top["states"] == 2
    assert all("declarations" in t["text"] for t in top["representative_texts"])
    fiu = next(t for t in themes if "intelligence" in t["label"])
    assert (fiu["findings"], fiu["states"], fiu["articles"]) == (2, 2, [14, 58])
    assert any(t["languages"] == ["zh"] for t in themes)
    assert "character" in doc["themes_method"]["en"]


def test_chinese_texts_group_together():
    items = [
        {"text": t, "language": "zh", "state": s, "articles": [52]}
        for t, s in [
            ("资产申报未经核实", "CHN"),
            ("公职人员的资产申报未经核实", "VNM"),
            ("金融情报机构缺乏人员", "LAO"),
        ]
    ]
    themes = find_themes(items)
    assert themes[0]["findings"] == 2 and themes[0]["states"] == 2


def test_regional_supplement_is_compared_with_the_whole(findings):
    doc = thematic(cycle=2, chapter=5, as_of=AS_OF, region="AFRICA")
    assert doc["states_with_executive_summary"] == 2 and doc["whole"]["states_with_executive_summary"] == 4
    row = next(r for r in doc["comparison"] if r["article"] == 52)
    assert row == {
        "article": 52,
        "region_challenges": 3,
        "region_states": 2,
        "region_share_of_states": 1.0,
        "whole_challenges": 4,
        "whole_states": 3,
        "whole_share_of_states": 0.75,
        "region_share_of_challenges": 0.75,
    }


@pytest.mark.parametrize("language", ["en", "zh"])
def test_thematic_word_report_opens_with_its_tables(findings, language):
    doc = thematic(cycle=2, chapter=5, as_of=AS_OF, region="AFRICA")
    document = Document(io.BytesIO(reports.thematic_docx(doc, language)))
    masthead, first_table = document.tables[:2]
    assert "CAC" not in masthead.cell(0, 1).text  # the platform's report has no document symbol
    row52 = next(r for r in first_table.rows if r.cells[0].text == "52")
    assert [c.text for c in row52.cells][:3] == ["52", "3", "2"]
    assert len(document.tables) == 4  # the masthead; by article, cross-cutting, comparison


def test_command_writes_json_csv_and_word(findings, run_irm, tmp_path):
    doc = json.loads(
        run_irm("analysis", "ta-needs", "--cycle", "2", "--as-of", "2023-09-15", "--since", "2021-09-15")
    )
    assert (doc["needs_total"], doc["since"]["new_needs"]) == (7, 4)
    primary = json.loads(
        run_irm("analysis", "ta-needs", "--cycle", "2", "--as-of", "2023-09-15", "--categories", "primary")
    )
    assert primary["categories_mode"] == "primary"
    assert run_irm(
        "analysis", "ta-needs", "--cycle", "2", "--as-of", "2023-09-15", "--format", "csv"
    ).startswith("table,")
    out = tmp_path / "report.docx"
    run_irm(
        "analysis",
        "ta-needs",
        "--cycle",
        "2",
        "--as-of",
        "2023-09-15",
        "--format",
        "docx",
        "--language",
        "zh",
        "--output",
        str(out),
    )
    assert len(Document(str(out)).inline_shapes) == 6
    th = json.loads(
        run_irm("analysis", "thematic", "--cycle", "2", "--chapter", "5", "--as-of", "2023-09-15")
    )
    assert th["most_challenges"][0]["article"] == 52
    th_out = tmp_path / "thematic.docx"
    run_irm(
        "analysis",
        "thematic",
        "--cycle",
        "2",
        "--chapter",
        "5",
        "--region",
        "AFRICA",
        "--as-of",
        "2023-09-15",
        "--format",
        "docx",
        "--output",
        str(th_out),
    )
    assert Document(str(th_out)).tables
