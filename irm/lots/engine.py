"""The drawing-of-lots engine: pure Python, no database, fully determined by its inputs and a seed.

Algorithm "irm-lots/1"
----------------------
*Year groups.* Volunteers are placed first. States that became parties after the cycle's cut-off
date go to the late-joiners year. Every other State is placed by lot so that each regional group
is spread over the years in proportion to the year shares (largest-remainder quotas per group,
volunteers counting towards their group's quota); within a group the order is a uniform
Fisher–Yates shuffle.

*Reviewers.* The States of a draw are taken in a random order; each gets first the reviewer
from its own regional group (any State for a party without a group, such as the EU), then a
second reviewer from any group. At each step the candidate is drawn uniformly among the
candidates allowed by the rules that keep the rest of the cycle feasible. Feasibility is a flow
problem — every open slot of every State still without reviewers (in this year or a later one)
needs a distinct reviewer, the same-region slot one from its group, and no State reviews more
than the cap — kept as a maintained maximum flow that is repaired by augmenting paths after
each tentative choice. Reciprocity between two open slots is not a flow constraint, so the
search backtracks if a choice later leaves no candidate; when the search is exhausted, or the
flow cannot be saturated, the draw is impossible and `ImpossibleDraw` names the rule and States.

Randomness comes only from `random.Random(seed).getrandbits`, so a draw is reproducible from
its inputs, seed and algorithm name, on any platform and Python version.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
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
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rules:
        return cls(
            years=int(data["years"]),
            year_shares=tuple(float(x) for x in data["year_shares"]),
            late_joiners_year=data.get("late_joiners_year"),
            cap=int(data["cap"]),
            late_after=data.get("late_after"),
        )


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "parties": [p.to_dict() for p in sorted(self.parties, key=lambda p: p.iso3)],
            "rules": self.rules.to_dict(),
            "years": dict(sorted(self.years.items())),
            "assignments": {k: list(v) for k, v in sorted(self.assignments.items()) if v},
            "deferrals": sorted([list(d) for d in self.deferrals]),
            "exclusions": sorted(self.exclusions),
            "banned": {k: sorted(v) for k, v in sorted(self.banned.items()) if v},
        }

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


# --- randomness ------------------------------------------------------------------------------


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n) from getrandbits only (stable across Python versions)."""
    if n <= 0:
        raise ValueError("n must be positive")
    if n == 1:
        return 0
    bits = (n - 1).bit_length()
    while True:
        value = rng.getrandbits(bits)
        if value < n:
            return value


def _shuffle(rng: random.Random, items: list[Any]) -> None:
    for i in range(len(items) - 1, 0, -1):
        j = _below(rng, i + 1)
        items[i], items[j] = items[j], items[i]


# --- year groups -----------------------------------------------------------------------------


def _quotas(size: int, shares: Sequence[float], totals: list[int]) -> list[int]:
    """Largest-remainder split of `size` over the years in proportion to `shares`.

    Ties between equal remainders go to the year with fewest States so far (so that the
    groups taken together stay balanced), then to the earlier year.
    """
    weight = sum(shares)
    exact = [size * s / weight if weight else 0.0 for s in shares]
    quotas = [int(x) for x in exact]
    left = size - sum(quotas)
    order = sorted(
        (y for y, s in enumerate(shares) if s > 0),
        key=lambda y: (-(round(exact[y] - quotas[y], 9)), totals[y], y),
    )
    for y in order[:left]:
        quotas[y] += 1
    return quotas


def draw_year_groups(
    parties: Iterable[Party],
    rules: Rules,
    rng: random.Random,
    *,
    volunteers: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Spread the parties over the years of the cycle (see the module docstring)."""
    volunteers = dict(volunteers or {})
    parties = sorted(parties, key=lambda p: p.iso3)
    shares = list(rules.year_shares)[: rules.years] + [0.0] * max(0, rules.years - len(rules.year_shares))
    result: dict[str, int] = {}
    for iso3, year in sorted(volunteers.items()):
        if not 1 <= year <= rules.years:
            raise ValueError(f"{iso3} volunteered for year {year}, outside 1–{rules.years}")
    late_after = date.fromisoformat(rules.late_after) if rules.late_after else None
    pool: dict[str, list[Party]] = {}
    volunteered: dict[str, list[int]] = {}
    for party in parties:
        if party.iso3 in volunteers:
            result[party.iso3] = volunteers[party.iso3]
            if shares[volunteers[party.iso3] - 1] > 0:
                volunteered.setdefault(party.region, []).append(volunteers[party.iso3] - 1)
        elif (
            late_after
            and party.party_since
            and date.fromisoformat(party.party_since) > late_after
            or not any(s > 0 for s in shares)
        ):
            result[party.iso3] = rules.late_year
        else:
            pool.setdefault(party.region, []).append(party)
    totals = [0] * rules.years
    for region in sorted(set(pool) | set(volunteered)):
        members = pool.get(region, [])
        taken = volunteered.get(region, [])
        quotas = _quotas(len(members) + len(taken), shares, totals)
        for y in taken:
            quotas[y] -= 1
        # Volunteers beyond a year's quota are absorbed by the years with the largest quotas.
        while min(quotas) < 0:
            short = quotas.index(min(quotas))
            donor = max(range(len(quotas)), key=lambda y: (quotas[y], y))
            quotas[short] += 1
            quotas[donor] -= 1
        order = list(members)
        _shuffle(rng, order)
        position = 0
        for y, quota in enumerate(quotas):
            for party in order[position : position + quota]:
                result[party.iso3] = y + 1
            position += quota
            totals[y] += quota + taken.count(y)
    return result


# --- reviewers -------------------------------------------------------------------------------


class _Search:
    """The state of one reviewer draw: fixed pairs, the open slots and a maximum flow over them."""

    def __init__(self, situation: Situation) -> None:
        self.situation = situation
        rules = situation.rules
        parties = sorted(situation.parties, key=lambda p: p.iso3)
        self.codes = [p.iso3 for p in parties]
        self.index = {code: i for i, code in enumerate(self.codes)}
        n = len(parties)
        self.n = n
        self.region = [p.region for p in parties]
        self.legal = [p.legal_system for p in parties]
        unknown = sorted(
            {c for c in situation.years if c not in self.index}
            | {c for c in situation.assignments if c not in self.index}
            | {r for rs in situation.assignments.values() for r in rs if r not in self.index}
        )
        if unknown:
            raise ValueError(f"States not among the parties: {', '.join(unknown)}")
        self.year = [situation.years.get(code, rules.late_year) for code in self.codes]
        excluded = {self.index[c] for c in situation.exclusions if c in self.index}
        deferred = {(self.index[c], y) for c, y in situation.deferrals if c in self.index}
        self.excluded = excluded
        self.deferred = deferred
        self.fixed: list[list[int]] = [[] for _ in range(n)]
        load = [0] * n
        for code, reviewers in situation.assignments.items():
            for reviewer in reviewers:
                self.fixed[self.index[code]].append(self.index[reviewer])
                load[self.index[reviewer]] += 1
        self.cap_left = [max(0, rules.cap - load[i]) for i in range(n)]
        # Pairs (reviewer * n + reviewee) that may never be drawn: reciprocity with fixed pairs,
        # and reviewers a State asked to replace.
        self.forbidden: set[int] = set()
        for s in range(n):
            for r in self.fixed[s]:
                self.forbidden.add(s * n + r)  # s may not review r, since r reviews s
        for code, banned in situation.banned.items():
            if code in self.index:
                for name in banned:
                    if name in self.index:
                        self.forbidden.add(self.index[name] * n + self.index[code])
        # Static candidate lists (rules that never change during the draw).
        # Lists are shared between the States of a year (and group); a State reviewing itself is
        # ruled out by `forbidden`.
        by_year: dict[int, list[int]] = {}
        by_year_region: dict[tuple[int, str], list[int]] = {}
        self.base: list[list[int]] = []
        self.base_same: list[list[int]] = []
        for s in range(n):
            year = self.year[s]
            if year not in by_year:
                by_year[year] = [r for r in range(n) if r not in excluded and (r, year) not in deferred]
            key = (year, self.region[s])
            if key not in by_year_region:
                by_year_region[key] = [r for r in by_year[year] if self.region[r] == self.region[s]]
            self.base.append(by_year[year])
            self.base_same.append(by_year_region[key])
            self.forbidden.add(s * n + s)
        # Open slots: every State still short of reviewers, in this draw or a later one.
        self.slot_state: list[int] = []
        self.slot_kind: list[str] = []
        self.open: list[list[int]] = [[] for _ in range(n)]
        for s in range(n):
            for kind in self.kinds_needed(s):
                sid = len(self.slot_state)
                self.slot_state.append(s)
                self.slot_kind.append(kind)
                self.open[s].append(sid)
        self.slot_r = [-1] * len(self.slot_state)
        self.users: list[list[int]] = [[] for _ in range(n)]
        self.log: list[tuple[int, int]] | None = None
        #: True while the flow is kept free of reciprocal pairs (then every choice it allows is
        #: completable, and the draw never backtracks).
        self.witness = False

    # rules ---------------------------------------------------------------------------------

    def kinds_needed(self, s: int) -> list[str]:
        needed = 2 - len(self.fixed[s])
        if needed <= 0:
            return []
        has_same = any(self.region[r] == self.region[s] for r in self.fixed[s])
        if self.region[s] != NO_GROUP and not has_same:
            return [SAME] + [ANY] * (needed - 1)
        return [ANY] * needed

    def ok(self, s: int, r: int) -> bool:
        return r not in self.fixed[s] and (r * self.n + s) not in self.forbidden

    def candidates(self, sid: int) -> list[int]:
        s = self.slot_state[sid]
        base = self.base_same[s] if self.slot_kind[sid] == SAME else self.base[s]
        cap_left, fixed, forbidden, n = self.cap_left, self.fixed[s], self.forbidden, self.n
        return [r for r in base if cap_left[r] > 0 and r not in fixed and (r * n + s) not in forbidden]

    def usable(self, s: int, *, same: bool = False, limit: int | None = None) -> int:
        """How many States may still review `s` (counting stops at `limit`)."""
        base = self.base_same[s] if same else self.base[s]
        cap_left, fixed, forbidden, n = self.cap_left, self.fixed[s], self.forbidden, self.n
        count = 0
        for r in base:
            if cap_left[r] > 0 and r not in fixed and (r * n + s) not in forbidden:
                count += 1
                if limit is not None and count >= limit:
                    break
        return count

    # the flow ------------------------------------------------------------------------------

    def _sibling_on(self, sid: int, r: int) -> int:
        for other in self.open[self.slot_state[sid]]:
            if other != sid and self.slot_r[other] == r:
                return other
        return -1

    def _move(self, sid: int, r: int) -> None:
        old = self.slot_r[sid]
        if self.log is not None:
            self.log.append((sid, old))
        if old != -1:
            self.users[old].remove(sid)
        self.slot_r[sid] = r
        if r != -1:
            self.users[r].append(sid)

    def augment(self, start: int) -> bool:
        """Place the unplaced slot `start`, moving other slots along an augmenting path."""
        # Fast path: a reviewer with room, looked for from a slot-dependent offset so that the
        # slots spread over the reviewers (the verdict does not depend on which flow is kept).
        s = self.slot_state[start]
        base = self.base_same[s] if self.slot_kind[start] == SAME else self.base[s]
        if base:
            offset = (start * 7919) % len(base)
            for r in base[offset:] + base[:offset]:
                if (
                    len(self.users[r]) < self.cap_left[r]
                    and self.ok(s, r)
                    and self._sibling_on(start, r) == -1
                    and self.slot_r[start] != r
                ):
                    self._move(start, r)
                    return True
        parent: dict[int, tuple[int, int]] = {}
        seen_slots = {start}
        seen_reviewers: set[int] = set()
        queue = [start]
        head = 0
        while head < len(queue):
            sid = queue[head]
            head += 1
            s = self.slot_state[sid]
            base = self.base_same[s] if self.slot_kind[sid] == SAME else self.base[s]
            current = self.slot_r[sid]
            for r in base:
                if r == current or self.cap_left[r] <= 0 or not self.ok(s, r):
                    continue
                sibling = self._sibling_on(sid, r)
                if sibling != -1:
                    if sibling not in seen_slots:
                        seen_slots.add(sibling)
                        parent[sibling] = (sid, r)
                        queue.append(sibling)
                    continue
                if r in seen_reviewers:
                    continue
                seen_reviewers.add(r)
                if len(self.users[r]) < self.cap_left[r]:
                    # Found: shift every slot on the path one step.
                    slot, target = sid, r
                    while True:
                        self._move(slot, target)
                        if slot == start:
                            return True
                        slot, target = parent[slot]
                for other in self.users[r]:
                    if other not in seen_slots:
                        seen_slots.add(other)
                        parent[other] = (sid, r)
                        queue.append(other)
        return False

    def saturate(self) -> list[int]:
        """Place every open slot; return the slots that cannot be placed."""
        return [
            sid for sid in range(len(self.slot_state)) if self.slot_r[sid] == -1 and not self.augment(sid)
        ]

    # choices -------------------------------------------------------------------------------

    def _two_cycle(self, sid: int) -> int:
        """The open slot of this slot's reviewer that has this slot's State as reviewer, or -1."""
        r = self.slot_r[sid]
        if r == -1:
            return -1
        s = self.slot_state[sid]
        for other in self.open[r]:
            if self.slot_r[other] == s:
                return other
        return -1

    def _undo_to(self, mark: int) -> None:
        assert self.log is not None
        while len(self.log) > mark:
            moved, old = self.log.pop()
            log, self.log = self.log, None
            self._move(moved, old)
            self.log = log

    def untangle(self, slots: Iterable[int]) -> bool:
        """Remove the reciprocal pairs between open slots from the flow, so that the flow is itself a
        complete valid draw (a witness). Needs the move log on; False if it could not."""
        assert self.log is not None
        queue = [sid for sid in slots if self.slot_r[sid] != -1]
        banned: list[int] = []
        budget = 4 * len(self.slot_state) + 10
        success = True
        while queue:
            sid = queue.pop()
            other = self._two_cycle(sid)
            if other == -1:
                continue
            budget -= 1
            if budget < 0:
                success = False
                break
            moved = False
            for a, b in ((sid, other), (other, sid)):
                pair = self.slot_r[a] * self.n + self.slot_state[a]
                self.forbidden.add(pair)
                banned.append(pair)
                mark = len(self.log)
                self._move(a, -1)
                if self.augment(a):
                    queue.extend(m for m, _ in self.log[mark:])
                    queue.append(b)
                    moved = True
                    break
                self._undo_to(mark)
                self.forbidden.discard(banned.pop())
            if not moved:
                success = False
                break
        for pair in banned:
            self.forbidden.discard(pair)
        return success

    def fix(self, sid: int, r: int) -> bool:
        """Give slot `sid` the reviewer `r` and repair the flow; False (state unchanged) if infeasible."""
        self.log = []
        s = self.slot_state[sid]
        self._move(sid, -1)
        position = self.open[s].index(sid)
        self.open[s].pop(position)
        displaced: list[int] = []
        for other in self.open[s]:
            if self.slot_r[other] == r:
                self._move(other, -1)
                displaced.append(other)
        self.fixed[s].append(r)
        self.cap_left[r] -= 1
        pair = s * self.n + r
        new_pair = pair not in self.forbidden
        self.forbidden.add(pair)
        while len(self.users[r]) > self.cap_left[r]:
            other = self.users[r][-1]
            self._move(other, -1)
            displaced.append(other)
        for other in self.open[r]:
            if self.slot_r[other] == s:
                self._move(other, -1)
                displaced.append(other)
        feasible = all(self.augment(other) for other in displaced)
        if feasible and self.witness:
            feasible = self.untangle([m for m, _ in self.log])
        if not feasible:
            # Undo: the moves in reverse, then the fixed pair.
            self._undo_to(0)
            if new_pair:
                self.forbidden.discard(pair)
            self.cap_left[r] += 1
            self.fixed[s].pop()
            self.open[s].insert(position, sid)
        self.log = None
        return feasible

    def find_witness(self) -> bool:
        """Saturate the flow and untangle it: True when the flow is a complete valid draw."""
        if self.saturate():
            return False
        self.log = []
        self.witness = self.untangle(range(len(self.slot_state)))
        self.log = None
        return self.witness


def _name(codes: Sequence[str], items: Iterable[int]) -> tuple[str, ...]:
    return tuple(sorted(codes[i] for i in items))


def _diagnose(search: _Search, cap: int) -> list[Problem]:
    """Rule-by-rule reasons a draw cannot succeed (empty when the flow relaxation is feasible)."""
    codes = search.codes
    problems: list[Problem] = []
    for s in range(search.n):
        kinds = search.kinds_needed(s)
        if not kinds:
            continue
        usable = search.usable(s, limit=len(kinds))
        if usable < len(kinds):
            usable = search.usable(s)
            excluded = sum(1 for r in range(search.n) if r != s and r in search.excluded)
            deferred = sum(1 for r in range(search.n) if r != s and (r, search.year[s]) in search.deferred)
            full = sum(1 for r in search.base[s] if search.cap_left[r] <= 0)
            problems.append(
                Problem(
                    "two_reviewers",
                    (codes[s],),
                    f"{codes[s]} needs {len(kinds)} more reviewer(s) but only {usable} State(s) "
                    f"may review it ({excluded} excluded, {deferred} deferring in year {search.year[s]}, "
                    f"{full} at the cap of {cap}).",
                )
            )
        if kinds[0] == SAME and not search.usable(s, same=True, limit=1):
            problems.append(
                Problem(
                    "same_region",
                    (codes[s],),
                    f"{codes[s]} must have a reviewer from its regional group ({search.region[s]}) "
                    "but no State of that group may review it.",
                )
            )
    if problems:
        return problems
    # Two States that can only get their same-region reviewer from each other.
    only: dict[int, int] = {}
    for s in range(search.n):
        kinds = search.kinds_needed(s)
        if kinds and kinds[0] == SAME and search.usable(s, same=True, limit=2) == 1:
            only[s] = search.candidates(search.open[s][0])[0]
    for s, r in sorted(only.items()):
        if only.get(r) == s and s < r:
            problems.append(
                Problem(
                    "no_reciprocal",
                    _name(codes, (s, r)),
                    f"{codes[s]} and {codes[r]} can only be reviewed by each other within their regional group "
                    f"({search.region[s]}), which would be a reciprocal review.",
                )
            )
    if problems:
        return problems
    regions = sorted({search.region[s] for s in range(search.n)} - {NO_GROUP})
    for region in regions:
        needing = [
            s for s in range(search.n) if search.region[s] == region and SAME in search.kinds_needed(s)
        ]
        supply = sum(
            search.cap_left[r]
            for r in range(search.n)
            if search.region[r] == region and r not in search.excluded
        )
        if len(needing) > supply:
            problems.append(
                Problem(
                    "cap",
                    _name(codes, needing),
                    f"{len(needing)} States of {region} need a reviewer from their group, but with at most "
                    f"{cap} reviews per State that group can give only {supply}.",
                )
            )
    demand = sum(len(search.kinds_needed(s)) for s in range(search.n))
    supply = sum(search.cap_left[r] for r in range(search.n) if r not in search.excluded)
    if demand > supply:
        problems.append(
            Problem(
                "cap",
                (),
                f"{demand} reviews are needed but with at most {cap} reviews per State only {supply} are possible.",
            )
        )
    if problems:
        return problems
    # Reciprocity: each open slot needs its own pair of States, and a pair can carry one review.
    open_states = [s for s in range(search.n) if search.kinds_needed(s)]
    pairs: set[int] = set()
    for s in open_states:
        if len(pairs) >= demand:
            break
        for r in search.base[s]:
            if search.ok(s, r) and search.cap_left[r] > 0 and s not in search.fixed[r]:
                pairs.add(min(r, s) * search.n + max(r, s))
    if demand > len(pairs):
        problems.append(
            Problem(
                "no_reciprocal",
                _name(codes, open_states),
                f"{demand} reviews are needed but only {len(pairs)} pairs of States can review one another "
                "without a reciprocal review.",
            )
        )
        return problems
    unplaced = search.saturate()
    if unplaced:
        states = _name(codes, {search.slot_state[sid] for sid in unplaced})
        problems.append(
            Problem(
                "cap",
                states,
                f"With at most {cap} reviews per State, two distinct reviewers (one from the same group) "
                f"cannot be found for: {', '.join(states)}.",
            )
        )
    return problems


def draw_reviewers(situation: Situation, targets: Sequence[str], rng: random.Random) -> Outcome:
    """Draw the missing reviewers of `targets`, keeping every other State's review feasible."""
    search = _Search(situation)
    problems = _diagnose(search, situation.rules.cap)
    if problems:
        raise ImpossibleDraw(problems)
    search.log = []
    search.witness = search.untangle(range(len(search.slot_state)))
    search.log = None
    order = sorted({t for t in targets if search.kinds_needed(search.index[t])})
    _shuffle(rng, order)
    plan = [sid for code in order for sid in list(search.open[search.index[code]])]
    codes = search.codes
    # One frame per step taken: (untried candidates, eligible, rejected, chosen).
    frames: list[tuple[list[int], list[int], list[str], int]] = []
    tries = 0
    pool: list[int] | None = None
    eligible: list[int] = []
    rejected: list[str] = []
    while len(frames) < len(plan):
        sid = plan[len(frames)]
        s = search.slot_state[sid]
        if pool is None:
            eligible = search.candidates(sid)
            pool = eligible[:]
            rejected = []
        picked = -1
        while pool:
            # Soft rule: a same-region reviewer with the same known legal system, when one is feasible.
            preferred = [
                i
                for i, r in enumerate(pool)
                if search.slot_kind[sid] == SAME and search.legal[s] and search.legal[r] == search.legal[s]
            ]
            choices = preferred or range(len(pool))
            r = pool.pop(choices[_below(rng, len(choices))])
            tries += 1
            if tries > SEARCH_LIMIT:
                raise ImpossibleDraw(
                    [Problem("search_limit", (codes[s],), f"The search gave up after {SEARCH_LIMIT} tries.")]
                )
            if search.fix(sid, r):
                picked = r
                break
            rejected.append(codes[r])
        if picked != -1:
            frames.append((pool, eligible, rejected, picked))
            pool = None
            continue
        if not frames:
            raise ImpossibleDraw(
                [
                    Problem(
                        "no_reciprocal",
                        _name(codes, {search.slot_state[x] for x in plan}),
                        "Every remaining choice would make two States review each other: no draw "
                        f"satisfies the rules for {codes[s]}.",
                    )
                ]
            )
        # Dead end (reciprocity between open slots): undo the previous step by replaying the
        # steps before it on a fresh search, and try its next candidate.
        pool, eligible, rejected, undone = frames.pop()
        rejected.append(codes[undone])
        search = _Search(situation)
        search.saturate()
        for (_p, _e, _r, r), step_sid in zip(frames, plan, strict=False):
            if not search.fix(step_sid, r):  # pragma: no cover - replaying feasible steps
                raise RuntimeError("replay of a feasible step failed")
    pairs: dict[str, list[str]] = {}
    for code in order:
        s = search.index[code]
        kept = list(situation.assignments.get(code, []))
        pairs[code] = kept + [codes[r] for r in search.fixed[s][len(kept) :]]
    steps = [
        Step(
            state=codes[search.slot_state[sid]],
            slot=pairs[codes[search.slot_state[sid]]].index(codes[r]) + 1,
            rule=search.slot_kind[sid],
            eligible=[codes[x] for x in eligible],
            rejected=rejected,
            chosen=codes[r],
        )
        for (_pool, eligible, rejected, r), sid in zip(frames, plan, strict=True)
    ]
    return Outcome(pairs=pairs, steps=steps, order=order)


def redraw_reviewers(
    situation: Situation, state: str, replace: Sequence[str], rng: random.Random
) -> tuple[list[str], Outcome]:
    """Replace some reviewers of `state`, keeping every other assignment; the new reviewer takes
    the replaced one's place (reviewer 1 or 2). `situation.assignments` holds the current pairs."""
    current = list(situation.assignments.get(state, []))
    missing = [r for r in replace if r not in current]
    if missing:
        raise ValueError(f"{', '.join(missing)} does not review {state}")
    kept = [r for r in current if r not in replace]
    banned = dict(situation.banned)
    banned[state] = sorted(set(banned.get(state, [])) | set(replace))
    reduced = Situation(
        parties=situation.parties,
        rules=situation.rules,
        years=situation.years,
        assignments={**situation.assignments, state: kept},
        deferrals=situation.deferrals,
        exclusions=situation.exclusions,
        banned=banned,
    )
    outcome = draw_reviewers(reduced, [state], rng)
    drawn = iter(outcome.pairs[state][len(kept) :])
    result = [r if r not in replace else next(drawn) for r in current]
    result += list(drawn)
    for step in outcome.steps:
        step.slot = result.index(step.chosen) + 1
    outcome.pairs[state] = result
    return result, outcome


def simulate_cycle(
    parties: Sequence[Party],
    rules: Rules,
    seed: int,
    *,
    volunteers: Mapping[str, int] | None = None,
    deferrals: Sequence[tuple[str, int]] = (),
    exclusions: Sequence[str] = (),
) -> dict[str, Any]:
    """A whole cycle from one seed: year groups, then each year's reviewers in turn."""
    rng = random.Random(seed)
    years = draw_year_groups(parties, rules, rng, volunteers=volunteers)
    situation = Situation(
        parties=list(parties),
        rules=rules,
        years=years,
        deferrals=list(deferrals),
        exclusions=list(exclusions),
    )
    for year in range(1, rules.years + 1):
        targets = [code for code, y in sorted(years.items()) if y == year]
        outcome = draw_reviewers(situation, targets, rng)
        situation.assignments.update(outcome.pairs)
    return {
        "years": years,
        "pairs": {code: situation.assignments.get(code, []) for code in sorted(years)},
    }


# --- checking pairings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: str
    row: int | None
    states: tuple[str, ...]
    message: str


def check_pairings(
    rows: Sequence[tuple[int | None, str, Sequence[str | None]]],
    regions: Mapping[str, str],
    *,
    cap: int = 3,
    exclusions: Iterable[str] = (),
) -> list[Violation]:
    """Check one cycle's pairings against the rules. `rows` are (row number, State, reviewers);
    a reviewer may be None when unknown (rules needing it are then not checked)."""
    excluded = set(exclusions)
    violations: list[Violation] = []
    seen: dict[str, int | None] = {}
    arcs: dict[tuple[str, str], int | None] = {}
    load: dict[str, list[int | None]] = {}
    for row, state, reviewers in rows:
        known = [r for r in reviewers if r]
        if state in seen:
            violations.append(
                Violation(
                    "once_per_cycle", row, (state,), f"{state} is already under review (row {seen[state]})"
                )
            )
        seen.setdefault(state, row)
        if state in known:
            violations.append(Violation("not_itself", row, (state,), f"{state} cannot review itself"))
        if len(known) == 2 and known[0] == known[1]:
            violations.append(
                Violation("distinct", row, (state, known[0]), f"{known[0]} is drawn twice for {state}")
            )
        if len(known) > 2:
            violations.append(
                Violation("two_reviewers", row, (state, *known), f"{state} has more than two reviewers")
            )
        region = regions.get(state, NO_GROUP)
        if region != NO_GROUP and len(known) == 2 and not any(regions.get(r) == region for r in known):
            violations.append(
                Violation(
                    "same_region",
                    row,
                    (state, *known),
                    f"no reviewer of {state} is from its regional group {region}",
                )
            )
        for r in known:
            if r in excluded:
                violations.append(Violation("excluded", row, (r, state), f"{r} is excluded from reviewing"))
            if r != state:
                arcs.setdefault((r, state), row)
                load.setdefault(r, []).append(row)
    for (r, s), row in sorted(arcs.items(), key=lambda item: (item[1] or 0, item[0])):
        if (s, r) in arcs and r < s:
            violations.append(
                Violation(
                    "no_reciprocal",
                    row,
                    (r, s),
                    f"{r} and {s} review each other (rows {arcs[(r, s)]} and {arcs[(s, r)]})",
                )
            )
    for r, rows_ in sorted(load.items()):
        if len(rows_) > cap:
            violations.append(
                Violation(
                    "cap",
                    rows_[cap],
                    (r,),
                    f"{r} reviews {len(rows_)} States (at most {cap}; rows {', '.join(str(x) for x in rows_)})",
                )
            )
    return violations


# --- replaying a recorded draw ---------------------------------------------------------------


def run(kind: str, inputs: Mapping[str, Any], seed: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run a draw of `kind` from its recorded inputs and seed: (result, candidate lists).

    The same function makes a draw and re-runs it for `irm lots verify`.
    """
    rng = random.Random(seed)
    if kind == "year_groups":
        years = draw_year_groups(
            [Party.from_dict(p) for p in inputs["parties"]],
            Rules.from_dict(inputs["rules"]),
            rng,
            volunteers={k: int(v) for k, v in inputs.get("volunteers", {}).items()},
        )
        return {"years": dict(sorted(years.items()))}, []
    situation = Situation.from_dict(inputs["situation"])
    if kind == "reviewers":
        outcome = draw_reviewers(situation, list(inputs["targets"]), rng)
        return (
            {"pairs": dict(sorted(outcome.pairs.items())), "order": outcome.order},
            [step.to_dict() for step in outcome.steps],
        )
    if kind == "redraw":
        reviewers, outcome = redraw_reviewers(situation, inputs["state"], list(inputs["replace"]), rng)
        return (
            {"state": inputs["state"], "replaced": list(inputs["replace"]), "reviewers": reviewers},
            [step.to_dict() for step in outcome.steps],
        )
    raise ValueError(f"cannot run a draw of kind {kind!r}")
