"""The executive summary and the country report, generated as Word (and PDF), in English and Chinese."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from irm.core.documents import pdf_available
from irm.core.numerals import zh_number
from irm.documents.tests.test_word import W, assert_un_format
from irm.findings import services
from irm.findings.models import DocumentKind, GeneratedDocument, TranslationKind
from irm.findings.tests.conftest import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(cast):
    review = make_review("KEN", year=1, reviewers=("NZL", "FRA"))
    secretariat = cast["secretariat"]
    obs = services.create_finding(
        actor=secretariat,
        review=review,
        type="observation",
        articles=[5],
        text="Kenya has a national strategy.",
    )
    services.set_translation(actor=secretariat, finding=obs, language="zh", text="肯尼亚制定了国家战略。")
    services.create_finding(
        actor=secretariat,
        review=review,
        type="good_practice",
        articles=[6],
        text="The commission is independent.",
    )
    challenge = services.create_finding(
        actor=secretariat, review=review, type="challenge", articles=[7], text="Recruitment is uneven."
    )
    rec = services.create_finding(
        actor=secretariat,
        review=review,
        type="recommendation",
        articles=[7],
        text="Apply merit-based recruitment.",
        answers=challenge,
    )
    services.set_translation(
        actor=secretariat, finding=rec, language="zh", text="实行择优征聘。", kind=TranslationKind.MACHINE
    )
    services.create_finding(
        actor=secretariat,
        review=review,
        type="ta_need",
        chapter=5,
        text="Training on asset recovery.",
        categories=["capacity_building"],
    )
    services.create_finding(
        actor=secretariat, review=review, type="observation", articles=[54], text="Confiscation is possible."
    )
    from irm.reviews.models import Milestone, Stage

    Milestone.objects.update_or_create(
        review=review, stage=Stage.SUMMARY_AGREED, defaults={"done_on": date(2023, 3, 1)}
    )
    return review


def _open(document: GeneratedDocument):
    return Document(io.BytesIO(bytes(document.content)))


def _headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_executive_summary_in_english_follows_the_blueprint(findings, cast):
    document = services.generate_document(
        actor=cast["secretariat"], review=findings, kind=DocumentKind.EXECUTIVE_SUMMARY, language="en"
    )
    doc = _open(document)
    headings = _headings(doc)
    assert headings[0] == "Executive summary: Kenya"
    assert "I. Introduction" in headings
    assert any(h.startswith("II. Legal and institutional framework of Kenya") for h in headings)
    assert "III. Chapter II. Preventive measures" in headings
    assert any(h.startswith("IV. Chapter V.") for h in headings)
    for section in (
        "Observations on the implementation of the articles",
        "Successes and good practices",
        "Challenges in implementation",
        "Technical assistance needs identified to improve implementation of the Convention",
    ):
        assert section in headings
    text = _text(doc)
    assert "CAC/COSP/IRG/II/1/1/Add.1" in text
    assert "1 March 2023" in text and "English" in text and "Distr.: General" in text
    assert "Kenya has a national strategy. (art. 5)" in text
    assert "Recommendation: Apply merit-based recruitment." in text
    assert "Categories: Capacity-building" in text
    assert "New Zealand and France" in text
    assert doc.core_properties.language == "en"


def test_executive_summary_in_chinese_has_chinese_headings_and_translations(
    findings, cast, document_translations
):
    document = services.generate_document(
        actor=cast["secretariat"], review=findings, kind=DocumentKind.EXECUTIVE_SUMMARY, language="zh"
    )
    doc = _open(document)
    headings = _headings(doc)
    assert headings[0] == "执行摘要：肯尼亚"
    assert "一. 导言" in headings
    assert any(h.startswith("二. 肯尼亚在《公约》实施方面的法律和体制框架") for h in headings)
    assert "三. 第二章. 预防措施" in headings
    assert "成功经验和良好做法" in headings
    assert "实施方面的挑战" in headings
    assert "为改进《公约》实施情况而确定的技术援助需求" in headings
    text = _text(doc)
    assert "肯尼亚制定了国家战略。（第五条）" in text
    assert "实行择优征聘。" in text
    assert "类别: 能力建设" in text
    assert "Chinese" in text and "Original: English" in text
    assert "CAC/COSP/IRG/II/1/1/Add.1" in text


def test_country_report_has_a_section_per_article(findings, cast, document_translations):
    document = services.generate_document(
        actor=cast["secretariat"], review=findings, kind=DocumentKind.COUNTRY_REPORT, language="zh"
    )
    headings = _headings(_open(document))
    assert "第五条. 预防性反腐败政策和做法" in headings or any(h.startswith("第五条.") for h in headings)
    assert any(h.startswith("第五十四条.") for h in headings)
    assert "本章一般情况" in headings  # the chapter-V need without an article
    en = _headings(
        _open(
            services.generate_document(
                actor=cast["secretariat"], review=findings, kind=DocumentKind.COUNTRY_REPORT, language="en"
            )
        )
    )
    assert any(h.startswith("Article 7.") for h in en)
    assert "Challenges in implementation" in en


def test_an_unchanged_document_is_not_generated_twice(findings, cast):
    first = services.generate_document(actor=None, review=findings, kind="executive_summary", language="en")
    again = services.generate_document(actor=None, review=findings, kind="executive_summary", language="en")
    assert first.pk == again.pk
    finding = findings.findings.first()
    services.update_finding(actor=cast["secretariat"], finding=finding, text="Changed.", reason="typo")
    third = services.generate_document(actor=None, review=findings, kind="executive_summary", language="en")
    assert third.pk != first.pk


def test_symbols_are_numbered_per_cycle_year(cast):
    a = services.ensure_outcome(review=make_review("KEN", year=2))
    b = services.ensure_outcome(review=make_review("FRA", year=2, reviewers=("NZL", "BRA")))
    c = services.ensure_outcome(review=make_review("BRA", cycle=1, year=1))
    assert (a.symbol, b.symbol, c.symbol) == (
        "CAC/COSP/IRG/II/2/1/Add.1",
        "CAC/COSP/IRG/II/2/1/Add.2",
        "CAC/COSP/IRG/I/1/1/Add.1",
    )


def test_chinese_numbers():
    assert [zh_number(n) for n in (1, 5, 10, 14, 42, 54, 71)] == [
        "一",
        "五",
        "十",
        "十四",
        "四十二",
        "五十四",
        "七十一",
    ]


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) is not installed")
def test_pdf_of_the_chinese_summary(findings):
    document = services.generate_document(
        actor=None, review=findings, kind="executive_summary", language="zh", fmt="pdf"
    )
    content = bytes(document.content)
    assert content.startswith(b"%PDF")
    assert b"NotoSansCJK" in content  # the Chinese text is set in the CJK font (embedded)


def test_the_summary_and_the_report_are_a4_with_the_un_masthead_and_page_numbers(findings, cast):
    summary = services.generate_document(actor=None, review=findings, kind="executive_summary", language="en")
    text = assert_un_format(bytes(summary.content), symbol=summary.symbol, distribution="Distr.: General")
    assert "Implementation Review Group" in text and "1 March 2023" in text
    report = services.generate_document(
        actor=cast["secretariat"], review=findings, kind="country_report", language="en"
    )
    # Not published: the country report is restricted.
    assert_un_format(bytes(report.content), symbol=report.symbol, distribution="Distr.: Restricted")


def test_the_arabic_summary_is_right_to_left_with_arabic_fixed_texts(findings, document_translations):
    document = services.generate_document(
        actor=None, review=findings, kind="executive_summary", language="ar"
    )
    doc = _open(document)
    headings = _headings(doc)
    assert headings[0].startswith("خلاصة وافية: ")
    assert "أولاً- مقدمة" in headings and "التحديات في مجال التنفيذ" in headings
    body = doc.element.body
    assert doc.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}bidi") is not None
    assert all(s.find(f"{W}bidi") is not None for s in body.iter(f"{W}sectPr"))
    assert all(t.find(f"{W}bidiVisual") is not None for t in body.iter(f"{W}tblPr"))
    assert "الأمم المتحدة" in _text(doc) and "توصية: Apply merit-based recruitment." in _text(doc)


def test_a_chinese_summary_sets_the_east_asian_font_slot(findings):
    doc = _open(
        services.generate_document(actor=None, review=findings, kind="executive_summary", language="zh")
    )
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(f"{W}eastAsia") == "Noto Sans CJK SC"
