"""Reads of themes and finding tags: names, confirmed tags, what the model learns from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from irm.core.i18n import localized
from irm.cycles.models import TACategory
from irm.findings.models import Finding, FindingType
from irm.reviews.models import Milestone, Stage
from irm.search.text import tokens
from irm.themes.models import FindingTag, TagKind, TagStatus, Theme
from irm.themes.suggest import Example

#: Most findings the model is trained on (the newest first beyond that).
MAX_TRAINING = 200_000

Labels = dict[int, dict[str, set[str]]]


def theme_names(language: str | None = None) -> dict[str, str]:
    return {t.code: localized(t, "name", language) for t in Theme.objects.all()}


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def confirmed_tags(finding_ids: Iterable[int]) -> Labels:
    """Finding id → kind → confirmed codes."""
    out: Labels = defaultdict(lambda: defaultdict(set))
    ids = list(finding_ids)
    for start in range(0, len(ids), 5000):
        for finding_id, kind, code in FindingTag.objects.filter(
            finding_id__in=ids[start : start + 5000], status=TagStatus.CONFIRMED
        ).values_list("finding_id", "kind", "code"):
            out[finding_id][kind].add(code)
    return out


def _drafted_labels(finding_ids: list[int]) -> Labels:
    out: Labels = defaultdict(lambda: defaultdict(set))
    for start in range(0, len(finding_ids), 5000):
        chunk = finding_ids[start : start + 5000]
        for finding_id, number in Finding.articles.through.objects.filter(finding_id__in=chunk).values_list(
            "finding_id", "article__number"
        ):
            out[finding_id][TagKind.ARTICLE].add(str(number))
        for finding_id, code in Finding.categories.through.objects.filter(finding_id__in=chunk).values_list(
            "finding_id", "tacategory__code"
        ):
            out[finding_id][TagKind.CATEGORY].add(code)
    return out


def labels_present(finding_ids: list[int]) -> Labels:
    """Everything a finding already has or had: its articles and categories, and tags in any status."""
    out = _drafted_labels(finding_ids)
    for start in range(0, len(finding_ids), 5000):
        for finding_id, kind, code in FindingTag.objects.filter(
            finding_id__in=finding_ids[start : start + 5000]
        ).values_list("finding_id", "kind", "code"):
            out[finding_id][kind].add(code)
    return out


def valid_codes() -> dict[str, set[str]]:
    from irm.convention.models import Article

    return {
        TagKind.ARTICLE: {str(n) for n in Article.objects.values_list("number", flat=True)},
        TagKind.CATEGORY: set(TACategory.objects.values_list("code", flat=True)),
        TagKind.THEME: set(Theme.objects.values_list("code", flat=True)),
    }


def model_tokens(findings: list[Finding]) -> list[list[str]]:
    """The words the model reads for each finding: its text and its translations."""
    translations: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = [f.pk for f in findings]
    from irm.findings.models import FindingTranslation

    for start in range(0, len(ids), 5000):
        for finding_id, text, language in FindingTranslation.objects.filter(
            finding_id__in=ids[start : start + 5000]
        ).values_list("finding_id", "text", "language"):
            translations[finding_id].append((text, language))
    return [
        [t for text, lang in [(f.text, f.language), *translations[f.pk]] for t in tokens(text, lang)]
        for f in findings
    ]


def confirmed_findings() -> QuerySet[Finding]:
    """Findings whose labels are confirmed: those of agreed executive summaries (the drafters' articles
    and categories were agreed with the State)."""
    agreed = Milestone.objects.filter(stage=Stage.SUMMARY_AGREED, done_on__isnull=False).values("review_id")
    return Finding.objects.filter(review_id__in=agreed)


def training_examples(findings: QuerySet[Finding] | None = None) -> list[Example]:
    """Confirmed findings with their labels: articles (all), categories (needs only), themes (findings
    whose themes the secretariat decided: a confirmed theme is a positive, any other a negative)."""
    chosen = list((findings if findings is not None else confirmed_findings()).order_by("-pk")[:MAX_TRAINING])
    ids = [f.pk for f in chosen]
    drafted = _drafted_labels(ids)
    confirmed = confirmed_tags(ids)
    decided_themes: set[int] = set()
    for start in range(0, len(ids), 5000):
        decided_themes.update(
            FindingTag.objects.filter(
                finding_id__in=ids[start : start + 5000],
                kind=TagKind.THEME,
                status__in=[TagStatus.CONFIRMED, TagStatus.REJECTED],
            ).values_list("finding_id", flat=True)
        )
    words = model_tokens(chosen)
    examples = []
    for finding, finding_tokens in zip(chosen, words, strict=True):
        labels: dict[str, set[str]] = {
            TagKind.ARTICLE: drafted[finding.pk][TagKind.ARTICLE] | confirmed[finding.pk][TagKind.ARTICLE]
        }
        if finding.type == FindingType.TA_NEED:
            labels[TagKind.CATEGORY] = (
                drafted[finding.pk][TagKind.CATEGORY] | confirmed[finding.pk][TagKind.CATEGORY]
            )
        if finding.pk in decided_themes:
            labels[TagKind.THEME] = set(confirmed[finding.pk][TagKind.THEME])
        examples.append(Example(finding.pk, finding_tokens, labels))
    return examples


def pending_suggestions(review_id: int | None = None) -> QuerySet[FindingTag]:
    tags = FindingTag.objects.filter(status=TagStatus.SUGGESTED).select_related(
        "finding", "finding__review", "finding__review__state", "finding__review__cycle"
    )
    if review_id is not None:
        tags = tags.filter(finding__review_id=review_id)
    return tags.order_by("finding__review_id", "finding_id", "kind", "-score")


def reviews_with_suggestions() -> list[dict[str, Any]]:
    rows = (
        FindingTag.objects.filter(status=TagStatus.SUGGESTED)
        .values("finding__review_id", "finding__review__state__name_en", "finding__review__cycle__number")
        .annotate(n=Count("pk"))
        .order_by("finding__review__cycle__number", "finding__review__state__name_en")
    )
    return [dict(row) for row in rows]


def untagged_published_findings() -> QuerySet[Finding]:
    """Published findings without any theme tag (suggested, confirmed or rejected): the model's work list."""
    from irm.findings.selectors import published_findings

    tagged = FindingTag.objects.filter(kind=TagKind.THEME).values("finding_id")
    return published_findings().exclude(pk__in=tagged).order_by("pk")


def group_by_finding(
    tags: list[FindingTag], language: str | None = None
) -> list[tuple[Finding, list[tuple[FindingTag, str]]]]:
    """Pending suggestions per finding, each with its label in the reader's language."""
    from irm.convention.models import Article

    names = theme_names(language)
    articles = {
        str(a.number): f"{a.number}. {localized(a, 'title', language)}" for a in Article.objects.all()
    }
    categories = {
        c.code: localized(c, "name", language) for c in TACategory.objects.order_by("cycle__number")
    }
    labels: dict[str, dict[str, str]] = {
        TagKind.ARTICLE: articles,
        TagKind.CATEGORY: categories,
        TagKind.THEME: names,
    }
    groups: dict[int, tuple[Finding, list[tuple[FindingTag, str]]]] = {}
    for tag in tags:
        groups.setdefault(tag.finding_id, (tag.finding, []))[1].append(
            (tag, labels[tag.kind].get(tag.code, tag.code))
        )
    return list(groups.values())
