"""Who may see the follow-up pages of this app; the follow-up records' own rules are the findings app's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from irm.accounts.roles import is_public, is_secretariat
from irm.findings import permissions as findings_permissions
from irm.findings.models import FollowUpReport
from irm.findings.selectors import published_follow_up_reviews
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Milestone, Review, Stage


def can_view_compilations(user: Any) -> bool:
    """The full compilations (every State, published or not): the secretariat. The public version of
    the public record shows only published follow-up."""
    return is_secretariat(user)


def can_view_self_assessment(user: Any, review: Review) -> bool:
    """A review's follow-up section: its confidential circle (the State edits, the experts read)."""
    return review_permissions.can_view_confidential(user, review)


def can_list(user: Any) -> bool:
    """The follow-up lists of the API (`/api/v1/follow-up/…`): signed-in users, each seeing only what
    `reviews_visible_to` gives them; the public reads the public record's list instead."""
    return not is_public(user)


def reviews_visible_to(user: Any) -> QuerySet[Review]:
    """Reviews (summary agreed) whose recommendations' follow-up the user may read: every one for the
    secretariat; the user's confidential circle and the earlier reviews of a State whose later review is
    in it (read-only); published follow-up for everyone (the same rule as
    `findings.permissions.follow_up_visible_to`)."""
    agreed = Milestone.objects.filter(stage=Stage.SUMMARY_AGREED, done_on__isnull=False).values("review_id")
    published = published_follow_up_reviews().values("pk")
    if is_secretariat(user):
        return Review.objects.filter(pk__in=agreed)
    if is_public(user):
        return Review.objects.filter(pk__in=published)
    circle = review_permissions.confidential_to(user)
    seen = Q(pk__in=circle.values("pk")) | Q(pk__in=published)
    for state_id, number in circle.values_list("state_id", "cycle__number"):
        seen |= Q(state_id=state_id, cycle__number__lt=number)
    return Review.objects.filter(seen, pk__in=agreed)


def reports_visible_to(user: Any) -> QuerySet[FollowUpReport]:
    """The follow-up reports the user may read (the findings app decides)."""
    return findings_permissions.follow_up_visible_to(user)
