"""Who may see and do what with findings, documents and follow-up.

Visibility of review material is decided by irm.reviews.permissions (the confidentiality rule);
this module only applies it to findings: drafts inside the review's confidential circle, the
findings of a published executive summary to everyone, the full report only when published with
the State's consent.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_public, is_secretariat, state_ids
from irm.findings.models import DocumentKind, Finding, FindingComment, FindingType, FollowUpReport
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review


def visible_to(user: Any) -> QuerySet[Finding]:
    """Findings the user may read: those of reviews whose executive summary they may read."""
    return Finding.objects.filter(review__in=review_permissions.summaries_visible_to(user))


def can_view_findings(user: Any, review: Review) -> bool:
    return review_permissions.can_view_summary(user, review)


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


def can_view_document(user: Any, review: Review, kind: str) -> bool:
    if kind == DocumentKind.EXECUTIVE_SUMMARY:
        return review_permissions.can_view_summary(user, review)
    return review_permissions.can_view_report(user, review)


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
