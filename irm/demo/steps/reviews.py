"""reviews.yaml → irm.reviews services: how far each review had come, calibrated on S000 ¶14.

The rules live here, the numbers in the data file: each review gets a "furthest stage on as_of"
(the earliest year groups the most advanced), then increasing dates for its stages drawn from a
seeded generator (real reviews take years, not the indicative six months); unfinished cycle-2
reviews may move on after as_of, and some stay stuck with a recorded reason. Kenya's cycle-2 review
is moved along by the workflow's own services instead (focal point fp-kenya, expert-nzl acting for
New Zealand, the checklist late).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from irm.demo.loader import Context, DemoDataError, Node
from irm.reviews import services
from irm.reviews.models import Review, Stage
from irm.reviews.services import DelayRecord, DialogueRecord, StageHistory
from irm.reviews.timeline import DEFAULT_TIMELINE

S = Stage


@dataclass(frozen=True)
class Plan:
    """The data file's numbers for one cycle."""

    at_stage: dict[Stage, int]
    joint_meetings: int
    with_stakeholders: int
    advance_after: bool


@dataclass(frozen=True)
class Dates:
    seed: str
    as_of: date
    latest: date
    cycle_1_mostly_done: date
    today: date


def _stage(node: Node, key: str, value: Any) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise node.error(key, f"{value!r} is not a stage ({', '.join(Stage.values)})") from None


def _plans(data: Node) -> dict[int, tuple[Plan, dict[str, Stage]]]:
    """Each cycle's plan and its fixed profiles (ISO3 → furthest stage on as_of)."""
    plans = {}
    for row in data.rows("cycles"):
        at_stage = row.node("at_stage")
        fixed = row.node("fixed_profiles") if "fixed_profiles" in row else None
        plans[row.number("cycle")] = (
            Plan(
                at_stage={_stage(at_stage, k, k): at_stage.number(k) for k in at_stage.value},
                joint_meetings=row.number("joint_meetings"),
                with_stakeholders=row.number("with_stakeholders"),
                advance_after=bool(row["advance_after"]),
            ),
            {code: _stage(fixed, code, v) for code, v in fixed.value.items()} if fixed else {},
        )
    return plans


def load(context: Context, data: Node) -> str:
    dates = Dates(
        data.text("seed"),
        data.day("as_of"),
        data.day("latest"),
        data.day("cycle_1_mostly_done"),
        context.today,
    )
    moved = []
    for number, (plan, fixed) in _plans(data).items():
        cycle = context.cycle(number)
        histories = _histories(cycle, plan, dates, fixed, data)
        services.record_histories(
            actor=None, histories=histories, reason=f"Demo: cycle {number} as at {dates.as_of}"
        )
        moved.append(f"cycle {number}: {len(histories)}")
    _live_kenya(context, data.node("kenya"), dates)
    _eu_visit(context, data.node("eu_visit"), dates)
    return (
        f"reviews moved along ({', '.join(moved)}); Kenya's cycle-2 review is live; the EU's visit recorded"
    )


# --- each review's dates -----------------------------------------------------------------------


def _draw_date(cycle: Any, year: int | None) -> date:
    year = year or cycle.late_joiners_year or cycle.years
    return date(cycle.start_year + year - 1, 6 if cycle.number == 2 else 7, 1)


def _profiles(plan: Plan, count: int) -> list[Stage]:
    """One "furthest stage on as_of" per review, most advanced first."""
    profiles = []
    for stage in reversed(Stage.ordered()):
        profiles += [stage] * plan.at_stage.get(stage, 0)
    if len(profiles) > count:
        raise DemoDataError(f"reviews.yaml: the plan needs {len(profiles)} reviews, the cycle has {count}")
    return profiles + [S.LOTS_DRAWN] * (count - len(profiles))


def _stages_up_to(stage: Stage) -> list[Stage]:
    """The stages done by a review at `stage` (follow-up without the full report's publication). The
    notification is dated apart (`_notified`), so the seeded dates of the other stages stay the same."""
    done = [s for s in Stage.ordered()[2:] if s.index <= stage.index]
    if stage == S.FOLLOW_UP:
        done.remove(S.REPORT_PUBLISHED)
    return done


def _dates(
    rng: random.Random,
    start: date,
    end: date,
    stages: Sequence[Stage],
    fill: tuple[float, float] = (0.6, 1.0),
) -> list[date]:
    """Increasing dates after `start`, taking a random share (`fill`) of the time up to `end`."""
    if not stages:
        return []
    base = {s: (days or 60) for s, (days, _) in DEFAULT_TIMELINE.items()}
    base[S.DIRECT_DIALOGUE_HELD] = 60
    durations = [base[s] * rng.uniform(1.5, 5.0) for s in stages]
    span = (end - start).days * rng.uniform(*fill)
    total = sum(durations)
    result, day = [], 0.0
    for d in durations:
        day += max(d * span / total, 1)
        result.append(min(start + timedelta(days=round(day)), end))
    return result


def _assign(
    reviews: list[Review], plan: Plan, fixed: dict[str, Stage], rng: random.Random, as_of: date
) -> dict[int, Stage]:
    profiles = _profiles(plan, len(reviews))
    for code, stage in fixed.items():
        if code not in {r.state.iso3 for r in reviews}:
            raise DemoDataError(f"reviews.yaml: fixed_profiles: {code} has no review in this cycle")
        if stage not in profiles:
            raise DemoDataError(f"reviews.yaml: fixed_profiles: {code}: the plan has no review at {stage}")
        profiles.remove(stage)
    # The earliest year groups are the most advanced; ties in a seeded order (a tie-break for every
    # review, fixed ones too, so fixing one moves the others as little as possible). Reviews of
    # parties for which the Convention was not yet in force on as_of come last: the status of that
    # date does not count them (art. 68; docs/RULES.md R-P4).
    ties = {r.pk: rng.random() for r in reviews}
    free = [r for r in reviews if r.state.iso3 not in fixed]
    # Late joiners placed after the cycle's years (RULES.md R-L7) rank with its last year.
    last = reviews[0].cycle.years if reviews else 5
    free.sort(key=lambda r: (not r.state.in_force_on(as_of), min(r.year or 99, last), ties[r.pk]))
    assignment = dict(zip([r.pk for r in free], profiles, strict=True))
    assignment.update({r.pk: fixed[r.state.iso3] for r in reviews if r.state.iso3 in fixed})
    return assignment


def _done(
    rng: random.Random, review: Review, profile: Stage, plan: Plan, dates: Dates, cycle_number: int
) -> dict[Stage, date]:
    start = min(_draw_date(review.cycle, review.year), dates.as_of - timedelta(days=30))
    if cycle_number == 2 and review.state.iso3 == "KEN":
        return {S.LOTS_DRAWN: start}  # moved along by the workflow's services (_live_kenya)
    stages = _stages_up_to(profile)
    end = dates.as_of - timedelta(days=rng.randint(0, 60))
    if cycle_number == 1 and profile.index >= S.SUMMARY_AGREED.index:
        end = dates.cycle_1_mostly_done - timedelta(days=rng.randint(0, 400))
    end = max(end, start + timedelta(days=len(stages) + 1))
    done = {S.LOTS_DRAWN: start, **dict(zip(stages, _dates(rng, start, end, stages), strict=True))}
    if plan.advance_after and profile.index < S.SUMMARY_PUBLISHED.index and review.state.iso3 != "FRA":
        more = [
            s
            for s in Stage.ordered()
            if s.index > profile.index and s not in (S.REPORT_PUBLISHED, S.REVIEW_NOTIFIED)
        ]
        more = [] if rng.random() < 0.3 else more[: rng.randint(0, len(more))]  # some stay stuck
        last = max(done.values())
        later = _dates(rng, max(last, dates.as_of + timedelta(days=1)), dates.latest, more, fill=(0.2, 1.0))
        if profile != S.LOTS_DRAWN:  # the reviews not started by as_of stay so (every stage is shown)
            done.update({stage: day for stage, day in zip(more, later, strict=True) if day > dates.as_of})
    return _notified(done, start, profile)


#: The secretariat notifies the State under review (the start of its review) about two weeks after
#: the draw, and never after the first thing done in the review.
NOTIFIED_AFTER = timedelta(days=14)


def _notified(done: dict[Stage, date], start: date, profile: Stage) -> dict[Stage, date]:
    later = [day for stage, day in done.items() if stage.index > S.REVIEW_NOTIFIED.index]
    if later or profile == S.REVIEW_NOTIFIED:
        done[S.REVIEW_NOTIFIED] = min([start + NOTIFIED_AFTER, *later])
    return done


def _histories(
    cycle: Any, plan: Plan, dates: Dates, fixed: dict[str, Stage], data: Node
) -> list[StageHistory]:
    rng = random.Random(f"{dates.seed}-progress-{cycle.number}")
    reviews = list(Review.objects.filter(cycle=cycle).select_related("state", "cycle"))
    assignment = _assign(reviews, plan, fixed, rng, dates.as_of)
    done = {r.pk: _done(rng, r, assignment[r.pk], plan, dates, cycle.number) for r in reviews}
    dialogues = _dialogues(reviews, done, plan, dates, data, rng)
    delays = _delays(cycle, reviews, done, data, dates, rng)
    languages = {k: list(v) for k, v in data.node("languages").value.items()}
    return [
        StageHistory(
            review=r,
            done=done[r.pk],
            dialogue=dialogues.get(r.pk),
            delays=delays.get(r.pk, ()),
            languages=languages.get(r.state.regional_group, ["en"]),
        )
        for r in reviews
    ]


def _dialogue_kind(day: date, kinds: list[Node]) -> str:
    for row in kinds:
        until = row.get("until")
        if until is None or day < until:
            return row.text("kind")
    raise kinds[-1].error("until", "the last kind of dialogue must have no end (until: null)")


def _dialogues(
    reviews: list[Review],
    done: dict[int, dict[Stage, date]],
    plan: Plan,
    dates: Dates,
    data: Node,
    rng: random.Random,
) -> dict[int, DialogueRecord]:
    """Joint meetings and the share with other stakeholders as reported; the kind follows the date."""
    held_by_as_of = [
        r for r in reviews if done[r.pk].get(S.DIRECT_DIALOGUE_HELD, dates.latest) <= dates.as_of
    ]
    joint = set(rng.sample([r.pk for r in held_by_as_of], plan.joint_meetings))
    without = set(rng.sample([r.pk for r in held_by_as_of], len(held_by_as_of) - plan.with_stakeholders))
    kinds = data.rows("dialogue_kinds")
    participants, stakeholders_text = data.text("dialogue_participants"), data.text("dialogue_stakeholders")
    dialogues = {}
    for review in reviews:
        held = done[review.pk].get(S.DIRECT_DIALOGUE_HELD)
        if held is None:
            continue
        stakeholders = review.pk not in without if held <= dates.as_of else rng.random() < 0.9
        dialogues[review.pk] = DialogueRecord(
            kind="joint_meeting" if review.pk in joint else _dialogue_kind(held, kinds),
            starts_on=held - timedelta(days=2),
            ends_on=held,
            other_stakeholders=stakeholders,
            participants=participants + (stakeholders_text if stakeholders else ""),
        )
    return dialogues


def _delays(
    cycle: Any,
    reviews: list[Review],
    done: dict[int, dict[Stage, date]],
    data: Node,
    dates: Dates,
    rng: random.Random,
) -> dict[int, list[DelayRecord]]:
    """Reasons and new target dates for some of the stuck reviews (cycle 2 only)."""
    if cycle.number != 2:
        return {}
    delays = data.node("delays")
    reasons = delays.rows("reasons")
    stuck = [
        r
        for r in reviews
        if r.state.iso3 not in {"KEN", "FRA"} and not done[r.pk].get(S.SUMMARY_AGREED) and r.year is not None
    ]
    stuck.sort(key=lambda r: r.state.iso3)
    out: dict[int, list[DelayRecord]] = {}
    # The first `on_time` get a new date after the day the demo is loaded (a generator of their own, so
    # the others' dates stay as they were): overdue and on-time reviews side by side.
    on_time, ahead = delays.number("on_time"), random.Random(f"{dates.seed}-on-time")
    for index, review in enumerate(rng.sample(stuck, min(delays.number("count"), len(stuck)))):
        open_stage = next(s for s in Stage.ordered() if s not in done[review.pk])
        reason = reasons[index % len(reasons)]
        base = max(done[review.pk].values())
        new_due_on = min(base + timedelta(days=rng.randint(60, 400)), dates.latest)
        if index < on_time:
            new_due_on = dates.today + timedelta(days=ahead.randint(30, 300))
        out[review.pk] = [
            DelayRecord(
                stage=open_stage,
                category=reason.text("category"),
                reason=reason.text("reason"),
                new_due_on=new_due_on,
            )
        ]
    return out


# --- the live review ---------------------------------------------------------------------------


def _live_kenya(context: Context, kenya_data: Node, dates: Dates) -> None:
    """Kenya: the secretariat's officer, New Zealand's expert, the focal point, the kick-off, a delay."""
    cycle = context.cycle(2)
    kenya = Review.objects.select_related("state", "cycle").get(cycle=cycle, state__iso3="KEN")
    nzl = context.state(kenya_data.text("expert_state"))
    if nzl not in kenya.reviewers or "FRA" in {s.iso3 for s in kenya.reviewers}:
        raise DemoDataError(
            "draws.yaml: cycle 2's seed no longer has New Zealand (and not France) review Kenya; "
            "the demo's confidential circle needs it: choose another seed"
        )
    officer = context.user(kenya_data.text("officer"))
    expert = context.user(kenya_data.text("expert"))
    start = _draw_date(cycle, kenya.year)
    services.assign_officer(actor=officer, review=kenya, user=officer)
    services.nominate_expert(actor=officer, state=nzl, user=expert, on=start)
    services.assign_expert(actor=officer, review=kenya, user=expert, state=nzl)
    services.advance_stage(
        actor=officer,
        review=kenya,
        stage=S.REVIEW_NOTIFIED,
        on=min(start + timedelta(days=kenya_data.number("notified_after_days")), context.today),
    )
    services.set_focal_point(
        actor=officer,
        review=kenya,
        user=context.user(kenya_data.text("focal_point")),
        on=min(start + timedelta(days=kenya_data.number("focal_point_after_days")), context.today),
    )
    services.advance_stage(
        actor=officer,
        review=kenya,
        stage=S.KICK_OFF_HELD,
        on=min(start + timedelta(days=kenya_data.number("kick_off_after_days")), context.today),
        note=kenya_data.text("kick_off_note"),
    )
    delay = kenya_data.node("delay")
    services.record_delay(
        actor=officer,
        review=kenya,
        stage=_stage(delay, "stage", delay["stage"]),
        category=delay.text("category"),
        new_due_on=context.today + timedelta(days=delay.number("new_due_in_days")),
        reason=delay.text("reason"),
    )


def _eu_visit(context: Context, visit: Node, dates: Dates) -> None:
    """The EU's country visit (issue 16 §2): after as_of, so the calibrated status does not move."""
    review = Review.objects.select_related("state", "cycle").get(
        cycle=context.cycle(visit.number("cycle")), state=context.state(visit.text("state"))
    )
    starts_on, ends_on = visit.day("starts_on"), visit.day("ends_on")
    if starts_on <= dates.as_of:
        raise visit.error(
            "starts_on", f"must be after as_of ({dates.as_of}): the status of that day is calibrated"
        )
    if review.stage != S.DESK_REVIEW_DONE:
        raise visit.error(
            "state", f"its review is at {review.stage}, not at the desk review (fixed_profiles)"
        )
    officer = context.user("secretariat")
    services.record_direct_dialogue(
        actor=officer,
        review=review,
        kind=visit.text("kind"),
        starts_on=starts_on,
        ends_on=ends_on,
        participants=visit.text("participants"),
        state_agreed=True,  # a country visit takes place only with the State's agreement (R-T2)
    )
    services.advance_stage(actor=officer, review=review, stage=S.DIRECT_DIALOGUE_HELD, on=ends_on)
