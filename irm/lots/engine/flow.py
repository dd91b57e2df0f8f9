"""The feasibility search behind a reviewer draw: the open slots and a maintained maximum flow over them.

Every open slot of every State still without reviewers needs a distinct reviewer (the same-region
slot one from its group), and no State reviews more than the cap. The flow is repaired by augmenting
paths after each tentative choice; reciprocity is not a flow constraint, so the draw backtracks."""

from __future__ import annotations

from collections.abc import Iterable

from irm.lots.engine.model import (
    ANY,
    NO_GROUP,
    SAME,
    Situation,
)


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
        #: False for a party not reviewed in this cycle: it has no slots to fill.
        not_reviewed = set(situation.not_reviewed)
        self.under_review = [code not in not_reviewed for code in self.codes]
        self.deferred = deferred
        self.fixed: list[list[int]] = [[] for _ in range(n)]
        load = [0] * n
        for code, reviewers in situation.assignments.items():
            for reviewer in reviewers:
                self.fixed[self.index[code]].append(self.index[reviewer])
                load[self.index[reviewer]] += 1
        self.cap_left = [max(0, rules.cap - load[i]) for i in range(n)]
        # The cap per year (None: none): reviews already fixed per (reviewer, year of the reviewee).
        self.year_cap = rules.year_cap
        self.year_load = self._year_loads(situation)
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
        if not self.under_review[s]:
            return []
        needed = 2 - len(self.fixed[s])
        if needed <= 0:
            return []
        has_same = any(self.region[r] == self.region[s] for r in self.fixed[s])
        if self.region[s] != NO_GROUP and not has_same:
            return [SAME] + [ANY] * (needed - 1)
        return [ANY] * needed

    def _year_loads(self, situation: Situation) -> dict[tuple[int, int], int]:
        loads: dict[tuple[int, int], int] = {}
        for code, reviewers in situation.assignments.items():
            for reviewer in reviewers:
                cell = (self.index[reviewer], self.year[self.index[code]])
                loads[cell] = loads.get(cell, 0) + 1
        return loads

    def year_left(self, r: int, year: int) -> int:
        """Reviews `r` may still be given in `year` beyond those fixed (large when no cap per year)."""
        if self.year_cap is None:
            return self.n
        return self.year_cap - self.year_load.get((r, year), 0)

    def _year_users(self, r: int, year: int) -> list[int]:
        return [u for u in self.users[r] if self.year[self.slot_state[u]] == year]

    def _year_room(self, r: int, year: int) -> bool:
        return self.year_cap is None or len(self._year_users(r, year)) < self.year_left(r, year)

    def ok(self, s: int, r: int) -> bool:
        return r not in self.fixed[s] and (r * self.n + s) not in self.forbidden

    def candidates(self, sid: int) -> list[int]:
        s = self.slot_state[sid]
        base = self.base_same[s] if self.slot_kind[sid] == SAME else self.base[s]
        cap_left, fixed, forbidden, n = self.cap_left, self.fixed[s], self.forbidden, self.n
        year = self.year[s]
        return [
            r
            for r in base
            if cap_left[r] > 0
            and r not in fixed
            and (r * n + s) not in forbidden
            and (self.year_cap is None or self.year_left(r, year) > 0)
        ]

    def usable(self, s: int, *, same: bool = False, limit: int | None = None) -> int:
        """How many States may still review `s` (counting stops at `limit`)."""
        base = self.base_same[s] if same else self.base[s]
        cap_left, fixed, forbidden, n = self.cap_left, self.fixed[s], self.forbidden, self.n
        count = 0
        year = self.year[s]
        for r in base:
            if (
                cap_left[r] > 0
                and r not in fixed
                and (r * n + s) not in forbidden
                and (self.year_cap is None or self.year_left(r, year) > 0)
            ):
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

    def _fast_place(self, start: int) -> bool:
        """A reviewer with room, looked for from a slot-dependent offset so that the slots spread
        over the reviewers (the verdict does not depend on which flow is kept)."""
        s = self.slot_state[start]
        base = self.base_same[s] if self.slot_kind[start] == SAME else self.base[s]
        if not base:
            return False
        offset = (start * 7919) % len(base)
        for r in base[offset:] + base[:offset]:
            if (
                len(self.users[r]) < self.cap_left[r]
                and self._year_room(r, self.year[s])
                and self.ok(s, r)
                and self._sibling_on(start, r) == -1
                and self.slot_r[start] != r
            ):
                self._move(start, r)
                return True
        return False

    def _closed(self, s: int, r: int, current: int) -> bool:
        """`r` may never take a slot of `s` now (whatever is moved)."""
        if r == current or self.cap_left[r] <= 0 or not self.ok(s, r):
            return True
        return self.year_cap is not None and self.year_left(r, self.year[s]) <= 0

    def augment(self, start: int) -> bool:
        """Place the unplaced slot `start`, moving other slots along an augmenting path."""
        if self._fast_place(start):
            return True
        parent: dict[int, tuple[int, int]] = {}
        seen_slots = {start}
        seen_reviewers: set[int] = set()
        # With a cap per year, a reviewer full in a year frees room only by moving one of its slots
        # of that year (seen per (reviewer, year)); full overall, by moving any of its slots.
        seen_years: set[tuple[int, int]] = set()
        queue = [start]

        def reach(sid: int, r: int, others: list[int]) -> None:
            for other in others:
                if other not in seen_slots:
                    seen_slots.add(other)
                    parent[other] = (sid, r)
                    queue.append(other)

        head = 0
        while head < len(queue):
            sid = queue[head]
            head += 1
            s = self.slot_state[sid]
            base = self.base_same[s] if self.slot_kind[sid] == SAME else self.base[s]
            current = self.slot_r[sid]
            year = self.year[s]
            for r in base:
                if self._closed(s, r, current):
                    continue
                sibling = self._sibling_on(sid, r)
                if sibling != -1:
                    reach(sid, r, [sibling])
                    continue
                if r in seen_reviewers:
                    continue
                if not self._year_room(r, year):
                    if (r, year) not in seen_years:
                        seen_years.add((r, year))
                        reach(sid, r, self._year_users(r, year))
                    continue
                seen_reviewers.add(r)
                if len(self.users[r]) < self.cap_left[r]:
                    self._shift(start, sid, r, parent)
                    return True
                reach(sid, r, list(self.users[r]))
        return False

    def _shift(self, start: int, sid: int, r: int, parent: dict[int, tuple[int, int]]) -> None:
        """Found: shift every slot on the path one step."""
        slot, target = sid, r
        while True:
            self._move(slot, target)
            if slot == start:
                return
            slot, target = parent[slot]

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
        if self.log is None:
            raise RuntimeError("expected self.log is not None")
        while len(self.log) > mark:
            moved, old = self.log.pop()
            log, self.log = self.log, None
            self._move(moved, old)
            self.log = log

    def untangle(self, slots: Iterable[int]) -> bool:
        """Remove the reciprocal pairs between open slots from the flow, so that the flow is itself a
        complete valid draw (a witness). Needs the move log on; False if it could not."""
        if self.log is None:
            raise RuntimeError("expected self.log is not None")
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
        year = self.year[s]
        self.year_load[(r, year)] = self.year_load.get((r, year), 0) + 1
        pair = s * self.n + r
        new_pair = pair not in self.forbidden
        self.forbidden.add(pair)
        while len(self.users[r]) > self.cap_left[r]:
            other = self.users[r][-1]
            self._move(other, -1)
            displaced.append(other)
        if self.year_cap is not None:
            while len(self._year_users(r, year)) > max(0, self.year_left(r, year)):
                other = self._year_users(r, year)[-1]
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
            self.year_load[(r, year)] -= 1
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
