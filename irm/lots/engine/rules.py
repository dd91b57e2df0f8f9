"""The rules of the drawing of lots as named checks (`irm lots check --cycle N`).

Each rule has a name, its source (docs/RULES.md R-L…) and a check over a cycle's recorded year
groups and pairings. A soft rule (the similar legal system) is reported, never a failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from irm.lots.engine.checking import Violation, check_pairings
from irm.lots.engine.model import NO_GROUP, Party, Rules, similar_systems
from irm.lots.engine.year_groups import accession_year, is_late_joiner, late_joiner_year


@dataclass(frozen=True)
class Rule:
    name: str
    source: str
    summary: str
    soft: bool = False


#: Every rule the check reports, in this order (docs/RULES.md gives each one's code, test, setting).
RULES: tuple[Rule, ...] = (
    Rule("once_per_cycle", "ToR para. 13-14", "each party is reviewed once in the cycle"),
    Rule("two_reviewers", "ToR para. 19", "two reviewing States, neither the State itself"),
    Rule("same_region", "ToR para. 19 (R-L1)", "one reviewer from the State's regional group"),
    Rule(
        "similar_legal_system",
        "ToR para. 19 (R-L2)",
        "the same-region reviewer has a similar legal system, if possible",
        soft=True,
    ),
    Rule("no_reciprocal", "project rule (R-L1)", "two States never review each other in a cycle"),
    Rule("cap", "cycle setting max_reviews_per_reviewer (R-L4)", "reviews per State in the cycle"),
    Rule("year_cap", "cycle setting max_reviews_per_year (R-L4)", "reviews per State in one year"),
    Rule("excluded", "secretariat record (R-L1)", "an excluded State reviews nobody"),
    Rule(
        "reio_eligibility",
        "cycle settings reio_under_review, reio_eligible_as_reviewer (R-P5)",
        "a regional organization is reviewed, and reviews, only where the cycle says so",
    ),
    Rule("deferral", "ToR para. 20 (R-L3)", "a State under review that deferred reviews nobody that year"),
    Rule(
        "redraw_limit",
        "ToR para. 19; cycle setting max_redraws (R-L5)",
        "at most the allowed re-draws; more only exceptional, with a reason",
    ),
    Rule("year_shares", "resolution 6/1 (S002 item 2) (R-L6)", "the parties spread over the years by share"),
    Rule(
        "late_joiners",
        "cycle 1 practice; resolution 6/1 (S002 item 2) (R-L7)",
        "late joiners in the late-joiners year, or from the year of deposit after resolution 6/1",
    ),
    Rule(
        "not_before_accession", "resolution 6/1 (R-L7)", "no State is reviewed in a year before its deposit"
    ),
    Rule(
        "joiners_within_years",
        "resolution 6/1 (S002 item 2) (R-L7)",
        "a joiner after the sixth session completes within the set years of its deposit",
    ),
)


@dataclass
class RuleResult:
    rule: Rule
    checked: int = 0
    violations: list[Violation] = field(default_factory=list)
    note: str = ""
    applies: bool = True

    @property
    def ok(self) -> bool:
        return self.rule.soft or not self.violations

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.name,
            "source": self.rule.source,
            "soft": self.rule.soft,
            "applies": self.applies,
            "ok": self.ok,
            "checked": self.checked,
            "note": self.note,
            "violations": [{"states": list(v.states), "message": v.message} for v in self.violations],
        }


@dataclass(frozen=True)
class Redraw:
    state: str
    exceptional: bool
    reason: str


def check_cycle(
    *,
    parties: Sequence[Party],
    rules: Rules,
    years: Mapping[str, int | None],
    pairs: Mapping[str, Sequence[str]],
    deferrals: Sequence[tuple[str, int]] = (),
    exclusions: Sequence[str] = (),
    volunteers: Mapping[str, int] | None = None,
    redraws: Sequence[Redraw] = (),
    max_redraws: int = 2,
    not_reviewed: Sequence[str] = (),
    not_reviewers: Sequence[str] = (),
) -> list[RuleResult]:
    """Check a cycle's recorded year groups and pairings against every rule, by name.

    `not_reviewed` and `not_reviewers` are the parties the cycle's settings keep from being reviewed
    and from reviewing (the EU, R-P5)."""
    results = {rule.name: RuleResult(rule) for rule in RULES}
    by_code = {p.iso3: p for p in parties}
    regions = {p.iso3: p.region for p in parties}
    rows = [(None, code, list(pairs.get(code, []))) for code in sorted(years)]
    for v in check_pairings(rows, regions, cap=rules.cap, exclusions=exclusions):
        name = {"not_itself": "two_reviewers", "distinct": "two_reviewers"}.get(v.rule, v.rule)
        results[name].violations.append(v)
    for name in ("once_per_cycle", "two_reviewers", "same_region", "no_reciprocal", "cap", "excluded"):
        results[name].checked = len(rows)
    for code in sorted(years):
        if len(pairs.get(code, [])) < 2:
            results["two_reviewers"].violations.append(
                Violation(
                    "two_reviewers", None, (code,), f"{code} has {len(pairs.get(code, []))} reviewer(s)"
                )
            )
    _reio(results["reio_eligibility"], years, pairs, not_reviewed, not_reviewers)
    _legal(results["similar_legal_system"], by_code, pairs)
    _year_cap(results["year_cap"], rules, years, pairs)
    _deferrals(results["deferral"], years, pairs, deferrals)
    _redraws(results["redraw_limit"], redraws, max_redraws)
    _shares(results["year_shares"], parties, rules, years, volunteers or {})
    _joiners(results, parties, rules, years, volunteers or {})
    return [results[rule.name] for rule in RULES]


def _reio(
    result: RuleResult,
    years: Mapping[str, int | None],
    pairs: Mapping[str, Sequence[str]],
    not_reviewed: Sequence[str],
    not_reviewers: Sequence[str],
) -> None:
    kept_out, no_reviewer = set(not_reviewed), set(not_reviewers)
    result.checked = len(kept_out | no_reviewer)
    if not result.checked:
        result.note = "every party may be reviewed and review in this cycle"
    for code in sorted(kept_out & set(years)):
        result.violations.append(
            Violation(
                "reio_eligibility", None, (code,), f"{code} is not reviewed in this cycle but has a review"
            )
        )
    for code, reviewers in sorted(pairs.items()):
        for reviewer in reviewers:
            if reviewer in no_reviewer:
                result.violations.append(
                    Violation(
                        "reio_eligibility",
                        None,
                        (reviewer, code),
                        f"{reviewer} may not review in this cycle but reviews {code}",
                    )
                )


def _legal(result: RuleResult, parties: Mapping[str, Party], pairs: Mapping[str, Sequence[str]]) -> None:
    similar = 0
    for code, reviewers in sorted(pairs.items()):
        state = parties.get(code)
        if state is None or state.region == NO_GROUP or not state.legal_system or not reviewers:
            continue
        first = parties.get(reviewers[0])
        if first is None:
            continue
        result.checked += 1
        if similar_systems(state.legal_system, first.legal_system):
            similar += 1
    result.note = (
        f"{similar} of {result.checked} same-region reviewers have a similar legal system (a preference)"
    )


def _year_cap(
    result: RuleResult, rules: Rules, years: Mapping[str, int | None], pairs: Mapping[str, Sequence[str]]
) -> None:
    if rules.year_cap is None:
        result.applies = False
        result.note = "no cap per year is set for this cycle"
        return
    load: dict[tuple[str, int | None], list[str]] = {}
    for code, reviewers in sorted(pairs.items()):
        for reviewer in reviewers:
            load.setdefault((reviewer, years.get(code)), []).append(code)
    result.checked = len(load)
    for (reviewer, year), reviewed in sorted(load.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        if len(reviewed) > rules.year_cap:
            result.violations.append(
                Violation(
                    "year_cap",
                    None,
                    (reviewer, *reviewed),
                    f"{reviewer} reviews {len(reviewed)} States in year {year} (at most {rules.year_cap})",
                )
            )


def _deferrals(
    result: RuleResult,
    years: Mapping[str, int | None],
    pairs: Mapping[str, Sequence[str]],
    deferrals: Sequence[tuple[str, int]],
) -> None:
    deferred = set(deferrals)
    result.checked = len(deferred)
    for code, reviewers in sorted(pairs.items()):
        for reviewer in reviewers:
            if (reviewer, years.get(code)) in deferred:
                result.violations.append(
                    Violation(
                        "deferral",
                        None,
                        (reviewer, code),
                        f"{reviewer} deferred acting as reviewer in year {years.get(code)} but reviews {code}",
                    )
                )


def _redraws(result: RuleResult, redraws: Sequence[Redraw], max_redraws: int) -> None:
    count: dict[str, int] = {}
    for redraw in redraws:
        count[redraw.state] = count.get(redraw.state, 0) + 1
        if count[redraw.state] > max_redraws and not (redraw.exceptional and redraw.reason.strip()):
            result.violations.append(
                Violation(
                    "redraw_limit",
                    None,
                    (redraw.state,),
                    f"re-draw {count[redraw.state]} of {redraw.state} is beyond the {max_redraws} allowed "
                    "and not recorded as exceptional with a reason",
                )
            )
    result.checked = len(redraws)


def _shares(
    result: RuleResult,
    parties: Sequence[Party],
    rules: Rules,
    years: Mapping[str, int | None],
    volunteers: Mapping[str, int],
) -> None:
    regular = [
        p for p in parties if p.iso3 in years and not is_late_joiner(p, rules) and p.iso3 not in volunteers
    ]
    placed = [p for p in regular if years[p.iso3] is not None and 1 <= (years[p.iso3] or 0) <= rules.years]
    result.checked = len(placed)
    total = len(placed) + sum(1 for code in volunteers if code in years)
    weight = sum(rules.year_shares) or 1.0
    groups = len({p.region for p in placed}) + len(volunteers)
    for index, share in enumerate(rules.year_shares[: rules.years]):
        year = index + 1
        count = sum(1 for p in placed if years[p.iso3] == year) + sum(
            1 for code, y in volunteers.items() if y == year and code in years
        )
        expected = total * share / weight
        # Largest remainders per regional group: each group moves a year's count by less than one.
        if abs(count - expected) > groups:
            result.violations.append(
                Violation(
                    "year_shares",
                    None,
                    (),
                    f"year {year} has {count} States; its share {share:g} of {total} is {expected:.1f}",
                )
            )


def _joiners(
    results: Mapping[str, RuleResult],
    parties: Sequence[Party],
    rules: Rules,
    years: Mapping[str, int | None],
    volunteers: Mapping[str, int],
) -> None:
    late, before, within = (
        results["late_joiners"],
        results["not_before_accession"],
        results["joiners_within_years"],
    )
    if rules.joiners_within_years is None or not rules.joiners_after:
        within.applies = False
        within.note = "no completion period for joiners is set for this cycle"
    for party in sorted(parties, key=lambda p: p.iso3):
        year = years.get(party.iso3)
        if year is None:
            continue
        joined = accession_year(party, rules)
        if joined is not None:
            before.checked += 1
            if year < joined:
                before.violations.append(
                    Violation(
                        "not_before_accession",
                        None,
                        (party.iso3,),
                        f"{party.iso3} is placed in year {year}, before the year of its deposit "
                        f"({party.party_since}, year {joined})",
                    )
                )
        if party.iso3 in volunteers or not is_late_joiner(party, rules):
            continue
        late.checked += 1
        wanted = late_joiner_year(party, rules)
        if year != wanted:
            late.violations.append(
                Violation(
                    "late_joiners",
                    None,
                    (party.iso3,),
                    f"{party.iso3} joined on {party.party_since}: it belongs in year {wanted}, not {year}",
                )
            )
        if within.applies and party.party_since and party.party_since > (rules.joiners_after or ""):
            within.checked += 1
            limit = (joined or 0) + (rules.joiners_within_years or 0)
            if year > limit:
                within.violations.append(
                    Violation(
                        "joiners_within_years",
                        None,
                        (party.iso3,),
                        f"{party.iso3} deposited on {party.party_since}: its review must be completed "
                        f"within {rules.joiners_within_years} years (by year {limit}), not in year {year}",
                    )
                )
