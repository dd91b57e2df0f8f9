"""Reads behind the pages: dashboards, the list of parties with their review status, party facts.

Who may see which review's confidential material is never decided here: these functions ask
`irm.reviews.permissions` and only ever show the public facts of a review (pairing, year, stage)
to people outside its circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from irm.accounts.models import Role
from irm.accounts.roles import state_ids
from irm.convention.models import Article, Chapter
from irm.cycles.models import Cycle
from irm.parties import permissions as party_permissions
from irm.parties.models import State
from irm.parties.names import NameResolver
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Milestone, Review, Stage

#: The three statuses a State's review has in the list of parties.
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STATUS_CHOICES = [
    (NOT_STARTED, _("Not started")),
    (IN_PROGRESS, _("In progress")),
    (COMPLETED, _("Completed")),
]

#: Stages at which a review is "completed" (the executive summary is agreed, or later).
COMPLETED_STAGES = [s.value for s in Stage if s.index >= Stage.SUMMARY_AGREED.index]
#: Stages at which nothing has happened yet but the drawing of lots.
NOT_STARTED_STAGES = [Stage.LOTS_DRAWN.value]


def status_of_stage(stage: str | None) -> str:
    if stage is None or stage in NOT_STARTED_STAGES:
        return NOT_STARTED
    if stage in COMPLETED_STAGES:
        return COMPLETED
    return IN_PROGRESS


def current_cycle() -> Cycle | None:
    """The latest cycle: the one whose reviews the dashboards and the party status speak of."""
    return Cycle.objects.order_by("-number").first()


def _review_queryset() -> QuerySet[Review]:
    return Review.objects.select_related("cycle", "state", "reviewer_1", "reviewer_2")


# Dashboards ---------------------------------------------------------------------------------


@dataclass
class StageCount:
    stage: str
    label: str
    count: int


@dataclass
class SecretariatDashboard:
    cycle: Cycle | None
    stage_counts: list[StageCount] = field(default_factory=list)
    total: int = 0
    overdue: int = 0
    #: Steps overdue long enough to be escalated to the secretariat and still not done (R-T3).
    escalated: list[Any] = field(default_factory=list)


def secretariat_dashboard() -> SecretariatDashboard:
    from irm.reviews.selectors import escalated_steps

    cycle = current_cycle()
    board = SecretariatDashboard(cycle=cycle, escalated=escalated_steps())
    if cycle is None:
        return board
    counts = dict(
        Review.objects.filter(cycle=cycle)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    board.stage_counts = [StageCount(s.value, str(s.label), counts.get(s.value, 0)) for s in Stage]
    board.total = sum(counts.values())
    board.overdue = Milestone.objects.filter(
        review__cycle=cycle, due_on__lt=timezone.localdate(), done_on__isnull=True
    ).count()
    return board


def own_state_reviews(user: Any) -> QuerySet[Review]:
    """Reviews of the States the user is focal point or contributor of (always in their circle)."""
    own = state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)
    return (
        review_permissions.confidential_to(user)
        .filter(state_id__in=own)
        .select_related("cycle", "state", "reviewer_1", "reviewer_2")
        .order_by("-cycle__number", "state__name_en")
    )


def assigned_reviews(user: Any) -> QuerySet[Review]:
    """Reviews the user acts on as a governmental expert."""
    return (
        review_permissions.confidential_to(user)
        .filter(experts__user=user)
        .select_related("cycle", "state", "reviewer_1", "reviewer_2")
        .distinct()
        .order_by("-cycle__number", "state__name_en")
    )


@dataclass
class PublicDashboard:
    cycles: list[Cycle]
    parties: int
    summaries_published: int
    reports_published: int
    by_region: list[tuple[str, str, int]]


def public_dashboard() -> PublicDashboard:
    from irm.parties.models import RegionalGroup

    states = party_permissions.visible_to(None)
    counts = dict(
        states.values_list("regional_group").annotate(n=Count("id")).values_list("regional_group", "n")
    )
    return PublicDashboard(
        cycles=list(Cycle.objects.prefetch_related("chapters")),
        parties=states.count(),
        summaries_published=Review.objects.filter(review_permissions.summary_published_q()).count(),
        reports_published=Review.objects.filter(review_permissions.report_published_q()).count(),
        by_region=[(code, str(label), counts.get(code, 0)) for code, label in RegionalGroup.choices],
    )


# Parties ------------------------------------------------------------------------------------


@dataclass
class PartySearch:
    states: list[State]
    suggestions: list[State]
    cycle: Cycle | None


def _name_matches(query: str) -> Q:
    q = Q(iso3__iexact=query) | Q(aliases__alias__icontains=query)
    for suffix in ("en", "zh", "ar", "fr", "ru", "es"):
        q |= Q(**{f"name_{suffix}__icontains": query})
    return q


def search_parties(user: Any, *, query: str = "", region: str = "", status: str = "") -> PartySearch:
    """States matching a name (any language, alias or code), a regional group and a review status.

    Each State carries `review` (its review in the latest cycle, or None) and `status`.
    When a name matches nothing, `suggestions` holds the resolver's "did you mean" States.
    """
    cycle = current_cycle()
    states = party_permissions.visible_to(user)
    if region:
        states = states.filter(regional_group=region)
    suggestions: list[State] = []
    if query:
        resolver = None
        matched = states.filter(_name_matches(query)).distinct()
        if not matched.exists():
            resolver = NameResolver()
            try:
                exact = resolver.resolve(query)
            except Exception:  # UnknownStateName: fall through to suggestions
                exact = None
            if exact is not None:
                matched = states.filter(pk=exact.pk)
            else:
                suggestions = resolver.suggest(query, limit=5)
        states = matched
    reviews = {}
    if cycle is not None:
        reviews = {r.state_id: r for r in _review_queryset().filter(cycle=cycle)}
    found = []
    for state in states.order_by("name_en"):
        state.review = reviews.get(state.pk)  # type: ignore[attr-defined]
        state.status = status_of_stage(state.review.stage if state.review else None)  # type: ignore[attr-defined]
        if status and state.status != status:  # type: ignore[attr-defined]
            continue
        found.append(state)
    return PartySearch(states=found, suggestions=suggestions, cycle=cycle)


@dataclass
class ReviewRow:
    review: Review
    status: str
    summary_published: bool
    report_published: bool


def party_reviews(state: State) -> list[ReviewRow]:
    """The State's reviews, one per cycle, with their public facts."""
    reviews = (
        _review_queryset()
        .filter(state=state)
        .annotate(
            summary_published=ExpressionWrapper(
                review_permissions.summary_published_q(), output_field=BooleanField()
            ),
            report_published=ExpressionWrapper(
                review_permissions.report_published_q(), output_field=BooleanField()
            ),
        )
        .order_by("cycle__number")
    )
    return [
        ReviewRow(r, status_of_stage(r.stage), bool(r.summary_published), bool(r.report_published))  # type: ignore[attr-defined]
        for r in reviews
    ]


def reviews_by_state_as_reviewer(state: State) -> QuerySet[Review]:
    return _review_queryset().filter(Q(reviewer_1=state) | Q(reviewer_2=state)).order_by("cycle__number")


# Convention and cycles ----------------------------------------------------------------------


def convention_browser() -> QuerySet[Chapter]:
    """Chapters → articles, each article with the cycles that review it."""
    return Chapter.objects.prefetch_related(
        "cycles",
        Prefetch("articles", queryset=Article.objects.order_by("number").prefetch_related("cycles")),
    )


def cycle_with_details(number: int) -> Cycle | None:
    return (
        Cycle.objects.filter(number=number)
        .prefetch_related(
            "chapters",
            Prefetch("articles", queryset=Article.objects.select_related("chapter").order_by("number")),
            "ta_categories",
            "extensions",
        )
        .first()
    )


def cycle_stage_counts(cycle: Cycle) -> list[StageCount]:
    counts = dict(
        Review.objects.filter(cycle=cycle)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return [StageCount(s.value, str(s.label), counts[s.value]) for s in Stage if counts.get(s.value)]
