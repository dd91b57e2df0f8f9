"""The executive summary and the country report, generated from the findings (Word, and PDF via LibreOffice).

Both follow the blueprint of country review reports: introduction; legal and institutional
framework; then per chapter under review (and, in the country report, per article): observations,
successes and good practices, challenges with their recommendations, technical-assistance needs.
Headings come from the label tables below (real Chinese for zh; other languages fall back to English
headings with their own chapter and article titles where the Convention data has them).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from irm.convention.models import Article, Chapter
from irm.core.i18n import localized
from irm.core.numerals import to_roman, zh_number
from irm.findings.models import TYPE_ORDER, DocumentKind, Finding, FindingType, ReviewOutcome
from irm.reviews.models import DirectDialogue, Milestone, Review, Stage

LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "united_nations": "United Nations",
        "distr": "Distr.: General",
        "original": "Original: {language}",
        "irg": "Implementation Review Group",
        "review_of": "Review of implementation of the United Nations Convention against Corruption",
        "executive_summary": "Executive summary",
        "country_report": "Country review report",
        "title": "{kind}: {state}",
        "state_under_review": "State under review",
        "reviewing_states": "Reviewing States",
        "year_of_review": "Year of the cycle",
        "direct_dialogue": "Direct dialogue",
        "introduction": "Introduction",
        "legal_framework": "Legal and institutional framework of {state} in the context of the implementation of the Convention",
        "chapter": "Chapter {roman}. {title}",
        "article": "Article {number}. {title}",
        "general": "The chapter in general",
        "observations": "Observations on the implementation of the articles",
        "observation": "Observations on the implementation of the article",
        "good_practice": "Successes and good practices",
        "challenge": "Challenges in implementation",
        "recommendation": "Recommendation",
        "ta_need": "Technical assistance needs identified to improve implementation of the Convention",
        "categories": "Categories",
        "none": "None recorded.",
        "no_text": "No information recorded yet.",
        "intro_text": (
            "The review of {state} in the {cycle} was conducted by {reviewers}, in year {year} of the cycle. "
            "This document sets out the findings agreed in the review."
        ),
        "and": " and ",
        "translation_note": "(text in its original language)",
        "on_site": "country visit on site",
        "online": "country visit online",
        "hybrid": "hybrid country visit",
        "joint_meeting": "joint meeting in Vienna",
    },
    "zh": {
        "united_nations": "联合国",
        "distr": "Distr.: General",
        "original": "Original: {language}",
        "irg": "实施情况审议组",
        "review_of": "审议《联合国反腐败公约》实施情况",
        "executive_summary": "执行摘要",
        "country_report": "国别审议报告",
        "title": "{kind}：{state}",
        "state_under_review": "受审议缔约国",
        "reviewing_states": "审议缔约国",
        "year_of_review": "审议周期年份",
        "direct_dialogue": "直接对话",
        "introduction": "导言",
        "legal_framework": "{state}在《公约》实施方面的法律和体制框架",
        "chapter": "第{number_zh}章. {title}",
        "article": "第{number_zh}条. {title}",
        "general": "本章一般情况",
        "observations": "关于条款实施情况的意见",
        "observation": "关于条款实施情况的意见",
        "good_practice": "成功经验和良好做法",
        "challenge": "实施方面的挑战",
        "recommendation": "建议",
        "ta_need": "为改进《公约》实施情况而确定的技术援助需求",
        "categories": "类别",
        "none": "未记录。",
        "no_text": "尚无记录的信息。",
        "intro_text": "{cycle}对{state}的审议由{reviewers}进行，于本周期第{year}年开展。本文件载列审议中商定的结论。",
        "and": "和",
        "translation_note": "（原文）",
        "on_site": "实地国别访问",
        "online": "在线国别访问",
        "hybrid": "混合形式国别访问",
        "joint_meeting": "在维也纳举行的联席会议",
    },
}


def section_number(n: int, language: str) -> str:
    return f"{zh_number(n)}." if language == "zh" else f"{to_roman(n)}."


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


@dataclass
class DocFinding:
    type: str
    text: str
    articles: list[int]
    chapter: int | None
    categories: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    original: bool = False


@dataclass
class DocumentData:
    """Everything a document shows: hashed, so an unchanged document is not generated twice."""

    kind: str
    language: str
    symbol: str
    date: str
    state: str
    cycle: str
    year: int | None
    reviewers: list[str]
    dialogue: str
    introduction: str
    legal_framework: str
    chapters: list[dict[str, Any]]  # {"number", "title", "articles": [{"number","title"}], "findings": [...]}

    def source_key(self) -> str:
        payload = json.dumps(self.__dict__, default=lambda o: o.__dict__, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def _text_in(finding: Finding, language: str) -> tuple[str, bool]:
    if finding.language == language:
        return finding.text, False
    translations = [t for t in finding.translations.all() if t.language == language]
    if translations:
        return translations[0].text, False
    return finding.text, True


def document_date(review: Review, kind: str) -> date:
    stage = Stage.SUMMARY_AGREED if kind == DocumentKind.EXECUTIVE_SUMMARY else Stage.REPORT_FINALIZED
    milestone = Milestone.objects.filter(review=review, stage=stage, done_on__isnull=False).first()
    return milestone.done_on if milestone and milestone.done_on else timezone.localdate()


def collect(review: Review, kind: str, language: str, outcome: ReviewOutcome) -> DocumentData:
    lab = labels(language)
    findings = list(
        Finding.objects.filter(review=review)
        .select_related("chapter")
        .prefetch_related("articles", "categories", "translations", "recommendations__translations")
        .order_by("pk")
    )
    cycle = review.cycle
    chapters = list(Chapter.objects.filter(cycles=cycle).order_by("number"))
    cycle_articles = list(Article.objects.filter(cycles=cycle).order_by("number"))
    answered: set[int] = set()
    doc_findings: dict[int | None, list[DocFinding]] = defaultdict(list)
    for f in findings:
        if f.type == FindingType.RECOMMENDATION and f.answers_id:
            answered.add(f.pk)
    by_type_rank = {t.value: i for i, t in enumerate(TYPE_ORDER)}
    for f in sorted(findings, key=lambda f: (by_type_rank.get(f.type, 9), f.pk)):
        if f.pk in answered:
            continue  # shown under the challenge it answers
        text, original = _text_in(f, language)
        item = DocFinding(
            type=f.type,
            text=text,
            articles=sorted(a.number for a in f.articles.all()),
            chapter=f.chapter.number if f.chapter else None,
            categories=[
                localized(c, "name", language) for c in sorted(f.categories.all(), key=lambda c: c.order)
            ],
            original=original,
        )
        if f.type == FindingType.CHALLENGE:
            item.recommendations = [
                _text_in(r, language)[0] for r in sorted(f.recommendations.all(), key=lambda r: r.pk)
            ]
        doc_findings[item.chapter].append(item)
    chapter_data = []
    for chapter in chapters:
        chapter_data.append(
            {
                "number": chapter.number,
                "roman": chapter.roman,
                "title": localized(chapter, "title", language),
                "articles": [
                    {"number": a.number, "title": localized(a, "title", language)}
                    for a in cycle_articles
                    if a.chapter_id == chapter.pk
                ],
                "findings": doc_findings.get(chapter.number, []),
            }
        )
    if doc_findings.get(None):
        chapter_data.append(
            {
                "number": None,
                "roman": "",
                "title": lab["general"],
                "articles": [],
                "findings": doc_findings[None],
            }
        )
    reviewers = [localized(s, "name", language) for s in review.reviewers]
    dialogue = DirectDialogue.objects.filter(review=review).first()
    dialogue_text = ""
    if dialogue:
        dialogue_text = lab.get(dialogue.kind, dialogue.kind)
        if dialogue.starts_on:
            dialogue_text += f" ({dialogue.starts_on.isoformat()})"
    state_name = localized(review.state, "name", language)
    cycle_name = localized(cycle, "name", language)
    intro = outcome.introduction if (outcome.introduction and outcome.language == language) else ""
    legal = outcome.legal_framework if outcome.legal_framework else ""
    if not intro:
        intro = lab["intro_text"].format(
            state=state_name,
            cycle=cycle_name,
            reviewers=lab["and"].join(reviewers) or "—",
            year=review.year or "—",
        )
        if outcome.introduction:
            intro += "\n\n" + outcome.introduction
    return DocumentData(
        kind=kind,
        language=language,
        symbol=outcome.symbol,
        date=document_date(review, kind).isoformat(),
        state=state_name,
        cycle=cycle_name,
        year=review.year,
        reviewers=reviewers,
        dialogue=dialogue_text,
        introduction=intro,
        legal_framework=legal,
        chapters=chapter_data,
    )


def _long_date(value: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def render_docx(data: DocumentData) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lab = labels(data.language)
    document = Document()
    for style_name in ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet"]:
        style = document.styles[style_name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    document.styles["Normal"].font.size = Pt(10.5)
    core = document.core_properties
    kind_label = lab["executive_summary" if data.kind == DocumentKind.EXECUTIVE_SUMMARY else "country_report"]
    core.title = lab["title"].format(kind=kind_label, state=data.state)
    core.subject = data.symbol
    core.language = data.language
    core.identifier = data.symbol

    # Cover: the UN masthead, the symbol, distribution, date and language.
    masthead = document.add_paragraph()
    masthead.add_run(lab["united_nations"]).bold = True
    symbol = document.add_paragraph(data.symbol)
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in (
        lab["distr"],
        _long_date(data.date),
        LANGUAGE_NAMES.get(data.language, data.language),
        lab["original"].format(language=LANGUAGE_NAMES.get("en")),
    ):
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(lab["irg"]).runs[0].bold = True
    document.add_paragraph(lab["review_of"])
    document.add_heading(lab["title"].format(kind=kind_label, state=data.state), level=0)
    facts = document.add_table(rows=0, cols=2)
    for label, value in (
        (lab["state_under_review"], data.state),
        (lab["reviewing_states"], lab["and"].join(data.reviewers) or "—"),
        (lab["year_of_review"], f"{data.cycle}, {data.year or '—'}"),
        (lab["direct_dialogue"], data.dialogue or "—"),
    ):
        cells = facts.add_row().cells
        cells[0].text = label
        cells[1].text = value

    n = 1
    document.add_heading(f"{section_number(n, data.language)} {lab['introduction']}", level=1)
    for para in data.introduction.split("\n\n"):
        document.add_paragraph(para)
    n += 1
    document.add_heading(
        f"{section_number(n, data.language)} {lab['legal_framework'].format(state=data.state)}", level=1
    )
    document.add_paragraph(data.legal_framework or lab["no_text"])
    for chapter in data.chapters:
        n += 1
        if chapter["number"]:
            title = lab["chapter"].format(
                roman=chapter["roman"], number_zh=zh_number(chapter["number"]), title=chapter["title"]
            )
        else:
            title = chapter["title"]
        document.add_heading(f"{section_number(n, data.language)} {title}", level=1)
        if data.kind == DocumentKind.EXECUTIVE_SUMMARY:
            _summary_chapter(document, chapter, lab, data.language)
        else:
            _report_chapter(document, chapter, lab, data.language)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _article_ref(numbers: list[int], language: str) -> str:
    if not numbers:
        return ""
    if language == "zh":
        return "（" + "、".join(f"第{zh_number(n)}条" for n in numbers) + "）"
    return f" (art. {', '.join(str(n) for n in numbers)})"


def _write_finding(
    document: Any, item: DocFinding, lab: dict[str, str], language: str, with_articles: bool
) -> None:
    text = item.text + (_article_ref(item.articles, language) if with_articles else "")
    document.add_paragraph(text, style="List Bullet")
    if item.categories:
        document.add_paragraph(f"{lab['categories']}: {'; '.join(item.categories)}")
    for rec in item.recommendations:
        p = document.add_paragraph()
        p.add_run(f"{lab['recommendation']}: ").bold = True
        p.add_run(rec)


def _summary_chapter(document: Any, chapter: dict[str, Any], lab: dict[str, str], language: str) -> None:
    by_type: dict[str, list[DocFinding]] = defaultdict(list)
    for item in chapter["findings"]:
        by_type[item.type].append(item)
    for type, heading in (
        (FindingType.OBSERVATION, lab["observations"]),
        (FindingType.GOOD_PRACTICE, lab["good_practice"]),
        (FindingType.CHALLENGE, lab["challenge"]),
        (FindingType.RECOMMENDATION, lab["recommendation"]),
        (FindingType.TA_NEED, lab["ta_need"]),
    ):
        items = by_type.get(type, [])
        if type == FindingType.RECOMMENDATION and not items:
            continue
        document.add_heading(heading, level=2)
        if not items:
            document.add_paragraph(lab["none"])
        for item in items:
            _write_finding(document, item, lab, language, with_articles=True)


def _report_chapter(document: Any, chapter: dict[str, Any], lab: dict[str, str], language: str) -> None:
    general = [f for f in chapter["findings"] if not f.articles]
    if general:
        document.add_heading(lab["general"], level=2)
        _typed_sections(document, general, lab, language, level=3)
    for article in chapter["articles"]:
        items = [f for f in chapter["findings"] if article["number"] in f.articles]
        title = lab["article"].format(
            number=article["number"], number_zh=zh_number(article["number"]), title=article["title"]
        )
        document.add_heading(title, level=2)
        if not items:
            document.add_paragraph(lab["none"])
            continue
        _typed_sections(document, items, lab, language, level=3)


def _typed_sections(
    document: Any, items: list[DocFinding], lab: dict[str, str], language: str, level: int
) -> None:
    for type in TYPE_ORDER:
        typed = [f for f in items if f.type == type]
        if typed:
            document.add_heading(lab[type.value], level=level)
            for item in typed:
                _write_finding(document, item, lab, language, with_articles=False)
