"""Reads of the analytics app: a cycle's reviews as plain records, and the process report built from them.

The figures themselves are computed in `irm.analytics.process` (pure); this module only reads. The
secretariat's version holds every cell; the public version (`public=True`) holds only aggregates
and suppresses every cell computed from fewer than `settings.ANALYTICS_MIN_CELL` reviews, so that no
single review can be recognised through a small group.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from irm.analytics import process, simulation
from irm.analytics.process import Analysis, DelayFact, ReviewFacts, Suppression
from irm.core.exceptions import NotFound
from irm.cycles.models import Cycle
from irm.finance import selectors as finance_selectors
from irm.lots import selectors as lots_selectors
from irm.parties.models import RegionalGroup
from irm.reviews.models import Delay, DirectDialogue, Milestone, Review, Stage
from irm.reviews.timeline import steps_for

DEFAULT_MIN_CELL = 5


def min_cell() -> int:
    """The smallest number of reviews a public cell may be computed from (at least 2)."""
    return max(2, int(getattr(settings, "ANALYTICS_MIN_CELL", DEFAULT_MIN_CELL)))


def get_cycle(number: int) -> Cycle:
    cycle = Cycle.objects.filter(number=number).first()
    if cycle is None:
        raise NotFound(f"No cycle {number}.")
    return cycle


def last_cycle() -> Cycle | None:
    return Cycle.objects.order_by("-number").first()


def review_facts(cycle: Cycle, as_of: date) -> list[ReviewFacts]:
    """Every review of the cycle with the stages recorded as done on or before `as_of`."""
    done: dict[int, dict[Stage, date]] = {}
    rows = Milestone.objects.filter(review__cycle=cycle, done_on__isnull=False, done_on__lte=as_of)
    for review_id, stage, done_on in rows.values_list("review_id", "stage", "done_on"):
        if stage in Stage.values and done_on is not None:
            done.setdefault(review_id, {})[Stage(stage)] = done_on
    kinds = dict(DirectDialogue.objects.filter(review__cycle=cycle).values_list("review_id", "kind"))
    reviews = Review.objects.filter(cycle=cycle).values_list(
        "pk", "state__iso3", "state__regional_group", "year"
    )
    return [
        ReviewFacts(
            review_id=pk,
            iso3=iso3,
            region=region,
            year=year,
            done=done.get(pk, {}),
            dialogue_kind=kinds.get(pk, "") if Stage.DIRECT_DIALOGUE_HELD in done.get(pk, {}) else "",
        )
        for pk, iso3, region, year in reviews.order_by("pk")
    ]


def delay_facts(cycle: Cycle, as_of: date) -> list[DelayFact]:
    """The delays recorded on or before `as_of` (the reason's category, never its text)."""
    rows = Delay.objects.filter(review__cycle=cycle, recorded_at__date__lte=as_of)
    return [
        DelayFact(review_id, stage, category)
        for review_id, stage, category in rows.values_list("review_id", "stage", "category").order_by("id")
    ]


def is_finished(cycle: Cycle, as_of: date) -> bool:
    """A cycle is finished on a day when its deadline after decided extensions has passed and the
    next cycle has started: its reviews' stages still without a date are then not recorded, never open."""
    deadline = cycle.current_deadline()
    following = Cycle.objects.filter(number__gt=cycle.number, start_year__lte=as_of.year).exists()
    return bool(deadline and deadline < as_of and following)


def analysis_of(cycle: Cycle, as_of: date) -> Analysis:
    return process.analyse(
        cycle=cycle.number,
        start_year=cycle.start_year,
        as_of=as_of,
        reviews=review_facts(cycle, as_of),
        delays=delay_facts(cycle, as_of),
        steps=steps_for(cycle.pk),
        finished=is_finished(cycle, as_of),
    )


def durations(cycle: Cycle, *, as_of: date, public: bool = False) -> dict[str, Any]:
    """What `irm analytics durations` prints: each stage's duration and the delays by reason."""
    analysis = analysis_of(cycle, as_of)
    suppression = Suppression(min_cell() if public else 0)
    stages = process.stage_rows(analysis, suppression)
    counts, _rows = process.delays(analysis, suppression)
    return {
        "cycle": cycle.number,
        "as_of": as_of.isoformat(),
        "public": public,
        "reviews": len(analysis.reviews),
        "stages": stages,
        "delays_by_reason": counts,
        "suppressed_cells": suppression.cells,
        "min_cell": suppression.minimum or None,
    }


def process_report(cycle: Cycle, *, as_of: date, public: bool = False) -> dict[str, Any]:
    """The whole process analytics of a cycle: durations by stage, region and year of the draw,
    on-time shares, delays by reason, completions per year against the plan, dialogue to summary."""
    analysis = analysis_of(cycle, as_of)
    suppression = Suppression(min_cell() if public else 0)
    regions = [g.value for g in RegionalGroup if any(r.region == g.value for r in analysis.reviews)]
    years = sorted({r.year for r in analysis.reviews if r.year is not None})
    counts, delay_rows = process.delays(analysis, suppression)
    report: dict[str, Any] = {
        "cycle": cycle.number,
        "as_of": as_of.isoformat(),
        "public": public,
        "finished": analysis.finished,
        "reviews": len(analysis.reviews),
        "stages": process.stage_rows(analysis, suppression),
        "by_region": process.grouped_rows(analysis, lambda r: r.region, regions, suppression),
        "by_year": [
            {**row, "calendar_year": cycle.start_year + row["group"] - 1}
            for row in process.grouped_rows(analysis, lambda r: r.year, years, suppression)
        ],
        "delays_by_reason": counts,
        "delays": delay_rows,
        "completed_per_year": process.completions_per_year(analysis),
        "dialogue_to_summary": process.dialogue_to_summary(analysis, suppression),
    }
    if not public:
        report["delays_total"] = len(analysis.delays)
    report["suppressed_cells"] = suppression.cells
    report["min_cell"] = suppression.minimum or None
    return report


def review_rows(cycle: Cycle, *, as_of: date) -> list[dict[str, Any]]:
    """The secretariat's per-review table: each stage's duration in days (blank when not measured)."""
    analysis = analysis_of(cycle, as_of)
    rows = []
    for review in analysis.reviews:
        facts = analysis.facts[review.review_id]
        row: dict[str, Any] = {"iso3": review.iso3, "region": review.region, "year": review.year}
        for stage in process.measured_stages():
            fact = facts[stage]
            row[stage.value] = fact.days if fact.status == process.Status.MEASURED else fact.status.value
        rows.append(row)
    return rows


def stage_samples(cycle: Cycle, *, as_of: date) -> dict[Stage, list[int]]:
    """Every measured duration of each stage (the simulator draws from these)."""
    analysis = analysis_of(cycle, as_of)
    return {stage: analysis.measured(stage) for stage in process.measured_stages()}


# --- the simulator's defaults ---------------------------------------------------------------------


def _indicative_days(cycle: Cycle) -> dict[str, int]:
    """Each stage's indicative duration after the stage before it (from the cycle's timeline)."""
    path = process.indicative_path(steps_for(cycle.pk), date(cycle.start_year, 1, 1))
    order = Stage.ordered()
    return {
        stage.value: (path[stage] - path[order[stage.index - 1]]).days
        for stage in simulation.SIMULATED_STAGES
    }


def _cost_per_review(as_of: date) -> tuple[Decimal, str]:
    """Extrabudgetary spending of the most recent finished cycle (else the last) per completed review."""
    cycles = list(Cycle.objects.order_by("-number"))
    finished = [c for c in cycles if is_finished(c, as_of)]
    spent = finance_selectors.expenditure_by(as_of, "cycle")
    for cycle in finished + cycles:
        completed = len(finance_selectors.completed_reviews(as_of, cycle.number))
        total = spent.get((cycle.number,), Decimal(0))
        if completed and total:
            value = (total / completed).quantize(Decimal("0.01"))
            source = gettext(
                "Finance data: extrabudgetary spending on cycle %(cycle)s as at %(date)s (%(spent)s USD) "
                "divided by its %(n)s completed reviews."
            ) % {"cycle": cycle.number, "date": as_of.isoformat(), "spent": f"{total:,.2f}", "n": completed}
            return value, source
    return Decimal(0), gettext("No spending and completed reviews recorded: no cost.")


def simulation_defaults(*, as_of: date | None = None) -> simulation.Defaults:
    """What a proposal's missing fields take: the last cycle's rules and measured durations, the
    parties for which the Convention is in force, the finance data."""
    as_of = as_of or timezone.localdate()
    cycle = last_cycle()
    if cycle is None:
        raise NotFound("No review cycle is recorded: the simulator needs the last cycle's data.")
    states = list(lots_selectors.current_parties(on=as_of))
    measured = stage_samples(cycle, as_of=as_of)
    indicative = _indicative_days(cycle)
    samples: dict[str, list[int]] = {}
    sources: dict[str, str] = {}
    for stage in simulation.SIMULATED_STAGES:
        values = measured.get(stage, [])
        samples[stage.value] = values or [indicative[stage.value]]
        sources[f"stage_durations.{stage.value}"] = (
            gettext("Measured in cycle %(cycle)s: %(n)s reviews.") % {"cycle": cycle.number, "n": len(values)}
            if values
            else gettext("Indicative timeline of cycle %(cycle)s (no duration measured).")
            % {"cycle": cycle.number}
        )
    cost, cost_source = _cost_per_review(as_of)
    position = finance_selectors.position(as_of)
    pledged = position.surplus()
    cycle_text = {"cycle": cycle.number}
    sources.update(
        reviews_per_year=gettext("One share of the parties a year, as in cycle %(cycle)s.") % cycle_text,
        reviewer_cap_per_cycle=gettext("The cap of cycle %(cycle)s.") % cycle_text,
        reviewer_cap_per_year=gettext("No cap per year."),
        eu_reviewed=gettext("The setting of cycle %(cycle)s.") % cycle_text,
        eu_reviews=gettext("The setting of cycle %(cycle)s.") % cycle_text,
        completion_threshold=gettext(
            "The threshold of cycle %(cycle)s: a proposal made at the Group's resumed thirteenth session "
            "(S000 para. 18), not adopted."
        )
        % cycle_text,
        start_year=gettext("The year after this one."),
        cost_per_review=cost_source,
        pledged_contributions=gettext(
            "Finance data: contributions received and pledged as at %(date)s that no current requirement needs."
        )
        % {"date": as_of.isoformat()},
    )
    return simulation.Defaults(
        parties=tuple(lots_selectors.as_party(s) for s in states),
        organizations=frozenset(s.iso3 for s in states if s.is_organization),
        reviewer_cap_per_cycle=cycle.max_reviews_per_reviewer,
        reviewer_cap_per_year=None,
        eu_reviewed=cycle.reio_under_review,
        eu_reviews=cycle.reio_eligible_as_reviewer,
        completion_threshold=cycle.completion_threshold,
        start_year=as_of.year + 1,
        stage_samples=samples,
        cost_per_review=cost,
        pledged_contributions=pledged,
        sources=sources,
        years_per_cycle=cycle.years,
    )


def simulate_proposal(proposal: simulation.Proposal, *, as_of: date | None = None) -> dict[str, Any]:
    """A proposal run against the platform's data."""
    return simulation.simulate(simulation.resolve(proposal, simulation_defaults(as_of=as_of)))
