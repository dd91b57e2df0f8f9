"""Executive summaries as web pages, and the context of a finding's permalink page.

A summary exists in a language when every finding of the review has a text in it (the original or a
translation). It is *official* in that language when every text is the original or a reviewed
translation (`irm.findings.selectors.translation_coverage`: "ready to issue"); otherwise it is shown
as a *translation* (some texts are unreviewed or machine translations) and says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from irm.core.i18n import LANGUAGE_NAMES, language_suffix, localized
from irm.findings.models import TYPE_ORDER, DocumentKind, Finding, FindingType, ReviewOutcome, TranslationKind
from irm.findings.selectors import UN_LANGUAGES, published_reviews, translation_coverage
from irm.public.followup import for_finding as published_follow_up
from irm.public.indexing import publication_dates
from irm.reviews import permissions as review_permissions
from irm.reviews.models import DirectDialogue, Review
from irm.themes.models import TagKind
from irm.themes.selectors import confirmed_tags, theme_names

#: Our two-letter language codes → Django's (for headings in the summary's own language).
DJANGO_LANGUAGES = {"zh": "zh-hans"}
RTL = {"ar"}


@dataclass(frozen=True)
class Version:
    language: str
    official: bool

    @property
    def name(self) -> str:
        return str(LANGUAGE_NAMES[self.language])

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL else "ltr"


def published_review(pk: int) -> Review | None:
    return (
        published_reviews().select_related("state", "cycle", "reviewer_1", "reviewer_2").filter(pk=pk).first()
    )


def versions(review: Review) -> list[Version]:
    findings = list(Finding.objects.filter(review=review).prefetch_related("translations"))
    if not findings:
        return [Version("en", official=True)]
    return [
        Version(c.language, official=c.complete)
        for c in translation_coverage(findings)
        if c.total and c.available == c.total
    ]


def best_language(found: list[Version]) -> str:
    current = language_suffix(translation.get_language())
    for version in found:
        if version.language == current:
            return current
    official = [v for v in found if v.official]
    return (official or found)[0].language


def _text(finding: Finding, language: str) -> tuple[str, bool]:
    """The text in the language, and whether it is an unreviewed translation."""
    if finding.language == language:
        return finding.text, False
    for t in finding.translations.all():
        if t.language == language:
            return t.text, not t.reviewed
    return finding.text, False


@dataclass
class SummaryItem:
    finding: Finding
    text: str
    unreviewed: bool
    recommendations: list[SummaryItem] = field(default_factory=list)


@dataclass
class SummarySection:
    type: str
    label: str
    items: list[SummaryItem]


@dataclass
class SummaryChapter:
    number: int | None
    title: str
    sections: list[SummarySection]


def chapters(review: Review, language: str) -> list[SummaryChapter]:
    """The review's findings per chapter and type (recommendations under the challenge they answer)."""
    findings = list(
        Finding.objects.filter(review=review)
        .select_related("chapter")
        .prefetch_related("translations", "articles", "categories")
        .order_by("pk")
    )
    answered: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.type == FindingType.RECOMMENDATION and f.answers_id:
            answered[f.answers_id].append(f)
    shown = {f.pk for group in answered.values() for f in group if f.answers_id in {x.pk for x in findings}}
    by_chapter: dict[int | None, dict[str, list[SummaryItem]]] = defaultdict(lambda: defaultdict(list))
    titles: dict[int | None, str] = {}
    with translation.override(DJANGO_LANGUAGES.get(language, language)):
        type_labels = {t.value: str(t.label) for t in FindingType}
        for f in findings:
            if f.pk in shown:
                continue
            number = f.chapter.number if f.chapter else None
            if f.chapter is not None:
                titles[number] = f"{f.chapter.roman}. {localized(f.chapter, 'title', language)}"
            item = SummaryItem(f, *_text(f, language))
            item.recommendations = [SummaryItem(r, *_text(r, language)) for r in answered.get(f.pk, [])]
            by_chapter[number][f.type].append(item)
    out = []
    for number in sorted(by_chapter, key=lambda n: (n is None, n or 0)):
        sections = [
            SummarySection(t.value, type_labels[t.value], by_chapter[number][t.value])
            for t in TYPE_ORDER
            if by_chapter[number].get(t.value)
        ]
        out.append(SummaryChapter(number, titles.get(number, ""), sections))
    return out


def document_links(review: Review, language: str) -> list[tuple[str, str]]:
    base = reverse("findings:document", args=[review.pk, DocumentKind.EXECUTIVE_SUMMARY])
    return [
        (label, f"{base}?{urlencode({'language': language, 'format': fmt})}")
        for label, fmt in (("Word", "docx"), ("PDF", "pdf"))
    ]


def state_search_url(review: Review) -> str:
    query = urlencode([("state", review.state.iso3), ("cycle", str(review.cycle.number))])
    return f"{reverse('public:findings')}?{query}"


def document_labels(language: str) -> dict[str, str]:
    """Headings of the summary in its own language (the page around it is in the reader's)."""
    with translation.override(DJANGO_LANGUAGES.get(language, language)):
        return {
            "introduction": gettext("Introduction"),
            "legal_framework": gettext("Legal and institutional framework"),
            "general": gettext("The review in general"),
            "recommendation": gettext("Recommendation"),
            "unreviewed": gettext("unreviewed translation"),
        }


def summary_context(review: Review, version: Version, found: list[Version]) -> dict[str, Any]:
    outcome = ReviewOutcome.objects.filter(review=review).first()
    dialogue = DirectDialogue.objects.filter(review=review).first()
    return {
        "review": review,
        "version": version,
        "versions": found,
        "outcome": outcome,
        "introduction": outcome.introduction if outcome and outcome.language == version.language else "",
        "legal_framework": outcome.legal_framework
        if outcome and outcome.language == version.language
        else "",
        "dialogue": dialogue,
        "published_on": publication_dates([review.pk]).get(review.pk),
        "chapters": chapters(review, version.language),
        "labels": document_labels(version.language),
        "documents": document_links(review, version.language),
        "report_public": review_permissions.is_report_published(review),
        "state_search_url": state_search_url(review),
    }


# --- a finding's permalink ----------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    language: str
    text: str
    original: bool
    kind: str
    reviewed: bool

    @property
    def name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.language, self.language))

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL else "ltr"

    @property
    def machine(self) -> bool:
        return self.kind == TranslationKind.MACHINE


def texts_of(finding: Finding) -> list[Text]:
    out = [Text(finding.language, finding.text, True, "", True)]
    out += [
        Text(t.language, t.text, False, t.kind, t.reviewed)
        for t in finding.translations.all()
        if t.language != finding.language
    ]
    rank = {lang: i for i, lang in enumerate(UN_LANGUAGES)}
    return sorted(out, key=lambda t: (not t.original, rank.get(t.language, 9)))


def citation(finding: Finding, published_on: date | None, symbol: str, url: str) -> str:
    review = finding.review
    parts = [
        "UNODC, Implementation Review Mechanism of the United Nations Convention against Corruption",
        f"{review.state.name_en} ({review.state.iso3}), {review.cycle.name_en}",
        f"executive summary {symbol}" if symbol else "executive summary",
        f"finding {finding.pk}",
    ]
    if published_on:
        parts.append(f"published {published_on.isoformat()}")
    return ", ".join(parts) + f". {url}"


def finding_context(request: HttpRequest, finding: Finding) -> dict[str, Any]:
    review = finding.review
    tags = confirmed_tags([finding.pk]).get(finding.pk, {})
    names = theme_names(translation.get_language())
    from irm.convention.models import Article

    numbers = {a.number for a in finding.articles.all()} | {int(c) for c in tags.get(TagKind.ARTICLE, ())}
    articles = list(Article.objects.filter(number__in=numbers).order_by("number"))
    outcome = ReviewOutcome.objects.filter(review=review).first()
    symbol = outcome.symbol if outcome else ""
    published_on = publication_dates([review.pk]).get(review.pk)
    url = request.build_absolute_uri(reverse("public:finding", args=[finding.pk]))
    found = versions(review)
    categories = list(finding.categories.all())
    return {
        "finding": finding,
        "review": review,
        "texts": texts_of(finding),
        "articles": articles,
        "categories": categories,
        "extra_categories": sorted(set(tags.get(TagKind.CATEGORY, ())) - {c.code for c in categories}),
        "themes": [(code, names.get(code, code)) for code in sorted(tags.get(TagKind.THEME, ()))],
        "symbol": symbol,
        "published_on": published_on,
        "versions": found,
        "summary_url": reverse("public:summary-language", args=[review.pk, best_language(found)]),
        "documents": document_links(review, finding.language),
        "report_public": review_permissions.is_report_published(review),
        "summary_public": review_permissions.is_summary_published(review),
        "recommendations": list(finding.recommendations.all()),
        "permalink": url,
        "citation": citation(finding, published_on, symbol, url),
        "state_search_url": state_search_url(review),
        "follow_up": published_follow_up(finding),
    }
