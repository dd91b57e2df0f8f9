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
    return FollowUpReport.objects.filter(review__in=review_permissions.confidential_to(user))


def can_report_follow_up(user: Any, recommendation: Finding) -> bool:
    """The focal point and contributors of the State under review report; the secretariat may too."""
    if is_public(user) or recommendation.type != FindingType.RECOMMENDATION:
        return False
    if is_secretariat(user):
        return True
    return recommendation.review.state_id in state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)


def can_validate_follow_up(user: Any, report: FollowUpReport) -> bool:
    return is_secretariat(user)


def can_view_follow_up_overview(user: Any) -> bool:
    return is_secretariat(user)
