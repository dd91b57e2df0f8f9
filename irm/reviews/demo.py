"""Demo reviews: every stage, some overdue with reasons, calibrated on the status of S000 ¶14.

`irm status --cycle 2 --as-of 2022-11-07` gives the figures the secretariat reported to the
Implementation Review Group in November 2022: 155 checklist answers, 99 direct dialogues (92 country
visits, 7 joint meetings; ~95% with other stakeholders), 64 executive summaries, 43 country reports,
15 more summaries in the final stage; cycle 1: 185, 176 (162 + 14), 174 and 164.

Dates are drawn from a seeded generator, so every run gives the same demo. Reviews come from the
lots demo when it ran; otherwise they are created here for every party, with year groups and a
simple pairing. Kenya's cycle-2 review is a live one, moved along by the real services (focal point
fp-kenya, expert-nzl acting for New Zealand); France is kept out of Kenya's circle.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TextIO

from django.db import transaction

from irm.accounts.models import User
from irm.core.audit import record_event
from irm.cycles.models import Cycle
from irm.parties.models import RegionalGroup, State
from irm.reviews import services
from irm.reviews.models import (
    Delay,
    DelayReason,
    DialogueType,
    DirectDialogue,
    ExpertNomination,
    Milestone,
    Review,
    ReviewOfficer,
    Stage,
)
from irm.reviews.timeline import (
    DEFAULT_TIMELINE,
    compute_due_dates,
    latest_overrides,
    settled_stage,
    steps_for,
)

SEED = "irm-reviews-demo-1"
AS_OF = date(2022, 11, 7)  # the second resumed 13th session of the IRG (S000)
LATEST = date(2026, 9, 30)  # no demo date after this one
CYCLE_1_MOSTLY_DONE = date(2017, 6, 30)
S = Stage


@dataclass(frozen=True)
class Target:
    """How many reviews had reached each stage on AS_OF (the rest: lots drawn only)."""

    at_stage: dict[Stage, int]
    joint_meetings: int
    with_stakeholders: int  # among the dialogues held by AS_OF
    advance_after: bool  # do unfinished reviews move on after AS_OF?


TARGETS = {
    2: Target(
        at_stage={
            S.FOLLOW_UP: 4,
            S.REPORT_PUBLISHED: 14,
            S.SUMMARY_PUBLISHED: 20,
            S.REPORT_FINALIZED: 5,  # 43 reports
            S.SUMMARY_AGREED: 21,  # 64 summaries
            S.DRAFT_REPORT_SENT: 15,  # 15 more in final stage
            S.DIRECT_DIALOGUE_HELD: 20,  # 99 dialogues
            S.DESK_REVIEW_DONE: 20,
            S.CHECKLIST_CIRCULATED: 18,
            S.CHECKLIST_SUBMITTED: 18,  # 155 answers
            S.KICK_OFF_HELD: 16,
            S.FOCAL_POINT_NOMINATED: 12,
        },
        joint_meetings=7,
        with_stakeholders=94,
        advance_after=True,
    ),
    1: Target(
        at_stage={
            S.FOLLOW_UP: 24,
            S.REPORT_PUBLISHED: 50,
            S.SUMMARY_PUBLISHED: 60,
            S.REPORT_FINALIZED: 30,  # 164 reports
            S.SUMMARY_AGREED: 10,  # 174 summaries
            S.DRAFT_REPORT_SENT: 2,  # 176 dialogues
            S.DESK_REVIEW_DONE: 4,
            S.CHECKLIST_CIRCULATED: 3,
            S.CHECKLIST_SUBMITTED: 2,  # 185 answers
            S.KICK_OFF_HELD: 3,
            S.FOCAL_POINT_NOMINATED: 2,
        },
        joint_meetings=14,
        with_stakeholders=105,
        advance_after=False,
    ),
}

#: The live reviews other demos work with (cycle 2).
KENYA_PROFILE = S.KICK_OFF_HELD
FRANCE_PROFILE = S.REPORT_PUBLISHED

DELAY_REASONS = [
    (DelayReason.EXPERT_NOMINATION, "The reviewing State has not yet nominated its experts."),
    (DelayReason.CHECKLIST, "The self-assessment is not finished; several agencies still have to answer."),
    (DelayReason.TRANSLATION, "The answer is being translated."),
    (DelayReason.PANDEMIC, "The country visit was postponed because of the pandemic."),
    (DelayReason.POLITICAL, "Change of government; the new focal point is not yet appointed."),
    (DelayReason.COMMENTS, "Comments on the draft report are awaited."),
]


def load(*, stdout: TextIO) -> None:
    for number in (1, 2):
        cycle = Cycle.objects.filter(number=number).first()
        if cycle is None:
            continue
        with transaction.atomic():
            created = _ensure_reviews(cycle)
            if created:
                stdout.write(f"  demo reviews, cycle {number}: {created} created\n")
            if Milestone.objects.filter(
                review__cycle=cycle, stage=S.CHECKLIST_SUBMITTED, done_on__isnull=False
            ).exists():
                continue  # already loaded
            moved = _progress(cycle, TARGETS[number])
            stdout.write(f"  demo reviews, cycle {number}: {moved} moved along\n")
    cycle2 = Cycle.objects.filter(number=2).first()
    if cycle2 is not None:
        _live_reviews(cycle2, stdout)


# --- reviews and pairings when the lots demo did not run ---------------------------------------


def _draw_date(cycle: Cycle, year: int | None) -> date:
    year = year or cycle.late_joiners_year or cycle.years
    return date(cycle.start_year + year - 1, 6 if cycle.number == 2 else 7, 1)


def _ensure_reviews(cycle: Cycle) -> int:
    if Review.objects.filter(cycle=cycle).exists():
        return 0
    rng = random.Random(f"{SEED}-pairs-{cycle.number}")
    states = list(State.objects.order_by("iso3"))
    order = states[:]
    rng.shuffle(order)
    shares = cycle.year_shares or [1 / cycle.years] * cycle.years
    years: dict[int, int] = {}
    bounds, running = [], 0.0
    for share in shares:
        running += share
        bounds.append(round(running * len(order)))
    for index, state in enumerate(order):
        year = next((y + 1 for y, bound in enumerate(bounds) if index < bound), cycle.years)
        years[state.pk] = year
    load: dict[int, int] = {}
    pairs: dict[int, tuple[int, int]] = {}
    for state in order:
        same = [s for s in states if s.regional_group == state.regional_group and s.pk != state.pk]
        anyone = [s for s in states if s.pk != state.pk]

        def pick(
            pool: list[State], exclude: set[int], state: State = state, anyone: list[State] = anyone
        ) -> State:
            fine = [
                s
                for s in pool
                if s.pk not in exclude
                and load.get(s.pk, 0) < cycle.max_reviews_per_reviewer
                and state.pk not in pairs.get(s.pk, ())  # no reciprocal reviews
            ]
            chosen = rng.choice(fine or [s for s in anyone if s.pk not in exclude])
            load[chosen.pk] = load.get(chosen.pk, 0) + 1
            return chosen

        first = pick(same or anyone, {state.pk})
        second = pick(anyone, {state.pk, first.pk})
        pairs[state.pk] = (first.pk, second.pk)
    Review.objects.bulk_create(
        [
            Review(
                cycle=cycle,
                state=state,
                year=years[state.pk],
                reviewer_1_id=pairs[state.pk][0],
                reviewer_2_id=pairs[state.pk][1],
                languages=["en"],
            )
            for state in states
        ]
    )
    record_event(
        actor=None,
        action="demo.reviews_created",
        object_type="reviews.review",
        after={"cycle": cycle.number, "reviews": len(states)},
    )
    return len(states)


# --- moving reviews along ----------------------------------------------------------------------


def _profiles(target: Target, count: int) -> list[Stage]:
    """One "furthest stage on AS_OF" per review, most advanced first."""
    profiles = []
    for stage in reversed(Stage.ordered()):
        profiles += [stage] * target.at_stage.get(stage, 0)
    if len(profiles) > count:
        raise RuntimeError(f"the demo needs {len(profiles)} reviews, the cycle has {count}")
    return profiles + [S.LOTS_DRAWN] * (count - len(profiles))


def _stages_up_to(stage: Stage) -> list[Stage]:
    """The stages done by a review at `stage` (follow-up without the full report's publication)."""
    done = [s for s in Stage.ordered()[1:] if s.index <= stage.index]
    if stage == S.FOLLOW_UP:
        done.remove(S.REPORT_PUBLISHED)
    return done


def _durations(rng: random.Random, stages: Sequence[Stage]) -> list[float]:
    base = {s: (days or 60) for s, (days, _) in DEFAULT_TIMELINE.items()}
    base[S.DIRECT_DIALOGUE_HELD] = 60
    return [base[s] * rng.uniform(1.5, 5.0) for s in stages]


def _dates(
    rng: random.Random,
    start: date,
    end: date,
    stages: Sequence[Stage],
    fill: tuple[float, float] = (0.6, 1.0),
) -> list[date]:
    """Increasing dates after `start`, taking a random share (`fill`) of the time up to `end`:
    real reviews take years, not the indicative six months."""
    if not stages:
        return []
    durations = _durations(rng, stages)
    span = (end - start).days * rng.uniform(*fill)
    total = sum(durations)
    durations = [d * span / total for d in durations]
    result, day = [], float(0)
    for d in durations:
        day += max(d, 1)
        result.append(min(start + timedelta(days=round(day)), end))
    return result


def _dialogue_kind(day: date) -> str:
    if day < date(2020, 3, 1):
        return DialogueType.ON_SITE
    if day < date(2021, 6, 1):
        return DialogueType.ONLINE
    if day < date(2022, 4, 1):
        return DialogueType.HYBRID
    return DialogueType.ON_SITE


def _progress(cycle: Cycle, target: Target) -> int:
    rng = random.Random(f"{SEED}-progress-{cycle.number}")
    reviews = list(Review.objects.filter(cycle=cycle).select_related("state"))
    existing = {(m.review_id, m.stage): m for m in Milestone.objects.filter(review__cycle=cycle)}
    profiles = _profiles(target, len(reviews))
    fixed: dict[str, Stage] = {}
    if cycle.number == 2:
        fixed = {"KEN": KENYA_PROFILE, "FRA": FRANCE_PROFILE}
        for stage in fixed.values():
            profiles.remove(stage)
    # The earliest year groups are the most advanced; ties in a seeded order.
    free = [r for r in reviews if r.state.iso3 not in fixed]
    free.sort(key=lambda r: (r.year or 99, rng.random()))
    assignment = dict(zip([r.pk for r in free], profiles, strict=True))
    for review in reviews:
        if review.state.iso3 in fixed:
            assignment[review.pk] = fixed[review.state.iso3]

    steps = steps_for(cycle.pk)
    done_by_review: dict[int, dict[Stage, date]] = {}
    for review in reviews:
        lots = existing.get((review.pk, S.LOTS_DRAWN))
        start = lots.done_on if lots and lots.done_on else _draw_date(cycle, review.year)
        start = min(start, AS_OF - timedelta(days=30))
        profile = assignment[review.pk]
        if cycle.number == 2 and review.state.iso3 == "KEN":
            done_by_review[review.pk] = {S.LOTS_DRAWN: start}  # moved by the services below
            continue
        stages = _stages_up_to(profile)
        end = AS_OF - timedelta(days=rng.randint(0, 60))
        if cycle.number == 1 and profile.index >= S.SUMMARY_AGREED.index:
            end = CYCLE_1_MOSTLY_DONE - timedelta(days=rng.randint(0, 400))
        end = max(end, start + timedelta(days=len(stages) + 1))
        done = {S.LOTS_DRAWN: start, **dict(zip(stages, _dates(rng, start, end, stages), strict=True))}
        if target.advance_after and profile.index < S.SUMMARY_PUBLISHED.index and review.state.iso3 != "FRA":
            more = [s for s in Stage.ordered() if s.index > profile.index and s != S.REPORT_PUBLISHED]
            more = [] if rng.random() < 0.3 else more[: rng.randint(0, len(more))]  # some stay stuck
            last = max(done.values())
            later = _dates(rng, max(last, AS_OF + timedelta(days=1)), LATEST, more, fill=(0.2, 1.0))
            for stage, day in zip(more, later, strict=True):
                if day > AS_OF:
                    done[stage] = day
        done_by_review[review.pk] = done

    # The direct dialogues: kind by date (online and hybrid during the pandemic), joint meetings
    # and the share with other stakeholders as reported.
    held_by_as_of = [r for r in reviews if done_by_review[r.pk].get(S.DIRECT_DIALOGUE_HELD, LATEST) <= AS_OF]
    joint = set(rng.sample([r.pk for r in held_by_as_of], target.joint_meetings))
    without = set(rng.sample([r.pk for r in held_by_as_of], len(held_by_as_of) - target.with_stakeholders))
    dialogues = []
    for review in reviews:
        held = done_by_review[review.pk].get(S.DIRECT_DIALOGUE_HELD)
        if held is None:
            continue
        kind = DialogueType.JOINT_MEETING if review.pk in joint else _dialogue_kind(held)
        stakeholders = review.pk not in without if held <= AS_OF else rng.random() < 0.9
        dialogues.append(
            DirectDialogue(
                review=review,
                kind=kind,
                starts_on=held - timedelta(days=2),
                ends_on=held,
                other_stakeholders=stakeholders,
                participants="Governmental experts of both reviewing States; the focal point; the secretariat."
                + (" Civil society, private sector and academia." if stakeholders else ""),
            )
        )
    DirectDialogue.objects.filter(review__cycle=cycle).delete()
    DirectDialogue.objects.bulk_create(dialogues)

    # Milestones with their dates; then the due dates, the stage and the consent.
    new, changed = [], []
    for review in reviews:
        done = done_by_review[review.pk]
        for stage in Stage.ordered():
            m = existing.get((review.pk, stage))
            if m is None:
                m = Milestone(review=review, stage=stage)
                new.append(m)
            else:
                changed.append(m)
            m.done_on = done.get(stage)
    Milestone.objects.bulk_create(new)
    Milestone.objects.bulk_update(changed, ["done_on"])
    _delays(cycle, reviews, done_by_review, rng)
    delays: dict[int, list[Delay]] = {}
    for delay in Delay.objects.filter(review__cycle=cycle):
        delays.setdefault(delay.review_id, []).append(delay)
    milestones = list(Milestone.objects.filter(review__cycle=cycle))
    by_review: dict[int, list[Milestone]] = {}
    for m in milestones:
        by_review.setdefault(m.review_id, []).append(m)
    for review in reviews:
        actual: dict[Stage, date | None] = {S(m.stage): m.done_on for m in by_review[review.pk]}
        due = compute_due_dates(steps, actual, latest_overrides(delays.get(review.pk, [])))
        for m in by_review[review.pk]:
            m.due_on = due.get(S(m.stage))
        review.stage = settled_stage(actual)
        if actual.get(S.REPORT_PUBLISHED):
            review.report_publication_consent = True
            review.consent_recorded_on = actual[S.REPORT_PUBLISHED]
        if not review.languages:
            review.languages = _languages(review.state)
    Milestone.objects.bulk_update(milestones, ["due_on"])
    Review.objects.bulk_update(
        reviews, ["stage", "report_publication_consent", "consent_recorded_on", "languages"]
    )
    record_event(
        actor=None,
        action="demo.reviews_progressed",
        object_type="reviews.review",
        after={"cycle": cycle.number, "reviews": len(reviews), "as_of": AS_OF},
    )
    return len(reviews)


def _languages(state: State) -> list[str]:
    if state.regional_group == RegionalGroup.GRULAC:
        return ["es", "en"]
    if state.regional_group == RegionalGroup.EEG:
        return ["en", "ru"]
    return ["en"]


def _delays(cycle: Cycle, reviews: list[Review], done_by_review: dict[int, dict[Stage, date]], rng) -> None:
    """Reasons and new target dates for a dozen of the stuck reviews (cycle 2 only)."""
    if cycle.number != 2:
        return
    stuck = [
        r
        for r in reviews
        if r.state.iso3 not in {"KEN", "FRA"}
        and not done_by_review[r.pk].get(S.SUMMARY_AGREED)
        and r.year is not None
    ]
    stuck.sort(key=lambda r: r.state.iso3)
    rows = []
    for index, review in enumerate(rng.sample(stuck, min(12, len(stuck)))):
        done = done_by_review[review.pk]
        open_stage = next(s for s in Stage.ordered() if s not in done)
        category, reason = DELAY_REASONS[index % len(DELAY_REASONS)]
        base = max(done.values())
        rows.append(
            Delay(
                review=review,
                stage=open_stage,
                category=category,
                reason=reason,
                new_due_on=min(base + timedelta(days=rng.randint(60, 400)), LATEST),
            )
        )
    Delay.objects.bulk_create(rows)


# --- the live reviews --------------------------------------------------------------------------


def _live_reviews(cycle: Cycle, stdout: TextIO) -> None:
    """Kenya: focal point fp-kenya, expert-nzl acting for New Zealand, checklist overdue."""
    users = {
        u.username: u for u in User.objects.filter(username__in=["secretariat", "fp-kenya", "expert-nzl"])
    }
    kenya = Review.objects.filter(cycle=cycle, state__iso3="KEN").select_related("state").first()
    nzl = State.objects.filter(iso3="NZL").first()
    fra = State.objects.filter(iso3="FRA").first()
    if kenya is None or nzl is None or len(users) < 3:
        return
    secretariat = users["secretariat"]
    if kenya.focal_point_id and ExpertNomination.objects.filter(user=users["expert-nzl"], state=nzl).exists():
        return  # done on an earlier run
    with transaction.atomic():
        _pair_kenya_with_new_zealand(cycle, kenya, nzl, fra)
        milestones = {S(m.stage): m for m in Milestone.objects.filter(review=kenya)}
        start = milestones[S.LOTS_DRAWN].done_on if S.LOTS_DRAWN in milestones else None
        start = start or _draw_date(cycle, kenya.year)
        today = date.today()
        if not ReviewOfficer.objects.filter(review=kenya, user=secretariat).exists():
            services.assign_officer(actor=secretariat, review=kenya, user=secretariat)
        if not ExpertNomination.objects.filter(state=nzl, user=users["expert-nzl"], active=True).exists():
            services.nominate_expert(actor=secretariat, state=nzl, user=users["expert-nzl"], on=start)
        if not kenya.experts.filter(user=users["expert-nzl"]).exists():
            services.assign_expert(actor=secretariat, review=kenya, user=users["expert-nzl"], state=nzl)
        kenya.refresh_from_db()
        if kenya.focal_point_id is None:
            services.set_focal_point(
                actor=secretariat,
                review=kenya,
                user=users["fp-kenya"],
                on=min(start + timedelta(days=45), today),
            )
        kenya.refresh_from_db()
        if kenya.stage == S.FOCAL_POINT_NOMINATED:
            services.advance_stage(
                actor=secretariat,
                review=kenya,
                stage=S.KICK_OFF_HELD,
                on=min(start + timedelta(days=110), today),
                note="Kick-off call with the focal point, the experts of both reviewing States and the secretariat.",
            )
        if not kenya.delays.exists():
            services.record_delay(
                actor=secretariat,
                review=kenya,
                stage=S.CHECKLIST_SUBMITTED,
                category=DelayReason.CHECKLIST,
                new_due_on=date(2026, 10, 31),
                reason="Several ministries have not finished their parts of the self-assessment.",
            )
    stdout.write("  demo reviews: Kenya's cycle-2 review is live (fp-kenya, expert-nzl)\n")


def _pair_kenya_with_new_zealand(cycle: Cycle, kenya: Review, nzl: State, fra: State | None) -> None:
    """The demo needs New Zealand reviewing Kenya, and France outside Kenya's review."""
    before = {"reviewer_1": kenya.reviewer_1_id, "reviewer_2": kenya.reviewer_2_id}
    reviewers = [kenya.reviewer_1_id, kenya.reviewer_2_id]
    if fra is not None and fra.pk in reviewers:
        reviewers[reviewers.index(fra.pk)] = None
    if nzl.pk not in reviewers:
        slot = 1 if reviewers[1] is None or reviewers[0] is not None else 0
        reviewers[slot] = nzl.pk
    if reviewers[0] is None:
        african = (
            State.objects.filter(regional_group=RegionalGroup.AFRICA)
            .exclude(pk__in=[kenya.state_id, nzl.pk])
            .order_by("iso3")
            .first()
        )
        reviewers[0] = african.pk if african else None
    # No reciprocal review: New Zealand's own review must not be by Kenya.
    own = Review.objects.filter(cycle=cycle, state=nzl).first()
    if own is not None and kenya.state_id in (own.reviewer_1_id, own.reviewer_2_id):
        replacement = (
            State.objects.filter(regional_group=RegionalGroup.WEOG)
            .exclude(pk__in=[nzl.pk, own.reviewer_1_id or 0, own.reviewer_2_id or 0])
            .order_by("iso3")
            .first()
        )
        if own.reviewer_1_id == kenya.state_id:
            own.reviewer_1 = replacement
        else:
            own.reviewer_2 = replacement
        own.save(update_fields=["reviewer_1", "reviewer_2", "updated_at"])
    after = {"reviewer_1": reviewers[0], "reviewer_2": reviewers[1]}
    if after != before:
        Review.objects.filter(pk=kenya.pk).update(reviewer_1_id=reviewers[0], reviewer_2_id=reviewers[1])
        kenya.refresh_from_db()
        record_event(
            actor=None,
            action="demo.pairing_adjusted",
            obj=kenya,
            before=before,
            after=after,
            reason="Demo: New Zealand reviews Kenya; France does not.",
        )
