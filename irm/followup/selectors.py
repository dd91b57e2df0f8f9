"""Compilations of follow-up: the status of recommendations by State, article, chapter, region and cycle.

Counts are of recommendations of reviews whose executive summary was agreed on or before the day asked
for (`as_of`, default today); a recommendation's status on that day is the status of its latest report
dated on or before it, and "not reported" without one, so the counts of `by_status` add up to
`recommendations`. A recommendation on several articles counts once under each of its articles (so
`by_article` may add up to more). The public version (`published_only`) counts only the reviews whose
State published its follow-up and whose outcome is published (`findings.selectors.published_follow_up_reviews`,
docs/RULES.md R-F2). The follow-up records are the findings app's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from irm.findings.models import Finding, FindingType, FollowUpReport, FollowUpStatus
from irm.findings.selectors import published_follow_up_reviews
from irm.parties.models import RegionalGroup
from irm.reviews.models import Milestone, Review, Stage

NOT_REPORTED = "not_reported"
#: The statuses of a compilation, in the order people read them.
STATUSES = [s for s in FollowUpStatus.values if s] + [NOT_REPORTED]


def status_labels() -> dict[str, Any]:
    labels: dict[str, Any] = {k: v for k, v in FollowUpStatus.choices if k}
    labels[NOT_REPORTED] = _("Not reported")
    return labels


def _counts() -> dict[str, int]:
    return dict.fromkeys(STATUSES, 0)


@dataclass
class StateRow:
    """One State's line of the compilation (the per-State table in the spirit of FATF's follow-up ratings)."""

    iso3: str
    name: str
    region: str
    review_id: int
    by_status: dict[str, int] = field(default_factory=_counts)
    by_article: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(_counts))
    last_reported_on: date | None = None

    @property
    def recommendations(self) -> int:
        return sum(self.by_status.values())

    @property
    def implemented_percent(self) -> float:
        total = self.recommendations
        return 100 * self.by_status["implemented"] / total if total else 0.0


@dataclass
class Compilation:
    cycle: int
    as_of: date
    published_only: bool
    recommendations: int = 0
    by_status: dict[str, int] = field(default_factory=_counts)
    by_article: dict[int, dict[str, int]] = field(default_factory=dict)
    by_chapter: dict[int, dict[str, int]] = field(default_factory=dict)
    by_region: dict[str, dict[str, int]] = field(default_factory=dict)
    states: list[StateRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The shape of `irm followup report --format json` and of the API."""
        return {
            "cycle": self.cycle,
            "as_of": self.as_of.isoformat(),
            "recommendations": self.recommendations,
            "by_status": self.by_status,
            "by_article": {str(k): v for k, v in sorted(self.by_article.items())},
            "by_chapter": {str(k): v for k, v in sorted(self.by_chapter.items())},
            "by_region": dict(sorted(self.by_region.items())),
            "by_state": {
                r.iso3: {"recommendations": r.recommendations, "by_status": r.by_status} for r in self.states
            },
        }


def reviews_of(*, cycle_number: int, as_of: date, published_only: bool = False) -> QuerySet[Review]:
    """Reviews of the cycle whose executive summary was agreed by `as_of` (published follow-up only, if asked)."""
    agreed = Milestone.objects.filter(stage=Stage.SUMMARY_AGREED, done_on__isnull=False, done_on__lte=as_of)
    reviews = Review.objects.filter(cycle__number=cycle_number, pk__in=agreed.values("review_id"))
    if published_only:
        reviews = reviews.filter(pk__in=published_follow_up_reviews().values("pk"))
    return reviews


def compile_follow_up(
    *,
    cycle_number: int,
    as_of: date | None = None,
    published_only: bool = False,
    state_iso3: str = "",
    region: str = "",
) -> Compilation:
    """The compilation of a cycle's follow-up on a day (see the module's docstring)."""
    as_of = as_of or timezone.localdate()
    reviews = reviews_of(cycle_number=cycle_number, as_of=as_of, published_only=published_only)
    if state_iso3:
        reviews = reviews.filter(state__iso3=state_iso3.upper())
    if region:
        reviews = reviews.filter(state__regional_group=region)
    result = Compilation(cycle=cycle_number, as_of=as_of, published_only=published_only)
    recommendations = list(
        Finding.objects.filter(review__in=reviews, type=FindingType.RECOMMENDATION).values_list(
            "pk", "review_id", "chapter__number"
        )
    )
    articles: dict[int, list[int]] = defaultdict(list)
    for finding_id, number in Finding.articles.through.objects.filter(
        finding_id__in=[r[0] for r in recommendations]
    ).values_list("finding_id", "article__number"):
        articles[finding_id].append(number)
    status: dict[int, str] = {}
    last: dict[int, date] = {}
    for finding_id, review_id, value, reported_on in (
        FollowUpReport.objects.filter(review__in=reviews, reported_on__lte=as_of)
        .order_by("reported_on", "submitted_at", "id")
        .values_list("recommendation_id", "review_id", "status", "reported_on")
    ):
        status[finding_id] = value
        last[review_id] = reported_on
    rows: dict[int, StateRow] = {}
    for review in reviews.select_related("state").order_by("state__name_en"):
        rows[review.pk] = StateRow(
            iso3=review.state.iso3,
            name=review.state.name,
            region=review.state.regional_group,
            review_id=review.pk,
            last_reported_on=last.get(review.pk),
        )
    region_of = {pk: row.region for pk, row in rows.items()}
    for finding_id, review_id, chapter in recommendations:
        key = status.get(finding_id, NOT_REPORTED)
        result.recommendations += 1
        result.by_status[key] += 1
        rows[review_id].by_status[key] += 1
        if chapter is not None:
            result.by_chapter.setdefault(chapter, _counts())[key] += 1
        result.by_region.setdefault(region_of[review_id] or RegionalGroup.NONE, _counts())[key] += 1
        for number in articles.get(finding_id, []):
            result.by_article.setdefault(number, _counts())[key] += 1
            rows[review_id].by_article[number][key] += 1
    result.states = [r for r in rows.values() if r.recommendations]
    return result


def earlier_recommendations(review: Review) -> QuerySet[Finding]:
    """The recommendations of the State's earlier reviews (whose summary is agreed): what it self-assesses
    in this review's checklist."""
    agreed = Milestone.objects.filter(stage=Stage.SUMMARY_AGREED, done_on__isnull=False)
    return (
        Finding.objects.filter(
            type=FindingType.RECOMMENDATION,
            review__state_id=review.state_id,
            review__cycle__number__lt=review.cycle.number,
            review__in=agreed.values("review_id"),
        )
        .select_related("review__cycle", "chapter")
        .prefetch_related("articles")
        .order_by("review__cycle__number", "chapter__number", "pk")
    )
