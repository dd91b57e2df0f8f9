"""The executive summary and the country report, generated from the findings (Word, and PDF via LibreOffice).

Both follow the blueprint of country review reports: introduction; legal and institutional
framework; then per chapter under review (and, in the country report, per article): observations,
successes and good practices, challenges with their recommendations, technical-assistance needs.
Fixed texts come from gettext in the document's language; the layout (A4, the UN masthead, page
numbers, styles, fonts, right to left for Arabic) from the Word templates of irm.documents
(`executive_summary.docx` / `country_report.docx` where an editor made one, else `un_document.docx`).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from irm.convention.models import Article, Chapter
from irm.core.i18n import LANGUAGE_NAMES, localized
from irm.core.numerals import section_number, zh_number
from irm.directory.selectors import citation_text as authority_text
from irm.directory.selectors import citations as authority_citations
from irm.documents.word import Distribution, Masthead, UnDocument, in_language
from irm.findings.models import TYPE_ORDER, DocumentKind, Finding, FindingType, ReviewOutcome
from irm.library.selectors import citation_text, citations
from irm.reviews import permissions as review_permissions
from irm.reviews.models import DirectDialogue, Milestone, Review, Stage


def labels() -> dict[str, str]:
    """The document's fixed texts, in the active language (call inside `in_language(language)`)."""
    return {
        "irg": _("Implementation Review Group"),
        "review_of": _("Review of implementation of the United Nations Convention against Corruption"),
        "executive_summary": _("Executive summary"),
        "country_report": _("Country review report"),
        "title": _("%(kind)s: %(state)s"),
        "state_under_review": _("State under review"),
        "reviewing_states": _("Reviewing States"),
        "year_of_review": _("Year of the cycle"),
        "direct_dialogue": _("Direct dialogue"),
        "introduction": _("Introduction"),
        "legal_framework": _(
            "Legal and institutional framework of %(state)s in the context of the implementation of the Convention"
        ),
        "chapter": _("Chapter %(number)s. %(title)s"),
        "article": _("Article %(number)s. %(title)s"),
        "general": _("The chapter in general"),
        "observations": _("Observations on the implementation of the articles"),
        "observation": _("Observations on the implementation of the article"),
        "good_practice": _("Successes and good practices"),
        "challenge": _("Challenges in implementation"),
        "recommendation": _("Recommendation"),
        "ta_need": _("Technical assistance needs identified to improve implementation of the Convention"),
        "categories": _("Categories"),
        "sources": _("Sources in the knowledge library"),
        "authorities": _("Competent authorities notified"),
        "none": _("None recorded."),
        "no_text": _("No information recorded yet."),
        "intro_text": _(
            "The review of %(state)s in the %(cycle)s was conducted by %(reviewers)s, in year %(year)s of the "
            "cycle. This document sets out the findings agreed in the review."
        ),
        "and": _(" and "),
        "on_site": _("country visit on site"),
        "online": _("country visit online"),
        "hybrid": _("hybrid country visit"),
        "joint_meeting": _("joint meeting in Vienna"),
    }


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
    distribution: str
    original: str
    date: str
    state: str
    cycle: str
    year: int | None
    reviewers: list[str]
    dialogue: str
    introduction: str
    legal_framework: str
    chapters: list[dict[str, Any]]  # {"number", "title", "articles": [{"number","title"}], "findings": [...]}
    #: The State's published library documents on the articles under review, one citation line each.
    sources: list[str] = field(default_factory=list)
    #: The State's directory entries on those articles (authority and provision, never a contact).
    authorities: list[str] = field(default_factory=list)

    def source_key(self) -> str:
        # With no sources or authorities, the key is what it was before they existed.
        content = {k: v for k, v in self.__dict__.items() if k not in ("sources", "authorities") or v}
        payload = json.dumps(content, default=lambda o: o.__dict__, sort_keys=True, ensure_ascii=False)
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
    """What the document shows, its fixed texts in `language`."""
    with in_language(language):
        return _collect(review, kind, language, outcome)


def _distribution(review: Review, kind: str) -> str:
    """The executive summary is published (General); the country report is Restricted until it is."""
    if kind == DocumentKind.EXECUTIVE_SUMMARY or review_permissions.is_report_published(review):
        return Distribution.GENERAL
    return Distribution.RESTRICTED


def _collect(review: Review, kind: str, language: str, outcome: ReviewOutcome) -> DocumentData:
    lab = labels()
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
        intro = lab["intro_text"] % {
            "state": state_name,
            "cycle": cycle_name,
            "reviewers": lab["and"].join(reviewers) or "—",
            "year": review.year or "—",
        }
        if outcome.introduction:
            intro += "\n\n" + outcome.introduction
    return DocumentData(
        kind=kind,
        language=language,
        symbol=outcome.symbol,
        distribution=_distribution(review, kind),
        original=outcome.language if outcome.language in LANGUAGE_NAMES else "en",
        date=document_date(review, kind).isoformat(),
        state=state_name,
        cycle=cycle_name,
        year=review.year,
        reviewers=reviewers,
        dialogue=dialogue_text,
        introduction=intro,
        legal_framework=legal,
        chapters=chapter_data,
        sources=_sources(review, cycle_articles),
        authorities=[
            authority_text(e) for e in authority_citations(review.state, [a.number for a in cycle_articles])
        ],
    )


def _sources(review: Review, articles: list[Article]) -> list[str]:
    """What the document may cite: the State's published library documents on these articles."""
    return [citation_text(d) for d in citations(review.state, [a.number for a in articles])]


def render_docx(data: DocumentData) -> bytes:
    """The document in the UN format (irm/documents/word_templates/), its fixed texts in its language."""
    with in_language(data.language):
        return _render(data)


def _render(data: DocumentData) -> bytes:
    lab = labels()
    kind_label = lab["executive_summary" if data.kind == DocumentKind.EXECUTIVE_SUMMARY else "country_report"]
    document = UnDocument(
        language=data.language,
        title=lab["title"] % {"kind": kind_label, "state": data.state},
        masthead=Masthead(
            symbol=data.symbol,
            distribution=data.distribution,
            date=date.fromisoformat(data.date),
            original=data.original,
            body=lab["irg"],
        ),
        front=[lab["review_of"]],
        template=data.kind,
    )
    document.table(
        None,
        [
            (lab["state_under_review"], data.state),
            (lab["reviewing_states"], lab["and"].join(data.reviewers) or "—"),
            (lab["year_of_review"], f"{data.cycle}, {data.year or '—'}"),
            (lab["direct_dialogue"], data.dialogue or "—"),
        ],
    )
    n = 1
    document.heading(f"{section_number(n, data.language)} {lab['introduction']}", level=1)
    for para in data.introduction.split("\n\n"):
        document.paragraph(para)
    n += 1
    document.heading(
        f"{section_number(n, data.language)} {lab['legal_framework'] % {'state': data.state}}", level=1
    )
    document.paragraph(data.legal_framework or lab["no_text"])
    for chapter in data.chapters:
        n += 1
        if chapter["number"]:
            title = lab["chapter"] % {
                "number": zh_number(chapter["number"]) if data.language == "zh" else chapter["roman"],
                "title": chapter["title"],
            }
        else:
            title = chapter["title"]
        document.heading(f"{section_number(n, data.language)} {title}", level=1)
        if data.kind == DocumentKind.EXECUTIVE_SUMMARY:
            _summary_chapter(document, chapter, lab, data.language)
        else:
            _report_chapter(document, chapter, lab, data.language)
    if data.sources:
        n += 1
        document.heading(f"{section_number(n, data.language)} {lab['sources']}", level=1)
        for line in data.sources:
            document.paragraph(line)
    if data.authorities:
        n += 1
        document.heading(f"{section_number(n, data.language)} {lab['authorities']}", level=1)
        for line in data.authorities:
            document.paragraph(line)
    return document.save()


def _article_ref(numbers: list[int], language: str) -> str:
    if not numbers:
        return ""
    if language == "zh":
        return "（" + "、".join(f"第{zh_number(n)}条" for n in numbers) + "）"
    return " (" + _("art. %(numbers)s") % {"numbers": ", ".join(str(n) for n in numbers)} + ")"


def _write_finding(
    document: UnDocument, item: DocFinding, lab: dict[str, str], language: str, with_articles: bool
) -> None:
    text = item.text + (_article_ref(item.articles, language) if with_articles else "")
    document.bullet(text)
    if item.categories:
        document.labelled(lab["categories"], "; ".join(item.categories))
    for rec in item.recommendations:
        document.labelled(lab["recommendation"], rec)


def _summary_chapter(
    document: UnDocument, chapter: dict[str, Any], lab: dict[str, str], language: str
) -> None:
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
        document.heading(heading, level=2)
        if not items:
            document.paragraph(lab["none"])
        for item in items:
            _write_finding(document, item, lab, language, with_articles=True)


def _report_chapter(
    document: UnDocument, chapter: dict[str, Any], lab: dict[str, str], language: str
) -> None:
    general = [f for f in chapter["findings"] if not f.articles]
    if general:
        document.heading(lab["general"], level=2)
        _typed_sections(document, general, lab, language, level=3)
    for article in chapter["articles"]:
        items = [f for f in chapter["findings"] if article["number"] in f.articles]
        number = zh_number(article["number"]) if language == "zh" else article["number"]
        document.heading(lab["article"] % {"number": number, "title": article["title"]}, level=2)
        if not items:
            document.paragraph(lab["none"])
            continue
        _typed_sections(document, items, lab, language, level=3)


def _typed_sections(
    document: UnDocument, items: list[DocFinding], lab: dict[str, str], language: str, level: int
) -> None:
    for type in TYPE_ORDER:
        typed = [f for f in items if f.type == type]
        if typed:
            document.heading(lab[type.value], level=level)
            for item in typed:
                _write_finding(document, item, lab, language, with_articles=False)
