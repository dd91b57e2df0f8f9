"""The engine's inputs and outputs (all plain data, serialisable to the JSON a draw records) and its constants."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ALGORITHM = "irm-lots/1"
NO_GROUP = "NONE"
SAME = "same_region"
ANY = "any_region"

#: Steps of the search (tentative choices) before giving up; never reached on real data.
SEARCH_LIMIT = 20_000


# --- inputs and outputs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    iso3: str
    region: str
    legal_system: str = ""
    party_since: str | None = None  # ISO date

    def to_dict(self) -> dict[str, Any]:
        return {
            "iso3": self.iso3,
            "region": self.region,
            "legal_system": self.legal_system,
            "party_since": self.party_since,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Party:
        return cls(data["iso3"], data["region"], data.get("legal_system") or "", data.get("party_since"))


@dataclass(frozen=True)
class Rules:
    years: int = 5
    year_shares: tuple[float, ...] = (0.2, 0.2, 0.2, 0.2, 0.2)
    late_joiners_year: int | None = None
    cap: int = 3
    #: States that became parties after this ISO date go to the late-joiners year.
    late_after: str | None = None
    #: Reviews a State may be given in one year of the cycle (None: no limit per year).
    year_cap: int | None = None
    #: First calendar year of the cycle: a State is never placed in a year before its deposit.
    start_year: int | None = None
    #: States that deposit after this ISO date are reviewed from the year of their deposit and
    #: complete within `joiners_within_years` years (resolution 6/1, for the chapters of cycle 1).
    joiners_after: str | None = None
    joiners_within_years: int | None = None

    @property
    def late_year(self) -> int:
        return self.late_joiners_year or self.years

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "year_shares": list(self.year_shares),
            "late_joiners_year": self.late_joiners_year,
            "cap": self.cap,
            "late_after": self.late_after,
            **{
                key: value
                for key, value in (
                    ("year_cap", self.year_cap),
                    ("start_year", self.start_year),
                    ("joiners_after", self.joiners_after),
                    ("joiners_within_years", self.joiners_within_years),
                )
                # Absent when unset, so that draws recorded before these rules keep their digest.
                if value is not None
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rules:
        return cls(
            years=int(data["years"]),
            year_shares=tuple(float(x) for x in data["year_shares"]),
            late_joiners_year=data.get("late_joiners_year"),
            cap=int(data["cap"]),
            late_after=data.get("late_after"),
            year_cap=data.get("year_cap"),
            start_year=data.get("start_year"),
            joiners_after=data.get("joiners_after"),
            joiners_within_years=data.get("joiners_within_years"),
        )


def similar_systems(a: str, b: str) -> bool:
    """The soft preference of the terms of reference (para. 19): a *similar* legal system.

    A legal system is given as its families joined by "+" ("civil_law+common_law" for a mixed
    system); two systems are similar when they share a family. Unknown is similar to nothing.
    """
    if not a or not b:
        return False
    return bool(set(a.split("+")) & set(b.split("+")))


@dataclass
class Situation:
    """Everything a reviewer draw depends on besides the seed."""

    parties: list[Party]
    rules: Rules
    #: Year group of every party (iso3 → year).
    years: dict[str, int]
    #: Reviewers already fixed (iso3 under review → reviewers, 0 to 2).
    assignments: dict[str, list[str]] = field(default_factory=dict)
    #: (iso3, year): the State does not act as reviewer for States reviewed in that year.
    deferrals: list[tuple[str, int]] = field(default_factory=list)
    #: States that review nobody in this cycle (own review suspended, opted out).
    exclusions: list[str] = field(default_factory=list)
    #: iso3 under review → reviewers it may not be given again (replaced in a re-draw).
    banned: dict[str, list[str]] = field(default_factory=dict)
    #: Parties not reviewed in this cycle (a regional organization where the cycle says so,
    #: `Cycle.reio_under_review`): they need no reviewers, and may still review if not excluded.
    not_reviewed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "parties": [p.to_dict() for p in sorted(self.parties, key=lambda p: p.iso3)],
            "rules": self.rules.to_dict(),
            "years": dict(sorted(self.years.items())),
            "assignments": {k: list(v) for k, v in sorted(self.assignments.items()) if v},
            "deferrals": sorted([list(d) for d in self.deferrals]),
            "exclusions": sorted(self.exclusions),
            "banned": {k: sorted(v) for k, v in sorted(self.banned.items()) if v},
        }
        if self.not_reviewed:  # absent when empty, so that draws recorded before keep their digest
            data["not_reviewed"] = sorted(self.not_reviewed)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Situation:
        return cls(
            parties=[Party.from_dict(p) for p in data["parties"]],
            rules=Rules.from_dict(data["rules"]),
            years={k: int(v) for k, v in data["years"].items()},
            assignments={k: list(v) for k, v in data.get("assignments", {}).items()},
            deferrals=[(d[0], int(d[1])) for d in data.get("deferrals", [])],
            exclusions=list(data.get("exclusions", [])),
            banned={k: list(v) for k, v in data.get("banned", {}).items()},
            not_reviewed=list(data.get("not_reviewed", [])),
        )


@dataclass(frozen=True)
class Problem:
    """Why a draw is impossible: the rule, the States concerned, and a sentence."""

    rule: str
    states: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "states": list(self.states), "message": self.message}


class ImpossibleDraw(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))


@dataclass
class Step:
    state: str
    slot: int
    rule: str
    eligible: list[str]
    rejected: list[str]
    chosen: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "slot": self.slot,
            "rule": self.rule,
            "eligible": self.eligible,
            "rejected": self.rejected,
            "chosen": self.chosen,
        }


@dataclass
class Outcome:
    #: iso3 under review → [reviewer_1, reviewer_2] for the States of this draw.
    pairs: dict[str, list[str]]
    steps: list[Step]
    order: list[str]
