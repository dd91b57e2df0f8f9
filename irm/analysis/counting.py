"""The per-review counts of technical-assistance needs, written with the ORM: what the need-count cache
holds (`irm.analysis.services`) and what `selectors.ta_needs` adds up when a filter bypasses the cache."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from irm.analysis import groups
from irm.findings.models import Finding, FindingType

FindingArticle = Finding.articles.through
FindingCategory = Finding.categories.through

Rows = dict[str, list[tuple[int, int, int]]]  # dimension → (review id, key, needs)


def primary_category() -> Coalesce:
    first = (
        FindingCategory.objects.filter(finding_id=OuterRef("pk"))
        .order_by("tacategory__order", "tacategory_id")
        .values("tacategory_id")[:1]
    )
    return Coalesce(F("primary_category_id"), Subquery(first), output_field=BigIntegerField())


def _through(model: Any, needs: QuerySet[Finding], narrowed: bool, review_ids: list[int]) -> QuerySet:
    """Rows of a through table for the counted needs: a plain join unless need-level filters apply."""
    if narrowed:
        return model.objects.filter(finding_id__in=needs.values("pk"))
    return model.objects.filter(finding__type=FindingType.TA_NEED, finding__review_id__in=review_ids)


def count_rows(needs: QuerySet[Finding], narrowed: bool, review_ids: list[int], modes: Iterable[str]) -> Rows:
    """Per review: needs in total and under each chapter, general chapter, article and category.

    Finding.chapter is the chapter of the need's first article (or of a general need); needs whose
    articles reach further chapters are added from the through table, once per need and chapter.
    """
    rows: Rows = {}
    rows["total"] = [(r, 0, n) for r, n in needs.order_by().values_list("review_id").annotate(n=Count("id"))]
    own = needs.filter(chapter_id__isnull=False).order_by().values_list("review_id", "chapter_id")
    rows["chapter"] = [(r, c, n) for r, c, n in own.annotate(n=Count("id"))]
    links = _through(FindingArticle, needs, narrowed, review_ids)
    other = (
        links.filter(Q(finding__chapter_id__isnull=True) | ~Q(article__chapter_id=F("finding__chapter_id")))
        .order_by()
        .values_list("finding__review_id", "article__chapter_id")
        .annotate(n=Count("finding_id", distinct=True))
    )
    rows["chapter"] += list(other)
    has_article = FindingArticle.objects.filter(finding_id=OuterRef("pk"))
    rows["general"] = list(
        needs.filter(chapter_id__isnull=False)
        .filter(~Exists(has_article))
        .order_by()
        .values_list("review_id", "chapter_id")
        .annotate(n=Count("id"))
    )
    rows["unlinked"] = [
        (r, 0, n)
        for r, n in needs.filter(chapter_id__isnull=True)
        .filter(~Exists(has_article))
        .order_by()
        .values_list("review_id")
        .annotate(n=Count("id"))
    ]
    rows["article"] = list(
        links.order_by().values_list("finding__review_id", "article_id").annotate(n=Count("id"))
    )
    rows["group"] = group_rows(needs, narrowed, review_ids)
    if "all" in modes:
        rows["category"] = list(
            _through(FindingCategory, needs, narrowed, review_ids)
            .order_by()
            .values_list("finding__review_id", "tacategory_id")
            .annotate(n=Count("id"))
        )
    if "primary" in modes:
        rows["primary"] = list(
            needs.annotate(primary=primary_category())
            .filter(primary__isnull=False)
            .order_by()
            .values_list("review_id", "primary")
            .annotate(n=Count("id"))
        )
    return rows


def group_rows(needs: QuerySet[Finding], narrowed: bool, review_ids: list[int]) -> list[tuple[int, int, int]]:
    """(review id, group index, distinct needs linked to any article of the group), in one statement:
    a need linked to two articles of a group counts once in the group (S003 ¶18: 90 needs under
    articles 5 and 6, not 55 + 41)."""
    links = _through(FindingArticle, needs, narrowed, review_ids)
    group = Case(
        *(When(article__number__in=g.articles, then=Value(i)) for i, g in enumerate(groups.NOTE_GROUPS)),
        default=Value(-1),
        output_field=IntegerField(),
    )
    return [
        (r, g, n)
        for r, g, n in links.annotate(group=group)
        .order_by()
        .values_list("finding__review_id", "group")
        .annotate(n=Count("finding_id", distinct=True))
        if g >= 0
    ]


def fingerprints(review_ids: list[int]) -> dict[int, str]:
    """Number and id sum of each review's needs: read from the (review, type) index."""
    found = {
        r: f"{n}:{total}"
        for r, n, total in Finding.objects.filter(type=FindingType.TA_NEED, review_id__in=review_ids)
        .order_by()
        .values_list("review_id")
        .annotate(n=Count("id"), total=Sum("id"))
    }
    return {r: found.get(r, "0:0") for r in review_ids}
