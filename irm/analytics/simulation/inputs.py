"""A proposal made concrete: every field set, from the proposal or from the platform's data.

`Defaults` is read from the database by `irm.analytics.selectors.simulation_defaults` (the last
cycle's rules and measured stage durations, the finance data); `resolve` fills a proposal's gaps
with it and records, for every field, where its value came from (the evidence note says so).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from irm.analytics.simulation.config import SIMULATED_STAGES, Proposal
from irm.lots.engine import Party


@dataclass(frozen=True)
class Defaults:
    parties: tuple[Party, ...]
    #: Parties that are regional economic integration organizations (the EU): in no regional group.
    organizations: frozenset[str]
    reviewer_cap_per_cycle: int
    reviewer_cap_per_year: int | None
    eu_reviewed: bool
    eu_reviews: bool
    completion_threshold: Decimal
    start_year: int
    stage_samples: dict[str, list[int]]
    cost_per_review: Decimal
    pledged_contributions: Decimal
    #: field → where its default comes from (a sentence a person reads).
    sources: dict[str, str] = field(default_factory=dict)
    years_per_cycle: int = 5


@dataclass(frozen=True)
class Inputs:
    name: str
    reviewed: tuple[Party, ...]
    reviewers: tuple[Party, ...]
    reviews_per_year: int
    reviewer_cap_per_year: int | None
    reviewer_cap_per_cycle: int
    reviewers_per_review: int
    eu_reviewed: bool
    eu_reviews: bool
    completion_threshold: Decimal
    start_year: int
    stage_samples: dict[str, list[int]]
    cost_per_review: Decimal
    pledged_contributions: Decimal
    runs: int
    seed: int | str
    sources: dict[str, str]
    organizations: frozenset[str] = frozenset()

    @property
    def reviews(self) -> int:
        return len(self.reviewed)

    @property
    def years(self) -> int:
        return max(1, math.ceil(self.reviews / self.reviews_per_year)) if self.reviews else 1

    def year_sizes(self) -> list[int]:
        """Reviews started in each year: `reviews_per_year`, the rest in the last year."""
        sizes = [
            min(self.reviews_per_year, self.reviews - i * self.reviews_per_year) for i in range(self.years)
        ]
        return [max(0, s) for s in sizes]

    def summary(self) -> dict[str, Any]:
        """The values the simulation used, for the JSON and the evidence note."""
        return {
            "name": self.name,
            "reviews": self.reviews,
            "reviewing_parties": len(self.reviewers),
            "reviews_per_year": self.reviews_per_year,
            "years": self.years,
            "reviewer_cap_per_year": self.reviewer_cap_per_year,
            "reviewer_cap_per_cycle": self.reviewer_cap_per_cycle,
            "reviewers_per_review": self.reviewers_per_review,
            "eu_reviewed": self.eu_reviewed,
            "eu_reviews": self.eu_reviews,
            "completion_threshold": float(self.completion_threshold),
            "start_year": self.start_year,
            "stage_durations": {
                stage: {"samples": len(v), "median_days": _median(v)}
                for stage, v in self.stage_samples.items()
            },
            "cost_per_review": str(self.cost_per_review),
            "pledged_contributions": str(self.pledged_contributions),
            "runs": self.runs,
            "seed": self.seed,
            "sources": self.sources,
        }


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


PROPOSAL = "proposal"


def resolve(proposal: Proposal, defaults: Defaults) -> Inputs:
    """The proposal with every missing field taken from `defaults` (and where each value came from)."""
    sources: dict[str, str] = {}

    def pick(name: str, value: Any, default: Any) -> Any:
        if value is None:
            sources[name] = defaults.sources.get(name, "default")
            return default
        sources[name] = PROPOSAL
        return value

    eu_reviewed = pick("eu_reviewed", proposal.eu_reviewed, defaults.eu_reviewed)
    eu_reviews = pick("eu_reviews", proposal.eu_reviews, defaults.eu_reviews)
    organizations = defaults.organizations
    reviewed = tuple(p for p in defaults.parties if eu_reviewed or p.iso3 not in organizations)
    reviewers = tuple(p for p in defaults.parties if eu_reviews or p.iso3 not in organizations)
    per_year_default = max(1, math.ceil(len(reviewed) / max(1, defaults.years_per_cycle)))
    samples = {}
    for stage in SIMULATED_STAGES:
        given = proposal.stage_durations.get(stage.value)
        samples[stage.value] = pick(
            f"stage_durations.{stage.value}", given, defaults.stage_samples[stage.value]
        )
    return Inputs(
        name=proposal.name,
        reviewed=reviewed,
        reviewers=reviewers,
        reviews_per_year=pick("reviews_per_year", proposal.reviews_per_year, per_year_default),
        reviewer_cap_per_year=pick(
            "reviewer_cap_per_year", proposal.reviewer_cap_per_year, defaults.reviewer_cap_per_year
        ),
        reviewer_cap_per_cycle=pick(
            "reviewer_cap_per_cycle", proposal.reviewer_cap_per_cycle, defaults.reviewer_cap_per_cycle
        ),
        reviewers_per_review=proposal.reviewers_per_review,
        eu_reviewed=eu_reviewed,
        eu_reviews=eu_reviews,
        completion_threshold=pick(
            "completion_threshold", proposal.completion_threshold, defaults.completion_threshold
        ),
        start_year=pick("start_year", proposal.start_year, defaults.start_year),
        stage_samples=samples,
        cost_per_review=pick("cost_per_review", proposal.cost_per_review, defaults.cost_per_review),
        pledged_contributions=pick(
            "pledged_contributions", proposal.pledged_contributions, defaults.pledged_contributions
        ),
        runs=proposal.runs,
        seed=proposal.seed,
        sources=sources,
        organizations=organizations,
    )
