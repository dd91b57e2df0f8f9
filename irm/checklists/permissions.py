"""Who may see and do what with a checklist answer.

Built ON TOP of `irm.reviews.permissions`: a user must first be in the review's confidential
circle (`confidential_to` / `can_view_confidential`); then
- the secretariat sees everything (live drafts included) and may reopen a submitted answer;
- the focal point of the State under review sees everything, assigns, comments, accepts, submits;
- a national contributor sees and edits only the articles assigned to them;
- a governmental expert on the review sees only SUBMITTED versions (never live drafts), asks
  questions in the desk review; before the first submission the answer does not exist for them;
- anyone else (experts of other reviews included) sees nothing: views answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_public, is_secretariat, state_ids
from irm.checklists.models import Assignment, Checklist, Thread
from irm.convention.models import Article
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review

SECRETARIAT = "secretariat"
FOCAL_POINT = "focal_point"
CONTRIBUTOR = "contributor"
EXPERT = "expert"


def role_on(user: Any, review: Review) -> str | None:
    """The capacity in which the user meets this review's answer, or None (outside the circle)."""
    if is_public(user) or not review_permissions.can_view_confidential(user, review):
        return None
    if is_secretariat(user):
        return SECRETARIAT
    if review_permissions.is_focal_point_of(user, review):
        return FOCAL_POINT
    if review.state_id in state_ids(user, Role.CONTRIBUTOR):
        return CONTRIBUTOR
    if review_permissions.is_expert_on(user, review):
        return EXPERT
    return None


def visible_to(user: Any) -> QuerySet[Checklist]:
    """Checklist answers the user may open (experts: only once something was submitted)."""
    circle = Checklist.objects.filter(review__in=review_permissions.confidential_to(user))
    if is_public(user) or is_secretariat(user):
        return circle
    own = state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)
    return circle.filter(Q(review__state_id__in=own) | Q(submissions__isnull=False)).distinct()


def can_view(user: Any, checklist: Checklist) -> bool:
    role = role_on(user, checklist.review)
    if role is None:
        return False
    if role == EXPERT:
        return checklist.submissions.exists()
    return True


def sees_live(user: Any, checklist: Checklist) -> bool:
    """Whether the user sees the answer as it is being written (not only submitted versions)."""
    return role_on(user, checklist.review) in {SECRETARIAT, FOCAL_POINT, CONTRIBUTOR}


def assigned_article_ids(user: Any, checklist: Checklist) -> set[int]:
    return set(Assignment.objects.filter(checklist=checklist, user=user).values_list("article_id", flat=True))


def articles_assigned_on_review(user: Any, review: Review) -> set[int]:
    """The articles of the review's answer assigned to the user (registered with reviews.permissions)."""
    if is_public(user):
        return set()
    rows = Assignment.objects.filter(checklist__review=review, user=user).values_list("article_id", flat=True)
    return set(rows)


def visible_article_ids(user: Any, checklist: Checklist) -> set[int] | None:
    """None = every article; otherwise the ids of the articles the user may read."""
    role = role_on(user, checklist.review)
    if role in {SECRETARIAT, FOCAL_POINT}:
        return None
    if role == EXPERT:
        return None if checklist.submissions.exists() else set()
    if role == CONTRIBUTOR:
        return assigned_article_ids(user, checklist)
    return set()


def can_view_article(user: Any, checklist: Checklist, article: Article) -> bool:
    if not can_view(user, checklist):
        return False
    ids = visible_article_ids(user, checklist)
    return ids is None or article.pk in ids


def may_write_article(user: Any, checklist: Checklist, article: Article) -> bool:
    """Whether the user is one of the article's writers (whether the answer is locked or not)."""
    role = role_on(user, checklist.review)
    if role == FOCAL_POINT:
        return True
    return role == CONTRIBUTOR and article.pk in assigned_article_ids(user, checklist)


def can_edit_article(user: Any, checklist: Checklist, article: Article) -> bool:
    return not checklist.is_locked and may_write_article(user, checklist, article)


def can_start(user: Any, review: Review) -> bool:
    return role_on(user, review) in {SECRETARIAT, FOCAL_POINT}


def can_manage(user: Any, checklist: Checklist) -> bool:
    """Assign articles, accept them, submit, import, carry over, record stakeholders: the focal point."""
    return role_on(user, checklist.review) == FOCAL_POINT


def can_reopen(user: Any, checklist: Checklist) -> bool:
    return checklist.is_locked and role_on(user, checklist.review) in {FOCAL_POINT, SECRETARIAT}


def can_view_whole(user: Any, checklist: Checklist) -> bool:
    """Versions, diffs, exports, stakeholders and general needs: the answer as a whole."""
    return role_on(user, checklist.review) in {SECRETARIAT, FOCAL_POINT} or (
        role_on(user, checklist.review) == EXPERT and checklist.submissions.exists()
    )


def can_edit_need(user: Any, checklist: Checklist, article: Article | None) -> bool:
    """Needs of an article: whoever may edit the article; general and chapter needs: the focal point."""
    if article is None:
        return can_manage(user, checklist)
    return may_write_article(user, checklist, article)


def can_ask(user: Any, checklist: Checklist) -> bool:
    """Desk review: experts on the review (and the secretariat) on a submitted answer."""
    return role_on(user, checklist.review) in {EXPERT, SECRETARIAT} and checklist.submissions.exists()


def can_view_thread(user: Any, thread: Thread) -> bool:
    return can_view_article(user, thread.checklist, thread.article)


def can_reply(user: Any, thread: Thread) -> bool:
    role = role_on(user, thread.checklist.review)
    if role in {FOCAL_POINT, EXPERT, SECRETARIAT}:
        return role != EXPERT or thread.checklist.submissions.exists()
    return role == CONTRIBUTOR and thread.article_id in assigned_article_ids(user, thread.checklist)
