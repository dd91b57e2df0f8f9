"""Reads of the reviews app: a review's timeline, the overview of a cycle, deadlines, the status.

Objects are fetched through irm.reviews.permissions; nothing here writes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from irm.accounts.models import Membership, Role
from irm.core.exceptions import NotFound
from irm.core.models import AuditEvent
from irm.cycles.models import THRESHOLD_SOURCE, THRESHOLD_STATUS, Cycle, CycleExtension
from irm.parties.models import RegionalGroup
from irm.reviews import permissions
from irm.reviews.models import (
    CalendarFeed,
    Delay,
    DialogueType,
    DirectDialogue,
    Milestone,
    Review,
    ReviewExpert,
    ReviewOfficer,
    Stage,
)
from irm.reviews.timeline import (
    Step,
    compute_due_dates,
    days_late,
    latest_overrides,
    next_stage,
    planned_dates,
    steps_for,
)

COUNTRY_VISITS = (DialogueType.ON_SITE, DialogueType.ONLINE, DialogueType.HYBRID)


# --- fetching -----------------------------------------------------------------------------------


def _with_related(qs: QuerySet[Review]) -> QuerySet[Review]:
    return qs.select_related("cycle", "state", "reviewer_1", "reviewer_2", "focal_point").prefetch_related(
        "milestones", "delays"
    )


def get_review(user: Any, cycle: int, iso3: str) -> Review:
    """A review whose public facts the user may see, or NotFound."""
    review = (
        _with_related(permissions.visible_to(user))
        .filter(cycle__number=cycle, state__iso3=iso3.upper())
        .first()
    )
    if review is None:
        raise NotFound("No such review.")
    return review


def get_confidential_review(user: Any, cycle: int, iso3: str) -> Review:
    """A review whose workflow and material the user may see; NotFound otherwise (never 403)."""
    review = (
        _with_related(permissions.confidential_to(user))
        .filter(cycle__number=cycle, state__iso3=iso3.upper())
        .first()
    )
    if review is None:
        raise NotFound("No such review.")
    return review


# --- one review ---------------------------------------------------------------------------------


@dataclass
class TimelineRow:
    stage: Stage
    planned_on: date | None
    due_on: date | None
    done_on: date | None
    days_late: int
    delay: Delay | None = None
    is_next: bool = False
    not_recorded: bool = False  # passed (the review is at a later stage) but its date was never recorded

    @property
    def label(self) -> str:
        return str(self.stage.label)

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.days_late > 0


def reached_stage(review: Review) -> Stage:
    """The stage the review is recorded at (its `stage` field), whether or not every milestone before
    it has a date: imported and demo histories often hold only the stage."""
    return Stage(review.stage) if review.stage in Stage.values else Stage.LOTS_DRAWN


def is_finished(review: Review) -> bool:
    """The executive summary is agreed: nothing of the review is overdue any more (issue 17 §8)."""
    return reached_stage(review).index >= Stage.SUMMARY_AGREED.index


def _open_stage(review: Review, done: dict[Stage, date | None]) -> Stage | None:
    following = next_stage(review, done)
    reached = reached_stage(review)
    if following is not None and following.index <= reached.index:
        following = next((s for s in Stage.ordered() if s.index > reached.index and not done.get(s)), None)
    return following


def done_map(review: Review) -> dict[Stage, date | None]:
    return {Stage(m.stage): m.done_on for m in review.milestones.all()}


def held_dialogue(review: Review) -> DirectDialogue | None:
    """The direct dialogue once held (its milestone done): its kind and dates are public facts of the
    review, as the status reports count them; participants and stakeholders stay with its circle."""
    if not done_map(review).get(Stage.DIRECT_DIALOGUE_HELD):
        return None
    return DirectDialogue.objects.filter(review=review).first()


def due_map(review: Review, steps: dict[Stage, Step] | None = None) -> dict[Stage, date | None]:
    """The stored due dates; computed on the fly for a review whose milestones were not all made
    yet (e.g. just drawn by the lots app, before any service touched it)."""
    milestones = list(review.milestones.all())
    if len(milestones) == len(Stage):
        return {Stage(m.stage): m.due_on for m in milestones}
    done = {Stage(m.stage): m.done_on for m in milestones}
    if not done.get(Stage.LOTS_DRAWN) and review.created_at:
        done[Stage.LOTS_DRAWN] = review.created_at.date()
    return compute_due_dates(
        steps if steps is not None else steps_for(review.cycle_id),
        done,
        latest_overrides(review.delays.all()),
    )


def timeline(review: Review, *, as_of: date | None = None) -> list[TimelineRow]:
    """Each stage: planned (on time from the draw), due (after delays), done, and how late."""
    as_of = as_of or date.today()
    milestones = {Stage(m.stage): m for m in review.milestones.all()}
    done = {s: m.done_on for s, m in milestones.items()}
    planned = planned_dates(
        steps_for(review.cycle_id), done.get(Stage.LOTS_DRAWN), done.get(Stage.REVIEW_NOTIFIED)
    )
    delays: dict[Stage, Delay] = {}
    for delay in sorted(review.delays.all(), key=lambda d: (d.recorded_at, d.id)):
        delays[Stage(delay.stage)] = delay
    following = _open_stage(review, done)
    reached = reached_stage(review)
    finished = is_finished(review)
    dues = due_map(review)
    rows = []
    for stage in Stage.ordered():
        due = dues.get(stage)
        not_recorded = not done.get(stage) and stage.index <= reached.index
        late = days_late(due, done.get(stage), as_of)
        if (not_recorded or finished) and not done.get(stage):
            late = 0  # a passed step without a date, or a finished review: never overdue
        rows.append(
            TimelineRow(
                stage=stage,
                planned_on=planned.get(stage),
                due_on=due,
                done_on=done.get(stage),
                days_late=late,
                delay=delays.get(stage),
                is_next=stage == following,
                not_recorded=not_recorded,
            )
        )
    return rows


def current_delay(
    review: Review, *, as_of: date, steps: dict[Stage, Step] | None = None
) -> tuple[Stage | None, date | None, int]:
    """The open stage, its due date and how many days late it is today."""
    done = done_map(review)
    stage = _open_stage(review, done)
    if stage is None:
        return None, None, 0
    due = due_map(review, steps).get(stage)
    return stage, due, 0 if is_finished(review) else days_late(due, None, as_of)


#: Who holds the ball at each stage still to be done, and what they do (issue 17 §8): "state" (the State
#: under review: its focal point and contributors), "reviewers" (the governmental experts of the reviewing
#: States) or "secretariat".
BALL: dict[Stage, tuple[str, Any]] = {
    Stage.REVIEW_NOTIFIED: ("secretariat", _("notify the State under review that its review starts")),
    Stage.FOCAL_POINT_NOMINATED: ("state", _("nominate the focal point")),
    Stage.KICK_OFF_HELD: ("secretariat", _("hold the kick-off call with the State and the reviewing States")),
    Stage.CHECKLIST_SUBMITTED: ("state", _("answer the checklist")),
    Stage.CHECKLIST_CIRCULATED: ("secretariat", _("translate and circulate the answer")),
    Stage.DESK_REVIEW_DONE: ("reviewers", _("do the desk review of the answer")),
    Stage.DIRECT_DIALOGUE_HELD: ("secretariat", _("hold the direct dialogue with the State and the experts")),
    Stage.DRAFT_REPORT_SENT: ("reviewers", _("draft the country report and send it to the State")),
    Stage.SUMMARY_AGREED: ("state", _("agree the executive summary")),
    Stage.REPORT_FINALIZED: ("secretariat", _("finalize the country report")),
    Stage.SUMMARY_PUBLISHED: ("secretariat", _("publish the executive summary")),
    Stage.REPORT_PUBLISHED: ("secretariat", _("publish the full report, if the State consents")),
    Stage.FOLLOW_UP: ("state", _("report on the follow-up of the recommendations")),
}

HOLDERS: dict[str, Any] = {
    "state": _("the State under review"),
    "reviewers": _("the reviewing States' experts"),
    "secretariat": _("the secretariat"),
}


@dataclass(frozen=True)
class NextStep:
    """The review's next step: its stage, who holds the ball, what they do, by when (none once the review is
    finished: nothing of it is overdue then) and whether the viewer is the one to act."""

    stage: Stage
    holder: str
    holder_label: str
    action: str
    due_on: date | None
    days_late: int
    yours: bool


def next_step(review: Review, *, party: str | None, as_of: date) -> NextStep | None:
    """The open stage as `party` ("state", "reviewers", "secretariat" or None) reads it; None when every
    stage is done."""
    stage, due, late = current_delay(review, as_of=as_of)
    if stage is None or stage not in BALL:
        return None
    holder, action = BALL[stage]
    finished = is_finished(review)
    return NextStep(
        stage=stage,
        holder=holder,
        holder_label=str(HOLDERS[holder]),
        action=str(action),
        due_on=None if finished else due,
        days_late=0 if finished else late,
        yours=party == holder,
    )


def participants(review: Review) -> dict[str, Any]:
    return {
        "focal_point": review.focal_point,
        "experts": list(ReviewExpert.objects.filter(review=review).select_related("user", "state")),
        "officers": list(ReviewOfficer.objects.filter(review=review).select_related("user")),
        "dialogue": DirectDialogue.objects.filter(review=review).first(),
    }


def history(review: Review) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="reviews.review", object_id=str(review.pk)).order_by("seq")


# --- the overview of a cycle --------------------------------------------------------------------


@dataclass
class OverviewRow:
    review: Review
    open_stage: Stage | None
    due_on: date | None
    days_late: int
    delay: Delay | None

    @property
    def region(self) -> str:
        return self.review.state.regional_group


def overview(
    user: Any,
    cycle: Cycle,
    *,
    as_of: date | None = None,
    stage: str = "",
    year: int | None = None,
    region: str = "",
    overdue: bool = False,
) -> list[OverviewRow]:
    """All reviews of a cycle, filtered. Overdue figures only for reviews in the user's circle."""
    as_of = as_of or date.today()
    qs = _with_related(permissions.visible_to(user).filter(cycle=cycle)).order_by("state__name_en")
    if stage:
        qs = qs.filter(stage=stage)
    if year:
        qs = qs.filter(year=year)
    if region:
        qs = qs.filter(state__regional_group=region)
    circle = set(permissions.confidential_to(user).filter(cycle=cycle).values_list("pk", flat=True))
    steps = steps_for(cycle.pk)
    rows = []
    for review in qs:
        if review.pk in circle:
            open_stage, due, late = current_delay(review, as_of=as_of, steps=steps)
            delays = [d for d in review.delays.all() if open_stage and d.stage == open_stage]
            delay = max(delays, key=lambda d: (d.recorded_at, d.id)) if delays else None
        else:
            open_stage, due, late, delay = None, None, 0, None
        if overdue and late <= 0:
            continue
        rows.append(OverviewRow(review, open_stage, due, late, delay))
    return rows


OVERVIEW_COLUMNS = [
    "cycle",
    "iso3",
    "state",
    "regional_group",
    "year",
    "reviewer_1",
    "reviewer_2",
    "stage",
    "suspended",
    "next_stage",
    "due_on",
    "days_late",
    "delay_reason",
    "new_target_date",
]


def overview_records(rows: Iterable[OverviewRow]) -> list[dict[str, Any]]:
    """Flat records for CSV/XLSX export (dates as ISO 8601)."""
    records = []
    for row in rows:
        r = row.review
        records.append(
            {
                "cycle": r.cycle.number,
                "iso3": r.state.iso3,
                "state": r.state.name_en,
                "regional_group": r.state.regional_group,
                "year": r.year or "",
                "reviewer_1": r.reviewer_1.iso3 if r.reviewer_1 else "",
                "reviewer_2": r.reviewer_2.iso3 if r.reviewer_2 else "",
                "stage": r.stage,
                "suspended": "yes" if r.is_suspended else "",
                "next_stage": str(row.open_stage or ""),
                "due_on": row.due_on.isoformat() if row.due_on else "",
                "days_late": row.days_late if row.due_on else "",
                "delay_reason": row.delay.category if row.delay else "",
                "new_target_date": row.delay.new_due_on.isoformat() if row.delay else "",
            }
        )
    return records


# --- deadlines of a person ----------------------------------------------------------------------


def reviews_of(user: Any) -> QuerySet[Review]:
    """Reviews the user works on: as focal point, expert or secretariat officer."""
    if not getattr(user, "is_authenticated", False):
        return Review.objects.none()
    focal_states = Membership.objects.filter(user=user, role=Role.FOCAL_POINT).values("state_id")
    return Review.objects.filter(
        Q(focal_point=user) | Q(state_id__in=focal_states) | Q(experts__user=user) | Q(officers__user=user)
    ).distinct()


def calendar_feed_owner(token: str) -> Any | None:
    """The active user whose secret calendar address this is (the token stands in for a login)."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    return feed.user if feed is not None and feed.user.is_active else None


def calendar_feed_token(user: Any) -> str:
    """The user's current secret calendar token ("" until one is issued)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return CalendarFeed.objects.filter(user_id=user.pk).values_list("token", flat=True).first() or ""


def deadlines_for(user: Any) -> list[tuple[Review, Milestone]]:
    """The open stage of each review the user works on, with its due date."""
    reviews = _with_related(reviews_of(user).filter(is_suspended=False)).order_by(
        "cycle__number", "state__name_en"
    )
    result = []
    for review in reviews:
        if is_finished(review):
            continue
        stage = _open_stage(review, done_map(review))
        milestone = next((m for m in review.milestones.all() if m.stage == stage), None)
        if milestone is not None and milestone.due_on is not None:
            result.append((review, milestone))
    return result


def escalation_recipients() -> list[Any]:
    """Who an escalation goes to (R-T3): the active members of the secretariat with an address."""
    from irm.accounts.models import User

    ids = Membership.objects.filter(role=Role.SECRETARIAT).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))


@dataclass
class Escalation:
    """A step escalated to the secretariat and still not done (R-T3)."""

    review: Review
    stage: Stage
    due_on: date
    days_late: int
    escalated_on: date

    @property
    def label(self) -> str:
        return str(self.stage.label)


def escalated_steps(cycle: Cycle | None = None, *, today: date | None = None) -> list[Escalation]:
    """The steps escalated to the secretariat that are still open, the longest overdue first.

    A step counts while its escalation's due date is still its due date (a recorded delay that sets
    a new target takes it off until the new date is overdue long enough) and the review is neither
    finished nor suspended."""
    from django.db.models import F, Min
    from django.utils import timezone

    from irm.reviews.models import Reminder

    today = today or timezone.localdate()
    sent = (
        Reminder.objects.filter(
            kind=Reminder.Kind.ESCALATED,
            milestone__done_on__isnull=True,
            milestone__due_on=F("due_on"),
            milestone__review__is_suspended=False,
        )
        .values("milestone_id")
        .annotate(first=Min("sent_at"))
    )
    if cycle is not None:
        sent = sent.filter(milestone__review__cycle=cycle)
    first = {row["milestone_id"]: row["first"] for row in sent}
    milestones = Milestone.objects.filter(pk__in=first).select_related("review__state", "review__cycle")
    found = [
        Escalation(
            review=m.review,
            stage=Stage(m.stage),
            due_on=m.due_on,
            days_late=(today - m.due_on).days,
            escalated_on=first[m.pk].date(),
        )
        for m in milestones
        if m.due_on is not None and not is_finished(m.review)
    ]
    return sorted(found, key=lambda e: (-e.days_late, e.review.state.name_en))


def responsible_for(review: Review, stage: Stage) -> list[Any]:
    """Who a reminder about this stage goes to: the State's focal point for its own steps, the
    experts for theirs, and the secretariat officers following the review for every step."""
    from irm.accounts.models import User

    actors = permissions.STAGE_ACTORS.get(stage, frozenset())
    ids: set[int] = set(ReviewOfficer.objects.filter(review=review).values_list("user_id", flat=True))
    if "focal_point" in actors or stage in (Stage.KICK_OFF_HELD, Stage.DIRECT_DIALOGUE_HELD):
        if review.focal_point_id:
            ids.add(review.focal_point_id)
        else:
            ids |= set(
                Membership.objects.filter(role=Role.FOCAL_POINT, state_id=review.state_id).values_list(
                    "user_id", flat=True
                )
            )
    if "expert" in actors or stage == Stage.DIRECT_DIALOGUE_HELD:
        ids |= set(ReviewExpert.objects.filter(review=review).values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))


# --- the mechanism's status ---------------------------------------------------------------------


@dataclass
class Status:
    cycle: int
    as_of: date
    data: dict[str, Any] = field(default_factory=dict)
    completions: list[date] = field(default_factory=list)  # dates of completed reviews, sorted


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _project(completions: list[date], total: int, target: int, as_of: date) -> date | None:
    """When `target` completions are (or will be) reached at the pace of the last 12 months."""
    if target <= 0:
        return completions[0] if completions else as_of
    if len(completions) >= target:
        return completions[target - 1]
    window_start = as_of - timedelta(days=365)
    recent = sum(1 for d in completions if d > window_start)
    if recent == 0:
        return None
    remaining = target - len(completions)
    return as_of + timedelta(days=math.ceil(remaining * 365 / recent))


def status(cycle: Cycle, *, as_of: date | None = None) -> Status:
    """The figures of S000 ¶14 for a cycle at a date, with the projection of S000 ¶18.

    A review is *completed* when its executive summary is completed (agreed): the figure the
    secretariat reports and that the completion threshold is measured against. Only the reviews
    of parties for which the Convention was in force on `as_of` count (art. 68); the others are
    counted apart in `reviews_not_counted` (a party without a recorded date is one of them).
    """
    as_of = as_of or date.today()
    all_reviews = list(Review.objects.filter(cycle=cycle).select_related("state"))
    reviews = [r for r in all_reviews if r.state.in_force_on(as_of)]
    not_counted = sorted(r.state.iso3 for r in all_reviews if r not in reviews)
    region_of = {r.pk: r.state.regional_group for r in reviews}
    counted = {r.pk for r in reviews}
    done: dict[int, dict[str, Any]] = defaultdict(dict)
    for review_id, stage, done_on in Milestone.objects.filter(
        review__cycle=cycle, done_on__isnull=False, done_on__lte=as_of
    ).values_list("review_id", "stage", "done_on"):
        if review_id in counted:
            done[review_id][stage] = done_on
    dialogues = {
        d.review_id: d
        for d in DirectDialogue.objects.filter(review__cycle=cycle, review_id__in=counted)
        if Stage.DIRECT_DIALOGUE_HELD in done.get(d.review_id, {})
    }

    def count(stage: Stage, ids: Iterable[int]) -> int:
        return sum(1 for pk in ids if stage in done.get(pk, {}))

    def block(ids: list[int]) -> dict[str, Any]:
        held = [dialogues[pk] for pk in ids if pk in dialogues]
        in_final = sum(
            1
            for pk in ids
            if Stage.DRAFT_REPORT_SENT in done.get(pk, {}) and Stage.SUMMARY_AGREED not in done.get(pk, {})
        )
        started = sum(1 for pk in ids if len(done.get(pk, {}).keys() - {Stage.LOTS_DRAWN}) > 0)
        completed = count(Stage.SUMMARY_AGREED, ids)
        return {
            "reviews": len(ids),
            "checklist_answers": count(Stage.CHECKLIST_SUBMITTED, ids),
            "direct_dialogues": {
                "total": len(held),
                "country_visits": sum(1 for d in held if d.kind in COUNTRY_VISITS),
                "joint_meetings": sum(1 for d in held if d.kind == DialogueType.JOINT_MEETING),
                "by_kind": {kind.value: sum(1 for d in held if d.kind == kind) for kind in DialogueType},
                "with_other_stakeholders": sum(1 for d in held if d.other_stakeholders),
                "share_with_other_stakeholders": _ratio(
                    sum(1 for d in held if d.other_stakeholders), len(held)
                ),
            },
            "executive_summaries": completed,
            "executive_summaries_in_final_stage": in_final,
            "country_reports": count(Stage.REPORT_FINALIZED, ids),
            "summaries_published": count(Stage.SUMMARY_PUBLISHED, ids),
            "reports_published": count(Stage.REPORT_PUBLISHED, ids),
            "not_started": len(ids) - started,
            "in_progress": started - completed,
            "completed": completed,
        }

    all_ids = [r.pk for r in reviews]
    figures = block(all_ids)
    completions = sorted(
        done[pk][Stage.SUMMARY_AGREED] for pk in all_ids if Stage.SUMMARY_AGREED in done.get(pk, {})
    )
    total = len(all_ids)
    threshold = float(cycle.completion_threshold)
    extensions = list(CycleExtension.objects.filter(cycle=cycle).order_by("until"))
    decided = cycle.current_deadline()
    proposed = cycle.current_deadline(include_proposed=True)
    threshold_date = _project(completions, total, math.ceil(threshold * total - 1e-9), as_of)
    completion_date = _project(completions, total, total, as_of)
    recent = sum(1 for d in completions if d > as_of - timedelta(days=365))
    data: dict[str, Any] = {
        "cycle": cycle.number,
        "as_of": as_of.isoformat(),
        "checklist_answers": figures["checklist_answers"],
        "direct_dialogues": {
            "total": figures["direct_dialogues"]["total"],
            "country_visits": figures["direct_dialogues"]["country_visits"],
            "joint_meetings": figures["direct_dialogues"]["joint_meetings"],
            "by_kind": figures["direct_dialogues"]["by_kind"],
            "with_other_stakeholders": figures["direct_dialogues"]["with_other_stakeholders"],
            "share_with_other_stakeholders": figures["direct_dialogues"]["share_with_other_stakeholders"],
        },
        "executive_summaries": figures["executive_summaries"],
        "executive_summaries_in_final_stage": figures["executive_summaries_in_final_stage"],
        "country_reports": figures["country_reports"],
        "summaries_published": figures["summaries_published"],
        "reports_published": figures["reports_published"],
        "reviews": {
            "total": total,
            "not_started": figures["not_started"],
            "in_progress": figures["in_progress"],
            "completed": figures["completed"],
        },
        "reviews_not_counted": {"count": len(not_counted), "states": not_counted},
        "completion_rate": _ratio(figures["completed"], total),
        "threshold": threshold,
        "threshold_status": THRESHOLD_STATUS,
        "threshold_source": str(THRESHOLD_SOURCE),
        "pace_last_12_months": recent,
        "projected_threshold_date": threshold_date.isoformat() if threshold_date else None,
        "projected_completion_date": completion_date.isoformat() if completion_date else None,
        "deadline": cycle.deadline.isoformat() if cycle.deadline else None,
        "current_deadline": decided.isoformat() if decided else None,
        "proposed_deadline": proposed.isoformat() if proposed and proposed != decided else None,
        "extensions": [
            {"until": e.until.isoformat(), "status": e.status, "decision": e.decision} for e in extensions
        ],
        "threshold_by_deadline": bool(threshold_date and decided and threshold_date <= decided),
        "threshold_by_proposed_deadline": bool(threshold_date and proposed and threshold_date <= proposed),
        "completion_by_deadline": bool(completion_date and decided and completion_date <= decided),
        "completion_by_proposed_deadline": bool(completion_date and proposed and completion_date <= proposed),
        "by_region": {
            region.value: _region_block(block([pk for pk in all_ids if region_of[pk] == region.value]))
            for region in RegionalGroup
        },
    }
    return Status(cycle=cycle.number, as_of=as_of, data=data, completions=completions)


def _region_block(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "reviews": figures["reviews"],
        "checklist_answers": figures["checklist_answers"],
        "direct_dialogues": figures["direct_dialogues"]["total"],
        "executive_summaries": figures["executive_summaries"],
        "country_reports": figures["country_reports"],
        "completion_rate": _ratio(figures["completed"], figures["reviews"]),
    }


def completions_by_month(completions: list[date]) -> list[tuple[date, int]]:
    """Cumulative completions at the end of each month (for the chart)."""
    if not completions:
        return []
    series = []
    month = date(completions[0].year, completions[0].month, 1)
    last = completions[-1]
    running = 0
    index = 0
    while month <= last:
        following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        while index < len(completions) and completions[index] < following:
            running += 1
            index += 1
        series.append((month, running))
        month = following
    return series
