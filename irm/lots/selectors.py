"""Reads of the lots app: the situation a draw starts from, the pairings of a cycle, verification."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from irm.core.models import AuditEvent
from irm.cycles import selectors as cycle_selectors
from irm.cycles.models import Cycle
from irm.lots import engine
from irm.lots.engine.rules import Redraw, RuleResult, check_cycle
from irm.lots.models import Deferral, Draw, Exclusion, Volunteer
from irm.parties import selectors as party_selectors
from irm.parties.models import State
from irm.reviews.models import Review


def cycle_rules(cycle: Cycle) -> engine.Rules:
    """The draw rules kept in the cycle's data."""
    shares = tuple(float(x) for x in (cycle.year_shares or [])) or tuple([1.0 / cycle.years] * cycle.years)
    late_after = cycle.late_joiners_after or date(cycle.start_year, 1, 1)
    return engine.Rules(
        years=cycle.years,
        year_shares=shares,
        late_joiners_year=cycle.late_joiners_year,
        cap=cycle.max_reviews_per_reviewer,
        late_after=late_after.isoformat(),
        year_cap=cycle.max_reviews_per_year,
        start_year=cycle.start_year,
        joiners_after=cycle.joiners_complete_after.isoformat() if cycle.joiners_complete_after else None,
        joiners_within_years=cycle.joiners_complete_within_years,
    )


def current_parties(*, on: date | None = None) -> QuerySet[State]:
    """Parties for which the Convention is in force on the given day (art. 68).

    A party without a recorded date of entry into force is not counted: `irm.parties.selectors.
    without_dates()` lists them for the secretariat to complete.
    """
    return party_selectors.parties_on(on)


def as_party(state: State) -> engine.Party:
    return engine.Party(
        iso3=state.iso3,
        region=state.regional_group,
        legal_system=party_selectors.legal_families(state),
        party_since=state.party_since.isoformat() if state.party_since else None,
    )


def reviewable_parties(cycle: Cycle, parties: list[State] | None = None) -> list[State]:
    """The current parties reviewed in the cycle: a regional organization only where the cycle says
    so (`Cycle.reio_under_review`, docs/RULES.md R-P5)."""
    parties = parties if parties is not None else list(current_parties())
    return [s for s in parties if cycle_selectors.may_be_reviewed(cycle, s)]


def not_reviewed(cycle: Cycle, parties: list[State]) -> list[str]:
    """Parties the cycle does not review (R-P5)."""
    return sorted(s.iso3 for s in parties if not cycle_selectors.may_be_reviewed(cycle, s))


def not_reviewers(cycle: Cycle, parties: list[State]) -> list[str]:
    """Parties that may not be drawn as reviewers in the cycle (`Cycle.reio_eligible_as_reviewer`, R-P5)."""
    return sorted(s.iso3 for s in parties if not cycle_selectors.may_review(cycle, s))


def volunteers_of(cycle: Cycle) -> dict[str, int]:
    return {v.state.iso3: v.year for v in Volunteer.objects.filter(cycle=cycle).select_related("state")}


def deferrals_of(cycle: Cycle) -> list[tuple[str, int]]:
    return sorted(
        (d.state.iso3, d.year) for d in Deferral.objects.filter(cycle=cycle).select_related("state")
    )


def exclusions_of(cycle: Cycle) -> list[str]:
    return sorted(e.state.iso3 for e in Exclusion.objects.filter(cycle=cycle).select_related("state"))


def cycle_reviews(cycle: Cycle) -> QuerySet[Review]:
    return Review.objects.filter(cycle=cycle).select_related("state", "reviewer_1", "reviewer_2")


def replaced_reviewers(cycle: Cycle) -> dict[str, list[str]]:
    """Reviewers each State had replaced by re-draws in this cycle (never drawn again for it)."""
    banned: dict[str, set[str]] = {}
    for draw in Draw.objects.filter(cycle=cycle, kind=Draw.Kind.REDRAW).order_by("id"):
        banned.setdefault(draw.result["state"], set()).update(draw.result["replaced"])
    return {k: sorted(v) for k, v in banned.items()}


def situation_of(cycle: Cycle, *, parties: list[State] | None = None) -> engine.Situation:
    """Everything a reviewer draw in `cycle` depends on, from the database."""
    parties = parties if parties is not None else list(current_parties())
    codes = {s.iso3 for s in parties}
    rules = cycle_rules(cycle)
    years: dict[str, int] = {}
    assignments: dict[str, list[str]] = {}
    # Codes, not Review and State instances: a year's draw read some 800 of them (21 draws in the demo).
    rows = Review.objects.filter(cycle=cycle).values_list(
        "state__iso3", "year", "reviewer_1__iso3", "reviewer_2__iso3"
    )
    for iso3, year, first, second in rows:
        if iso3 not in codes:
            continue
        years[iso3] = year or rules.late_year
        reviewers = [r for r in (first, second) if r is not None and r in codes]
        if reviewers:
            assignments[iso3] = reviewers
    # Parties the cycle's settings keep from reviewing are excluded like a recorded exclusion (R-P5).
    excluded = {e for e in exclusions_of(cycle) if e in codes} | set(not_reviewers(cycle, parties))
    return engine.Situation(
        parties=[as_party(s) for s in parties],
        rules=rules,
        years=years,
        assignments=assignments,
        deferrals=[d for d in deferrals_of(cycle) if d[0] in codes],
        exclusions=sorted(excluded),
        banned=replaced_reviewers(cycle),
        not_reviewed=not_reviewed(cycle, parties),
    )


def last_year(cycle: Cycle) -> int:
    """The last year in which a review of the cycle is placed (late joiners may come after its years)."""
    years = [y for y in Review.objects.filter(cycle=cycle).values_list("year", flat=True) if y]
    return max([cycle.years, *years])


def redraws_used(cycle: Cycle, state: State) -> int:
    return Draw.objects.filter(cycle=cycle, kind=Draw.Kind.REDRAW, state=state).count()


def pairings(cycle: Cycle) -> list[dict[str, Any]]:
    """The public pairings of a cycle: State, year, reviewers (ISO3), ordered by year then State."""
    rows = [
        {
            "state": r.state.iso3,
            "name": r.state.name,
            "region": r.state.regional_group,
            "region_name": r.state.get_regional_group_display(),
            "year": r.year,
            "reviewers": [s.iso3 for s in r.reviewers],
            "reviewer_names": [s.name for s in r.reviewers],
            "reviewer_items": [(s.iso3, s.name) for s in r.reviewers],
        }
        for r in cycle_reviews(cycle)
    ]
    return sorted(rows, key=lambda row: (row["year"] or 99, row["state"]))


#: The orders a list of pairings may be shown in (`?sort=`): each row's key.
PAIRING_SORTS: dict[str, Any] = {
    "year": lambda row: (row["year"] or 99, row["name"].casefold()),
    "state": lambda row: row["name"].casefold(),
    "reviewers": lambda row: (
        [n.casefold() for n in row["reviewer_names"]] or ["\uffff"],
        row["name"].casefold(),
    ),
    "region": lambda row: (row["region_name"].casefold(), row["name"].casefold()),
}


def sorted_pairings(cycle: Cycle, sort: str = "year") -> list[dict[str, Any]]:
    """The pairings of a cycle in one of `PAIRING_SORTS` (an unknown order reads as by year)."""
    return sorted(pairings(cycle), key=PAIRING_SORTS.get(sort, PAIRING_SORTS["year"]))


def year_groups(cycle: Cycle) -> list[tuple[int | None, list[dict[str, Any]]]]:
    groups: dict[int | None, list[dict[str, Any]]] = {}
    for row in pairings(cycle):
        groups.setdefault(row["year"], []).append(row)
    return sorted(groups.items(), key=lambda item: item[0] or 99)


def pending_states(cycle: Cycle, year: int) -> list[Review]:
    """Reviews of `year` still short of reviewers, in the order they are called at a session."""
    reviews = [r for r in cycle_reviews(cycle).filter(year=year) if len(r.reviewers) < 2]
    return sorted(reviews, key=lambda r: r.state.name_en)


def check_rules(cycle: Cycle) -> list[RuleResult]:
    """The cycle's recorded year groups and pairings checked against every rule, by name."""
    reviews = list(cycle_reviews(cycle))
    states = {r.state.iso3: r.state for r in reviews}
    for review in reviews:
        states.update({s.iso3: s for s in review.reviewers})
    redraws = [
        Redraw(state=d.state.iso3, exceptional=d.exceptional, reason=d.reason)
        for d in Draw.objects.filter(cycle=cycle, kind=Draw.Kind.REDRAW)
        .select_related("state")
        .order_by("id")
        if d.state is not None
    ]
    everyone = list({s.iso3: s for s in [*current_parties(), *states.values()]}.values())
    return check_cycle(
        parties=[as_party(s) for s in states.values()],
        rules=cycle_rules(cycle),
        years={r.state.iso3: r.year for r in reviews},
        pairs={r.state.iso3: [s.iso3 for s in r.reviewers] for r in reviews},
        deferrals=deferrals_of(cycle),
        exclusions=exclusions_of(cycle),
        volunteers=volunteers_of(cycle),
        redraws=redraws,
        max_redraws=cycle.max_redraws,
        not_reviewed=not_reviewed(cycle, everyone),
        not_reviewers=not_reviewers(cycle, everyone),
    )


# --- verification ----------------------------------------------------------------------------


def draw_digest(draw: Draw) -> str:
    payload = {
        "cycle": draw.cycle.number,
        "kind": draw.kind,
        "year": draw.year,
        "state": draw.state.iso3 if draw.state is not None else None,
        "seed": draw.seed,
        "algorithm": draw.algorithm,
        "inputs": draw.inputs,
        "result": draw.result,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class VerifyReport:
    cycle: int
    draws: int = 0
    rerun: int = 0
    reviews: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "draws": self.draws,
            "rerun": self.rerun,
            "reviews": self.reviews,
            "ok": self.ok,
            "problems": self.problems,
        }


def _check_record(draw: Draw, events: dict[int, AuditEvent], report: VerifyReport) -> bool:
    """The draw's record against its digest and audit event, and re-run from its seed; False when it
    cannot be re-run at all."""
    if draw_digest(draw) != draw.digest:
        report.problems.append(f"draw #{draw.pk}: its record was altered (digest mismatch)")
    event = events.get(draw.event_seq or 0)
    if event is None or (event.after or {}).get("digest") != draw.digest:
        report.problems.append(f"draw #{draw.pk}: does not match its audit event")
    if draw.kind == Draw.Kind.IMPORT:
        return True
    if draw.algorithm != engine.ALGORITHM:
        report.problems.append(f"draw #{draw.pk}: unknown algorithm {draw.algorithm!r}")
        return False
    try:
        result, _ = engine.run(draw.kind, draw.inputs, int(draw.seed or 0))
    except (engine.ImpossibleDraw, ValueError, KeyError) as exc:
        report.problems.append(f"draw #{draw.pk}: cannot be re-run ({exc})")
        return False
    report.rerun += 1
    if engine_json(result) != engine_json(draw.result):
        report.problems.append(f"draw #{draw.pk}: re-running seed {draw.seed} gives a different result")
    return True


def _expect(
    draw: Draw,
    pairs: dict[str, tuple[int, list[str | None]]],
    years: dict[str, tuple[int, int]],
) -> None:
    """What the draw says the reviews should hold (a later draw overrides an earlier one)."""
    if draw.kind == Draw.Kind.YEAR_GROUPS:
        for code, year in draw.result["years"].items():
            years[code] = (draw.pk, year)
    elif draw.kind in (Draw.Kind.REVIEWERS, Draw.Kind.IMPORT):
        for code, pair in draw.result["pairs"].items():
            pairs[code] = (draw.pk, list(pair))
    elif draw.kind == Draw.Kind.REDRAW:
        pairs[draw.result["state"]] = (draw.pk, list(draw.result["reviewers"]))


def verify_cycle(cycle: Cycle) -> VerifyReport:
    """Re-run every recorded draw from its seed; compare with the stored result, its audit event
    and the current pairings on the Review rows."""
    report = VerifyReport(cycle=cycle.number)
    expected_pairs: dict[str, tuple[int, list[str | None]]] = {}
    expected_years: dict[str, tuple[int, int]] = {}
    draws = list(Draw.objects.filter(cycle=cycle).select_related("cycle", "state").order_by("id"))
    events = {
        e.seq: e for e in AuditEvent.objects.filter(seq__in=[d.event_seq for d in draws if d.event_seq])
    }
    for draw in draws:
        report.draws += 1
        if _check_record(draw, events, report):
            _expect(draw, expected_pairs, expected_years)
    reviews = {r.state.iso3: r for r in cycle_reviews(cycle)}
    for code, (pk, pair) in sorted(expected_pairs.items()):
        review = reviews.get(code)
        report.reviews += 1
        if review is None:
            report.problems.append(f"{code}: drawn in draw #{pk} but has no review")
            continue
        actual: list[str | None] = [
            review.reviewer_1.iso3 if review.reviewer_1 else None,
            review.reviewer_2.iso3 if review.reviewer_2 else None,
        ]
        wanted = ([*pair, None, None])[:2]
        if actual != wanted:
            report.problems.append(
                f"{code}: reviewers are {_pair(actual)} but draw #{pk} gave {_pair(wanted)}"
            )
    for code, (pk, year) in sorted(expected_years.items()):
        review = reviews.get(code)
        if review is not None and review.year != year:
            report.problems.append(f"{code}: in year {review.year} but draw #{pk} gave year {year}")
    return report


def _pair(pair: list[str | None]) -> str:
    return ", ".join(p or "—" for p in pair)


def engine_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))
