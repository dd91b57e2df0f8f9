"""Reads of findings: a review's findings for a reader, public outcomes of a State, follow-up overviews."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from irm.core.i18n import LANGUAGE_NAMES
from irm.findings import permissions
from irm.findings.models import (
    DocumentKind,
    Finding,
    FindingType,
    FollowUpReport,
    FollowUpStatus,
    TranslationKind,
)
from irm.parties.models import State
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review


def published_reviews() -> QuerySet[Review]:
    """Reviews whose outcome is public: the executive summary is published, or the full country report
    is published with the State's consent (irm.reviews.permissions decides both)."""
    return Review.objects.filter(
        review_permissions.summary_published_q() | review_permissions.report_published_q()
    )


def published_findings() -> QuerySet[Finding]:
    """The published set: the findings of published executive summaries, and of country reports the State
    consented to publish. Every public page, export and API answer of the public record starts here."""
    return Finding.objects.filter(review__in=published_reviews())


def published_follow_up_reviews() -> QuerySet[Review]:
    """Reviews whose follow-up is public: the outcome is published (`published_reviews`) AND the State
    consented to publish its follow-up of that review (docs/RULES.md R-F2). Consent alone on an
    unpublished outcome publishes nothing."""
    return published_reviews().filter(follow_up_publication__isnull=False)


def published_follow_up() -> QuerySet[FollowUpReport]:
    """The published follow-up reports: every public page, export and API answer about follow-up starts
    here (the follow-up counterpart of `published_findings`)."""
    return FollowUpReport.objects.filter(
        recommendation__type=FindingType.RECOMMENDATION, review__in=published_follow_up_reviews()
    )


def findings_of(user: Any, review: Review) -> QuerySet[Finding]:
    """The review's findings if the user may read them (published summary, or confidential circle)."""
    if not permissions.can_view_findings(user, review):
        return Finding.objects.none()
    found = Finding.objects.filter(review=review)
    articles = permissions.draft_articles_for(user, review)
    if articles is not None:
        found = found.filter(pk__in=Finding.objects.filter(review=review, articles__in=articles).values("pk"))
    return (
        found.select_related("chapter", "primary_category", "answers")
        .prefetch_related("articles", "categories", "translations")
        .order_by("chapter__number", "type", "pk")
    )


@dataclass
class PublicOutcome:
    review: Review
    summary: bool
    report: bool
    findings: int = 0


def outcomes_of_state(user: Any, state: State) -> list[PublicOutcome]:
    """Per review of the State: may the user read its executive summary and its full report?"""
    reviews = list(Review.objects.filter(state=state).select_related("cycle", "reviewer_1", "reviewer_2"))
    counts = dict(
        Finding.objects.filter(review__in=reviews)
        .values_list("review_id")
        .annotate(n=Count("pk"))
        .values_list("review_id", "n")
    )
    outcomes = []
    for review in reviews:
        summary = permissions.can_view_document(user, review, DocumentKind.EXECUTIVE_SUMMARY)
        report = permissions.can_view_document(user, review, DocumentKind.COUNTRY_REPORT)
        outcomes.append(PublicOutcome(review, summary, report, counts.get(review.pk, 0) if summary else 0))
    return outcomes


@dataclass
class StateFollowUp:
    state: State
    review: Review
    recommendations: int = 0
    reported: int = 0
    acknowledged: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    last_reported_on: date | None = None

    @property
    def status_labels(self) -> list[tuple[str, int]]:
        """The reported statuses by name (never their codes), in the order of FollowUpStatus."""
        return [
            (str(s.label), self.by_status[s.value])
            for s in FollowUpStatus
            if s.value and s.value in self.by_status
        ]


def follow_up_overview(*, cycle_number: int, state: State | None = None) -> list[StateFollowUp]:
    """Per State under review in the cycle: recommendations, how many have follow-up, by status."""
    reviews = Review.objects.filter(cycle__number=cycle_number).select_related("state")
    if state is not None:
        reviews = reviews.filter(state=state)
    rows: dict[int, StateFollowUp] = {}
    recs = (
        Finding.objects.filter(review__in=reviews, type=FindingType.RECOMMENDATION)
        .values("review_id", "follow_up_status")
        .annotate(n=Count("pk"))
    )
    review_map = {r.pk: r for r in reviews}
    for item in recs:
        review = review_map[item["review_id"]]
        row = rows.setdefault(review.pk, StateFollowUp(state=review.state, review=review))
        row.recommendations += item["n"]
        status = item["follow_up_status"] or ""
        row.by_status[status] = row.by_status.get(status, 0) + item["n"]
        if status:
            row.reported += item["n"]
    latest: dict[int, date] = {}
    acknowledged: dict[int, set[int]] = defaultdict(set)
    for review_id, recommendation_id, reported_on, acknowledged_at in FollowUpReport.objects.filter(
        review__in=reviews
    ).values_list("review_id", "recommendation_id", "reported_on", "acknowledged_at"):
        latest[review_id] = max(latest.get(review_id, reported_on), reported_on)
        if acknowledged_at is not None:
            acknowledged[review_id].add(recommendation_id)
    for review_id, row in rows.items():
        row.last_reported_on = latest.get(review_id)
        row.acknowledged = len(acknowledged.get(review_id, set()))
    return sorted(rows.values(), key=lambda r: r.state.name_en)


def states_with_follow_up(*, start: date, end: date, cycle_number: int | None = None) -> int:
    """How many States submitted follow-up information dated in [start, end]."""
    reports = FollowUpReport.objects.filter(reported_on__gte=start, reported_on__lte=end)
    if cycle_number is not None:
        reports = reports.filter(review__cycle__number=cycle_number)
    return reports.values("review__state").distinct().count()


def status_totals(*, cycle_number: int) -> dict[str, int]:
    """Recommendations of the cycle by follow-up status ("" = nothing reported)."""
    totals = dict.fromkeys(FollowUpStatus.values, 0)
    for status, n in (
        Finding.objects.filter(review__cycle__number=cycle_number, type=FindingType.RECOMMENDATION)
        .values_list("follow_up_status")
        .annotate(n=Count("pk"))
    ):
        totals[status or ""] = n
    return totals


def counts_by_type(reviews: QuerySet[Review]) -> dict[str, int]:
    return dict(
        Finding.objects.filter(review__in=reviews)
        .values_list("type")
        .annotate(n=Count("pk"))
        .values_list("type", "n")
    )


#: The six official languages in which executive summaries are issued, in the UN's order.
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


@dataclass(frozen=True)
class LanguageCoverage:
    language: str
    total: int
    available: int  # findings with a text in this language (original or translation)
    reviewed: int  # of which the original, or a translation marked reviewed
    machine: int  # available only through an unreviewed machine translation

    @property
    def label(self) -> str:
        return str(LANGUAGE_NAMES[self.language])

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.reviewed == self.total


def translation_coverage(findings: list[Finding]) -> list[LanguageCoverage]:
    """How far the summary's findings are translated into each official language.

    The findings come with their translations prefetched (as `findings_of` gives them).
    """
    rows = []
    for language in UN_LANGUAGES:
        available = reviewed = machine = 0
        for finding in findings:
            if finding.language == language:
                available += 1
                reviewed += 1
                continue
            translation = next((t for t in finding.translations.all() if t.language == language), None)
            if translation is None:
                continue
            available += 1
            if translation.reviewed:
                reviewed += 1
            elif translation.kind == TranslationKind.MACHINE:
                machine += 1
        rows.append(LanguageCoverage(language, len(findings), available, reviewed, machine))
    return rows
