"""What each person's home shows: their work, not the public figures (issue 17 §1).

One builder per role, each a few bounded reads through the owning apps' permissions and selectors:
the focal point's reviews with the checklist's per-article progress and who works on what, the next
deadlines and what is overdue; the contributor's assigned articles; the expert's reviews and
deadlines; the delegate's sessions, statements and speakers lists; the observer's sessions; the
donor's contributions and the finance reports; the secretariat's overdue steps and coming sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from irm.checklists import permissions as checklist_permissions
from irm.checklists import selectors as checklist_selectors
from irm.checklists.models import Assignment, Checklist
from irm.finance import permissions as finance_permissions
from irm.meetings import permissions as meeting_permissions
from irm.meetings.models import Delegation, Session, SpeakersList, Statement
from irm.reviews.models import Milestone, Review, Stage

#: An article's progress in words (never the code).
ARTICLE_STATES = {
    "accepted": _("Accepted by the experts"),
    "needs_attention": _("Needs attention"),
    "answered": _("Answered"),
    "in_progress": _("In progress"),
    "not_started": _("Not started"),
}
#: Who holds the ball at each stage, in words.
WAITING_FOR = {
    Stage.FOCAL_POINT_NOMINATED: _("your State (nominate the focal point)"),
    Stage.KICK_OFF_HELD: _("the secretariat, the experts and the focal point (kick-off)"),
    Stage.CHECKLIST_SUBMITTED: _("your State (submit the checklist)"),
    Stage.CHECKLIST_CIRCULATED: _("the secretariat (translate and circulate the answer)"),
    Stage.DESK_REVIEW_DONE: _("the governmental experts (desk review)"),
    Stage.DIRECT_DIALOGUE_HELD: _("everyone (direct dialogue)"),
    Stage.DRAFT_REPORT_SENT: _("the governmental experts and the secretariat (draft report)"),
}
LIMIT = 10


@dataclass
class Deadline:
    review: Review
    stage_label: str
    due_on: date
    days_late: int
    waiting_for: str = ""


@dataclass
class ArticleLine:
    number: int
    title: str
    state: str
    percent: int
    people: list[str]
    url: str = ""


@dataclass
class ReviewCard:
    review: Review
    checklist: Checklist | None = None
    articles: list[ArticleLine] = field(default_factory=list)
    answered_percent: int = 0
    overdue: list[Deadline] = field(default_factory=list)
    next_deadline: Deadline | None = None


def _deadline(review: Review, milestone: Milestone, today: date) -> Deadline:
    stage = Stage(milestone.stage)
    due = milestone.due_on or today
    return Deadline(
        review=review,
        stage_label=str(stage.label),
        due_on=due,
        days_late=max(0, (today - due).days),
        waiting_for=str(WAITING_FOR.get(stage, _("the secretariat"))),
    )


def _article_lines(user: Any, checklist: Checklist, article_ids: set[int] | None) -> tuple[list, int]:
    from django.urls import reverse

    progress = checklist_selectors.progress(checklist, article_ids=article_ids)
    lines = [
        ArticleLine(
            number=row.article.number,
            title=str(row.article.title),
            state=str(ARTICLE_STATES.get(row.state, row.state)),
            percent=row.percent,
            people=[p.get_full_name() or p.get_username() for p in row.assignees],
            url=reverse("checklists:article", args=[checklist.pk, row.article.number]),
        )
        for row in progress.articles
    ]
    return lines, progress.answered_percent


def review_cards(user: Any, reviews: list[Review], *, today: date | None = None) -> list[ReviewCard]:
    """Each review with its checklist's progress (as far as the user may see it), the next deadline
    and the overdue steps. Finished reviews are never overdue (their stages may be unrecorded)."""
    today = today or timezone.localdate()
    cards = []
    checklists = {
        c.review_id: c
        for c in checklist_permissions.visible_to(user).filter(review__in=[r.pk for r in reviews])
    }
    milestones: dict[int, list[Milestone]] = {}
    for m in Milestone.objects.filter(review__in=[r.pk for r in reviews], done_on__isnull=True).exclude(
        due_on=None
    ):
        milestones.setdefault(m.review_id, []).append(m)
    for review in reviews:
        card = ReviewCard(review=review, checklist=checklists.get(review.pk))
        if card.checklist is not None:
            card.articles, card.answered_percent = _article_lines(
                user, card.checklist, checklist_permissions.visible_article_ids(user, card.checklist)
            )
        finished = Stage(review.stage).index >= Stage.SUMMARY_AGREED.index
        if not finished:
            open_steps = sorted(milestones.get(review.pk, []), key=lambda m: m.due_on or today)
            card.overdue = [_deadline(review, m, today) for m in open_steps if m.due_on and m.due_on < today]
            coming = [m for m in open_steps if m.due_on and m.due_on >= today]
            card.next_deadline = _deadline(review, coming[0], today) if coming else None
        cards.append(card)
    return cards


def state_home(user: Any, reviews: Any) -> dict[str, Any]:
    """Focal point (and contributor): my State's reviews, checklist, deadlines, what is overdue."""
    current = list(reviews[:LIMIT])
    return {"cards": review_cards(user, current)}


def contributor_home(user: Any) -> dict[str, Any]:
    """The articles assigned to me and their state."""
    lines = []
    assignments = (
        Assignment.objects.filter(user=user)
        .select_related("checklist__review__state", "checklist__review__cycle", "article")
        .order_by("checklist_id", "article__number")[:50]
    )
    by_checklist: dict[int, tuple[Checklist, set[int]]] = {}
    for a in assignments:
        by_checklist.setdefault(a.checklist_id, (a.checklist, set()))[1].add(a.article_id)
    for checklist, ids in by_checklist.values():
        articles, _percent = _article_lines(user, checklist, ids)
        lines.append((checklist, articles))
    return {"assigned": lines}


def expert_home(user: Any, reviews: Any) -> dict[str, Any]:
    """The reviews I am on, what to read (the submitted checklist) and my deadlines."""
    return {"cards": review_cards(user, list(reviews[:LIMIT]))}


def delegate_home(user: Any, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    states = meeting_permissions.delegate_state_ids(user)
    delegations = list(
        Delegation.objects.filter(state_id__in=states, session__ends_on__gte=today)
        .select_related("session", "state")
        .order_by("session__starts_on")[:LIMIT]
    )
    sessions = [d.session for d in delegations]
    return {
        "delegations": delegations,
        "statements": list(
            Statement.objects.filter(delegation__state_id__in=states)
            .select_related("session")
            .order_by("-pk")[:LIMIT]
        ),
        "speakers_lists": list(
            SpeakersList.objects.filter(session__in=sessions).select_related("session", "agenda_item")[:LIMIT]
        ),
    }


def coming_sessions(user: Any, today: date | None = None) -> list[Session]:
    today = today or timezone.localdate()
    return list(meeting_permissions.visible_to(user).filter(ends_on__gte=today).order_by("starts_on")[:LIMIT])


def donor_home(user: Any) -> dict[str, Any]:
    return {
        "donors": list(finance_permissions.donors_of(user).select_related("state")[:LIMIT]),
        "contributions": list(
            finance_permissions.contributions_visible_to(user)
            .select_related("donor__state")
            .order_by("-pk")[:LIMIT]
        ),
        "reports": list(finance_permissions.visible_to(user).order_by("-as_of")[:5]),
    }
