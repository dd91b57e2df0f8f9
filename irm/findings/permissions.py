"""Who may see and do what with findings, documents and follow-up.

Visibility of review material is decided by irm.reviews.permissions (the confidentiality rule);
this module only applies it to findings: drafts inside the review's confidential circle, the
findings of a published executive summary to everyone, the full report only when published with
the State's consent. It narrows the circle for national contributors (issue 14 §5): before the
executive summary is published they see the draft findings of the articles assigned to them only,
and the draft executive summary and country report only once the focal point shares them
(`DraftSharing`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_public, is_secretariat, state_ids
from irm.findings.models import (
    DocumentKind,
    DraftSharing,
    Finding,
    FindingComment,
    FindingType,
    FollowUpOptions,
    FollowUpPublication,
    FollowUpReport,
)
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review


def visible_to(user: Any) -> QuerySet[Finding]:
    """Findings the user may read: those of reviews whose executive summary they may read, narrowed
    for a contributor to the assigned articles while the summary is unpublished."""
    found = Finding.objects.filter(review__in=review_permissions.summaries_visible_to(user))
    if is_public(user) or is_secretariat(user):
        return found
    for review in Review.objects.filter(state_id__in=state_ids(user, Role.CONTRIBUTOR)):
        articles = draft_articles_for(user, review)
        if articles is not None:
            allowed = Finding.objects.filter(review=review, articles__in=articles).values("pk")
            found = found.exclude(Q(review=review) & ~Q(pk__in=allowed))
    return found


def can_view_findings(user: Any, review: Review) -> bool:
    return review_permissions.can_view_summary(user, review)


def draft_articles_for(user: Any, review: Review) -> set[int] | None:
    """None: every finding of the review the user may read; else the article ids of the drafts a
    contributor may read (the articles assigned to them, until the executive summary is published)."""
    if review_permissions.is_summary_published(review) or not review_permissions.is_contributor_only(
        user, review
    ):
        return None
    return review_permissions.assigned_article_ids(user, review)


def can_view_finding(user: Any, finding: Finding) -> bool:
    """One finding with its drafting (comments, versions, translations): the circle, narrowed for contributors."""
    if not can_view_drafting(user, finding.review):
        return False
    if not review_permissions.is_contributor_only(user, finding.review):
        return True
    articles = review_permissions.assigned_article_ids(user, finding.review)
    return finding.articles.filter(pk__in=articles).exists()


def can_view_drafting(user: Any, review: Review) -> bool:
    """Comments, versions, translations in progress and follow-up: the confidential circle."""
    return review_permissions.can_view_confidential(user, review)


def can_draft(user: Any, review: Review) -> bool:
    """Experts on the review and the secretariat write findings."""
    if is_public(user):
        return False
    return is_secretariat(user) or review_permissions.is_expert_on(user, review)


def can_comment(user: Any, review: Review) -> bool:
    """The State under review (focal point, contributors) comments on drafts; the drafters answer."""
    if is_public(user):
        return False
    own = review.state_id in state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)
    return own or can_draft(user, review)


def can_freeze(user: Any, review: Review) -> bool:
    return is_secretariat(user)


def comments_visible_to(user: Any) -> QuerySet[FindingComment]:
    return FindingComment.objects.filter(finding__review__in=review_permissions.confidential_to(user))


def drafts_shared(review: Review) -> bool:
    return DraftSharing.objects.filter(review=review).exists()


def can_view_document(user: Any, review: Review, kind: str) -> bool:
    """Published (report: with consent): everyone. Else the circle, but a contributor only once the
    focal point shared the drafts."""
    if kind == DocumentKind.EXECUTIVE_SUMMARY:
        if review_permissions.is_summary_published(review):
            return True
    elif review_permissions.is_report_published(review):
        return True
    if not review_permissions.can_view_confidential(user, review):
        return False
    return not review_permissions.is_contributor_only(user, review) or drafts_shared(review)


def can_share_drafts(user: Any, review: Review) -> bool:
    """The focal point decides when the national contributors read the draft summary and report."""
    return review_permissions.acts_as_focal_point(user, review)


def can_import(user: Any) -> bool:
    return is_secretariat(user)


def can_export(user: Any) -> bool:
    """Exports hold drafts of every review: the secretariat only."""
    return is_secretariat(user)


def follow_up_visible_to(user: Any) -> QuerySet[FollowUpReport]:
    """Follow-up reports the user may read: those of reviews in the user's confidential circle, those
    of a State's earlier reviews for the experts on its later review (they read the self-assessment
    read-only), and published follow-up for everyone."""
    outcome_public = review_permissions.summary_published_q() | review_permissions.report_published_q()
    published = Q(
        review__follow_up_publication__isnull=False,
        review__in=Review.objects.filter(outcome_public).values("pk"),
    )
    if is_public(user):
        return FollowUpReport.objects.filter(published)
    if is_secretariat(user):
        return FollowUpReport.objects.all()
    circle = review_permissions.confidential_to(user)
    later = Q()
    for state_id, number in circle.values_list("state_id", "cycle__number"):
        later |= Q(review__state_id=state_id, review__cycle__number__lt=number)
    return FollowUpReport.objects.filter(Q(review__in=circle) | later | published).distinct()


def can_view_follow_up(user: Any, recommendation: Finding) -> bool:
    """A recommendation's follow-up: its review's circle, the experts on a later review of the State,
    everyone once the State published it."""
    if recommendation.type != FindingType.RECOMMENDATION:
        return False
    review = recommendation.review
    if is_secretariat(user) or (is_follow_up_published(review) and _outcome_public(review)):
        return True
    if is_public(user):
        return False
    return (
        review_permissions.confidential_to(user)
        .filter(Q(pk=review.pk) | Q(state_id=review.state_id, cycle__number__gt=review.cycle.number))
        .exists()
    )


def _outcome_public(review: Review) -> bool:
    """Published follow-up shows only beside a public outcome (R-F2): consent alone publishes nothing."""
    return review_permissions.is_summary_published(review) or review_permissions.is_report_published(review)


def follow_up_options(cycle: Any) -> FollowUpOptions:
    """The cycle's follow-up options (an unsaved row, both off, when none were set)."""
    if cycle is None:
        return FollowUpOptions()
    return FollowUpOptions.objects.filter(cycle=cycle).first() or FollowUpOptions(cycle=cycle)


def options_cycle(report: FollowUpReport) -> Any:
    """Follow-up is reported in a later review: its cycle's options apply (else the recommendation's)."""
    return (report.reported_in or report.review).cycle


def can_report_follow_up(user: Any, recommendation: Finding) -> bool:
    """The focal point and contributors of the State under review report; the secretariat may too."""
    if is_public(user) or recommendation.type != FindingType.RECOMMENDATION:
        return False
    if is_secretariat(user):
        return True
    return recommendation.review.state_id in state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)


def can_comment_follow_up(user: Any, report: FollowUpReport) -> bool:
    """Only where the cycle allows it: the experts of the reviewing States on the review in which the
    follow-up was reported (or on the recommendation's review)."""
    if is_public(user) or not follow_up_options(options_cycle(report)).reviewer_comments:
        return False
    return review_permissions.is_expert_on(user, report.reported_in or report.review)


def can_acknowledge_follow_up(user: Any, report: FollowUpReport) -> bool:
    """Only where the cycle allows it: the secretariat acknowledges receipt (never validates)."""
    return is_secretariat(user) and follow_up_options(options_cycle(report)).secretariat_acknowledgement


def can_set_follow_up_options(user: Any) -> bool:
    return is_secretariat(user)


def can_publish_follow_up(user: Any, review: Review) -> bool:
    """The State consents: its focal point publishes (or withdraws) its follow-up of a review."""
    return review_permissions.acts_as_focal_point(user, review)


def is_follow_up_published(review: Review) -> bool:
    return FollowUpPublication.objects.filter(review=review).exists()


def can_view_follow_up_overview(user: Any) -> bool:
    return is_secretariat(user)
