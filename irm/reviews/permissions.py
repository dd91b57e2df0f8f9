"""Who may see and do what with a review — the confidentiality rule of the mechanism, in one place.

A review's *existence and pairing* (State under review, reviewing States, year, stage) are public.
Its *confidential material* (checklist answer, desk-review threads, draft findings, drafts and the
unpublished country report) is visible only to its confidential circle:

- the secretariat;
- the focal point and the national contributors of the State under review (the checklists app
  narrows contributors further to the articles assigned to them);
- the governmental experts assigned to the review (ReviewExpert).

The executive summary becomes public when published; the full country report only when it is
published *and* the State consented. Every app that holds review material (checklists, findings,
documents) asks these functions; none re-implements them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from irm.accounts.models import Role
from irm.accounts.roles import is_public, is_secretariat, state_ids
from irm.reviews.models import Milestone, Review, ReviewExpert, Stage


def visible_to(user: Any) -> QuerySet[Review]:
    """Reviews whose public facts (pairing, year, stage) the user may see: all of them."""
    return Review.objects.all()


def confidential_to(user: Any) -> QuerySet[Review]:
    """Reviews whose confidential material the user may see."""
    if is_public(user):
        return Review.objects.none()
    if is_secretariat(user):
        return Review.objects.all()
    own_states = state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)
    assigned = ReviewExpert.objects.filter(review=OuterRef("pk"), user=user)
    return Review.objects.filter(Q(state_id__in=own_states) | Exists(assigned))


def can_view(user: Any, review: Review) -> bool:
    return True


def can_view_confidential(user: Any, review: Review) -> bool:
    if is_public(user):
        return False
    if is_secretariat(user):
        return True
    if review.state_id in state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR):
        return True
    return ReviewExpert.objects.filter(review=review, user=user).exists()


def is_expert_on(user: Any, review: Review) -> bool:
    return not is_public(user) and ReviewExpert.objects.filter(review=review, user=user).exists()


def is_focal_point_of(user: Any, review: Review) -> bool:
    return review.state_id in state_ids(user, Role.FOCAL_POINT)


#: How contributors are narrowed to articles: apps that assign articles to national contributors register
#: a function (user, review) -> article ids (checklists registers its assignments in its AppConfig), so
#: this module imports no app built on reviews.
ARTICLE_ASSIGNMENTS: list[Callable[[Any, Review], set[int]]] = []


def register_article_assignments(provider: Callable[[Any, Review], set[int]]) -> None:
    if provider not in ARTICLE_ASSIGNMENTS:
        ARTICLE_ASSIGNMENTS.append(provider)


def is_contributor_only(user: Any, review: Review) -> bool:
    """A national contributor of the State under review who is not also its focal point, an expert on
    the review or the secretariat: sees only the articles assigned to them (issue 14 §5)."""
    if is_public(user) or is_secretariat(user) or review.state_id not in state_ids(user, Role.CONTRIBUTOR):
        return False
    return not acts_as_focal_point(user, review) and not is_expert_on(user, review)


def assigned_article_ids(user: Any, review: Review) -> set[int]:
    ids: set[int] = set()
    for provider in ARTICLE_ASSIGNMENTS:
        ids |= provider(user, review)
    return ids


def can_manage(user: Any, review: Review) -> bool:
    """Move stages, record delays, edit participants: the secretariat."""
    return is_secretariat(user)


def summary_published_q() -> Q:
    published = Milestone.objects.filter(
        review=OuterRef("pk"), stage=Stage.SUMMARY_PUBLISHED, done_on__isnull=False
    )
    return Q(Exists(published))


def report_published_q() -> Q:
    published = Milestone.objects.filter(
        review=OuterRef("pk"), stage=Stage.REPORT_PUBLISHED, done_on__isnull=False
    )
    return Q(Exists(published)) & Q(report_publication_consent=True)


def _stage_done(review: Review, stage: Stage) -> bool:
    """Whether the review's milestone of this stage is done: read from its prefetched milestones when a
    list prefetched them (`prefetch_related("milestones")`), so a list asks no query per review."""
    prefetched = getattr(review, "_prefetched_objects_cache", {}).get("milestones")
    if prefetched is not None:
        return any(m.stage == stage and m.done_on is not None for m in prefetched)
    return review.milestones.filter(stage=stage, done_on__isnull=False).exists()


def is_summary_published(review: Review) -> bool:
    return _stage_done(review, Stage.SUMMARY_PUBLISHED)


def is_report_published(review: Review) -> bool:
    return review.report_publication_consent and _stage_done(review, Stage.REPORT_PUBLISHED)


def can_view_summary(user: Any, review: Review) -> bool:
    return is_summary_published(review) or can_view_confidential(user, review)


def can_view_report(user: Any, review: Review) -> bool:
    return is_report_published(review) or can_view_confidential(user, review)


def summaries_visible_to(user: Any) -> QuerySet[Review]:
    """Reviews whose executive summary the user may read (published, or in their circle)."""
    return Review.objects.filter(summary_published_q()) | confidential_to(user)


def reports_visible_to(user: Any) -> QuerySet[Review]:
    return Review.objects.filter(report_published_q()) | confidential_to(user)


# --- Who may move a review along (the workflow of irm.reviews.services) ----------------------------
# These predicates only decide *who acts*; what anyone may *see* is decided above.

#: Besides the secretariat, who may mark a stage done: "focal_point" (of the State under review)
#: or "expert" (assigned to the review).
STAGE_ACTORS: dict[Stage, frozenset[str]] = {
    Stage.LOTS_DRAWN: frozenset(),
    Stage.REVIEW_NOTIFIED: frozenset(),  # the secretariat notifies the State under review
    Stage.FOCAL_POINT_NOMINATED: frozenset({"focal_point"}),
    Stage.KICK_OFF_HELD: frozenset(),
    Stage.CHECKLIST_SUBMITTED: frozenset({"focal_point"}),
    Stage.CHECKLIST_CIRCULATED: frozenset(),
    Stage.DESK_REVIEW_DONE: frozenset({"expert"}),
    Stage.DIRECT_DIALOGUE_HELD: frozenset(),
    Stage.DRAFT_REPORT_SENT: frozenset({"expert"}),
    Stage.SUMMARY_AGREED: frozenset({"focal_point"}),
    Stage.REPORT_FINALIZED: frozenset(),
    Stage.SUMMARY_PUBLISHED: frozenset(),
    Stage.REPORT_PUBLISHED: frozenset(),
    Stage.FOLLOW_UP: frozenset({"focal_point"}),
}


def acts_as_focal_point(user: Any, review: Review) -> bool:
    """The focal point of the State under review (by membership, or named on the review)."""
    if is_public(user):
        return False
    return is_focal_point_of(user, review) or (
        review.focal_point_id is not None and review.focal_point_id == user.pk
    )


def party_of(user: Any, review: Review) -> str | None:
    """Which side of the review the user acts on, to say whose turn it is (issue 17 §8): "secretariat",
    "reviewers" (an expert on it), "state" (focal point or contributor of the State under review), or None."""
    if is_public(user):
        return None
    if is_secretariat(user):
        return "secretariat"
    if is_expert_on(user, review):
        return "reviewers"
    if acts_as_focal_point(user, review) or review.state_id in state_ids(user, Role.CONTRIBUTOR):
        return "state"
    return None


def can_advance(user: Any, review: Review, stage: Stage) -> bool:
    if is_secretariat(user):
        return True
    actors = STAGE_ACTORS.get(Stage(stage), frozenset())
    if "focal_point" in actors and acts_as_focal_point(user, review):
        return True
    return "expert" in actors and is_expert_on(user, review)


def can_reopen(user: Any, review: Review) -> bool:
    return can_manage(user, review)


def can_record_delay(user: Any, review: Review) -> bool:
    return can_manage(user, review)


def can_suspend(user: Any, review: Review) -> bool:
    """The State under review (its focal point) or the secretariat may suspend and resume."""
    return is_secretariat(user) or acts_as_focal_point(user, review)


def can_set_focal_point(user: Any, review: Review) -> bool:
    return is_secretariat(user) or is_focal_point_of(user, review)


def can_assign_expert(user: Any, review: Review) -> bool:
    return can_manage(user, review)


def can_nominate_expert(user: Any, state_id: int) -> bool:
    """The secretariat, or the focal point of the State whose list it is."""
    return is_secretariat(user) or state_id in state_ids(user, Role.FOCAL_POINT)


def can_record_dialogue(user: Any, review: Review) -> bool:
    return is_secretariat(user) or is_expert_on(user, review)


def can_record_consent(user: Any, review: Review) -> bool:
    return is_secretariat(user) or acts_as_focal_point(user, review)


def can_publish(user: Any, review: Review) -> bool:
    return is_secretariat(user)


def can_edit_timeline(user: Any) -> bool:
    return is_secretariat(user)


def can_edit_reminders(user: Any) -> bool:
    """A cycle's reminder settings (R-T3): the secretariat. Asked here, for the cycles app that holds
    them sits beside accounts and knows no roles."""
    return is_secretariat(user)


def can_view_progress(user: Any, review: Review) -> bool:
    """Due dates, delays and the history of a review: its confidential circle."""
    return can_view_confidential(user, review)
