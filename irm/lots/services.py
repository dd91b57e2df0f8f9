"""Writes of the lots app: draws, re-draws, imports of historical pairings, and the secretariat's
records (volunteers, deferrals, exclusions). Each runs in one transaction with its audit event.

`actor` is a User (who must belong to the secretariat) or, from the command line, a label such as
"cli"; the label is what the audit trail shows.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.accounts.roles import is_secretariat
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, NotFound, PermissionDenied
from irm.cycles.models import Cycle
from irm.lots import engine, permissions, selectors
from irm.lots.models import Deferral, Draw, Exclusion, RedrawRequest, Volunteer
from irm.parties.models import State
from irm.reviews import services as review_services
from irm.reviews.models import Review

SEED_BITS = 48


class DrawImpossible(Conflict):
    """No draw satisfies the rules; `details["problems"]` names each rule and the States."""

    code = "draw_impossible"

    def __init__(self, error: engine.ImpossibleDraw) -> None:
        super().__init__(
            "No draw satisfies the rules: " + " ".join(p.message for p in error.problems),
            details={"problems": [p.to_dict() for p in error.problems]},
        )
        self.problems = error.problems


def new_seed() -> int:
    return secrets.randbits(SEED_BITS)


def _is_user(actor: Any) -> bool:
    return hasattr(actor, "is_authenticated")


def _require_secretariat(actor: Any) -> None:
    """Users must be secretariat; a label (the command line, run by an operator) is trusted."""
    if _is_user(actor) and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat runs draws and records their conditions."))


def _cycle_locked(cycle: Cycle) -> Cycle:
    # One draw at a time per cycle: lock the cycle row for the whole transaction.
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


def _save_draw(
    *,
    actor: Any,
    cycle: Cycle,
    kind: str,
    inputs: dict[str, Any],
    result: dict[str, Any],
    candidates: list[dict[str, Any]],
    seed: int | None,
    year: int | None = None,
    state: State | None = None,
    reason: str = "",
    exceptional: bool = False,
) -> Draw:
    draw = Draw(
        cycle=cycle,
        kind=kind,
        year=year,
        state=state,
        seed=seed,
        algorithm=engine.ALGORITHM if kind != Draw.Kind.IMPORT else "",
        inputs=inputs,
        candidates=candidates,
        result=result,
        reason=reason,
        exceptional=exceptional,
        actor=actor if _is_user(actor) and actor.is_authenticated else None,
        actor_label=actor.get_username() if _is_user(actor) else str(actor or "system"),
    )
    draw.digest = selectors.draw_digest(draw)
    draw.save()
    event = record_event(
        actor=actor,
        action=f"lots.{kind}_drawn" if kind != Draw.Kind.IMPORT else "lots.pairings_imported",
        obj=draw,
        after={
            "draw": draw.pk,
            "cycle": cycle.number,
            "kind": kind,
            "year": year,
            "state": state.iso3 if state else None,
            "seed": seed,
            "algorithm": draw.algorithm,
            "digest": draw.digest,
            "result": result,
            "candidates": candidates,
        },
        reason=reason,
    )
    draw.event_seq = event.seq
    draw.save(update_fields=["event_seq"])
    return draw


# --- conditions recorded by the secretariat --------------------------------------------------


@transaction.atomic
def record_volunteer(*, actor: Any, cycle: Cycle, state: State, year: int) -> Volunteer:
    _require_secretariat(actor)
    if not 1 <= year <= cycle.years:
        raise InvalidInput(_("Year %(year)s is outside 1–%(years)s.") % {"year": year, "years": cycle.years})
    if Draw.objects.filter(cycle=cycle, kind=Draw.Kind.YEAR_GROUPS).exists():
        raise Conflict(_("The year groups of this cycle are already drawn."))
    volunteer, _created = Volunteer.objects.update_or_create(
        cycle=cycle, state=state, defaults={"year": year}
    )
    record_event(actor=actor, action="lots.volunteer_recorded", obj=volunteer, after={"year": year})
    return volunteer


@transaction.atomic
def record_deferral(*, actor: Any, cycle: Cycle, state: State, year: int, reason: str = "") -> Deferral:
    _require_secretariat(actor)
    if not 1 <= year <= cycle.years:
        raise InvalidInput(_("Year %(year)s is outside 1–%(years)s.") % {"year": year, "years": cycle.years})
    review = Review.objects.filter(cycle=cycle, state=state).first()
    if review is not None and review.year not in (None, year):
        raise InvalidInput(
            f"{state.iso3} is under review in year {review.year}: it may defer reviewing only in that year."
        )
    deferral, _created = Deferral.objects.update_or_create(
        cycle=cycle, state=state, year=year, defaults={"reason": reason}
    )
    record_event(
        actor=actor, action="lots.deferral_recorded", obj=deferral, after={"year": year}, reason=reason
    )
    return deferral


@transaction.atomic
def record_exclusion(*, actor: Any, cycle: Cycle, state: State, kind: str, reason: str = "") -> Exclusion:
    _require_secretariat(actor)
    if kind not in Exclusion.Kind.values:
        raise InvalidInput(f"Unknown exclusion {kind!r}.")
    exclusion, _created = Exclusion.objects.update_or_create(
        cycle=cycle, state=state, defaults={"kind": kind, "reason": reason}
    )
    record_event(
        actor=actor, action="lots.exclusion_recorded", obj=exclusion, after={"kind": kind}, reason=reason
    )
    return exclusion


@transaction.atomic
def remove_exclusion(*, actor: Any, cycle: Cycle, state: State, reason: str = "") -> None:
    _require_secretariat(actor)
    exclusion = Exclusion.objects.filter(cycle=cycle, state=state).first()
    if exclusion is None:
        raise NotFound(f"{state.iso3} is not excluded from this cycle.")
    record_event(
        actor=actor,
        action="lots.exclusion_removed",
        obj=exclusion,
        before={"kind": exclusion.kind},
        reason=reason,
    )
    exclusion.delete()


# --- draws ----------------------------------------------------------------------------------


@transaction.atomic
def draw_year_groups(*, actor: Any, cycle: Cycle, seed: int | None = None) -> Draw:
    """Spread the current parties over the years of the cycle and create their Review rows."""
    _require_secretariat(actor)
    cycle = _cycle_locked(cycle)
    if Draw.objects.filter(cycle=cycle, kind=Draw.Kind.YEAR_GROUPS).exists():
        raise Conflict(_("The year groups of this cycle are already drawn."))
    seed = new_seed() if seed is None else seed
    # Only the parties the cycle reviews (a regional organization where the cycle says so, R-P5).
    parties = selectors.reviewable_parties(cycle)
    existing = {r.state.iso3: r for r in selectors.cycle_reviews(cycle)}
    # A year already recorded (e.g. an imported pairing) is kept: it counts as volunteered.
    volunteers = selectors.volunteers_of(cycle)
    volunteers.update({code: r.year for code, r in existing.items() if r.year})
    inputs = {
        "parties": [selectors.as_party(s).to_dict() for s in parties],
        "rules": selectors.cycle_rules(cycle).to_dict(),
        "volunteers": dict(sorted(volunteers.items())),
    }
    try:
        result, candidates = engine.run(Draw.Kind.YEAR_GROUPS, inputs, seed)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    by_code = {s.iso3: s for s in parties}
    review_services.set_review_years(
        actor=actor,
        cycle=cycle,
        years={by_code[code]: year for code, year in result["years"].items()},
        late_joiners=True,  # the engine places only late joiners after the cycle's years
    )
    return _save_draw(
        actor=actor,
        cycle=cycle,
        kind=Draw.Kind.YEAR_GROUPS,
        inputs=inputs,
        result=result,
        candidates=candidates,
        seed=seed,
    )


def _add_late_joiners(*, actor: Any, cycle: Cycle) -> list[str]:
    """Parties that joined after the year groups were drawn are reviewed in the late-joiners year."""
    rules = selectors.cycle_rules(cycle)
    have = set(Review.objects.filter(cycle=cycle).values_list("state_id", flat=True))
    late = selectors.reviewable_parties(cycle, list(selectors.current_parties().exclude(pk__in=have)))
    # The late-joiners year, never before the year of the State's deposit; after resolution 6/1,
    # from the year of the deposit for cycle 1's chapters (engine.late_joiner_year).
    years = {state: engine.late_joiner_year(selectors.as_party(state), rules) for state in late}
    written = review_services.set_review_years(actor=actor, cycle=cycle, years=years, late_joiners=True)
    added = []
    for review in written.created:
        state = review.state
        record_event(
            actor=actor,
            action="lots.late_joiner_added",
            obj=review,
            after={"year": review.year, "party_since": selectors.as_party(state).party_since},
        )
        added.append(state.iso3)
    return added


@transaction.atomic
def draw_reviewers(
    *,
    actor: Any,
    cycle: Cycle,
    year: int | None = None,
    states: Sequence[State] = (),
    seed: int | None = None,
) -> Draw:
    """Draw the reviewers of a year's States (or of the given States), keeping the rest feasible.

    Draws the year groups first when the cycle has none.
    """
    _require_secretariat(actor)
    if year is None and not states:
        raise InvalidInput(_("Give a year or the States to draw."))
    last = max(cycle.years, selectors.last_year(cycle))
    if year is not None and not 1 <= year <= last:
        raise InvalidInput(_("Year %(year)s is outside 1–%(years)s.") % {"year": year, "years": last})
    seed = new_seed() if seed is None else seed
    cycle = _cycle_locked(cycle)
    if not Draw.objects.filter(cycle=cycle, kind=Draw.Kind.YEAR_GROUPS).exists():
        draw_year_groups(actor=actor, cycle=cycle, seed=seed)
    _add_late_joiners(actor=actor, cycle=cycle)
    situation = selectors.situation_of(cycle)
    if states:
        targets = sorted(s.iso3 for s in states)
        wrong = [c for c in targets if year is not None and situation.years.get(c) != year]
        if wrong:
            raise InvalidInput(
                _("Not under review in year %(year)s: %(states)s.")
                % {"year": year, "states": ", ".join(wrong)}
            )
    else:
        targets = sorted(c for c, y in situation.years.items() if y == year)
    targets = [c for c in targets if len(situation.assignments.get(c, [])) < 2]
    if not targets:
        raise Conflict(_("Every State of this draw already has its two reviewers."))
    inputs = {"situation": situation.to_dict(), "targets": targets}
    try:
        result, candidates = engine.run(Draw.Kind.REVIEWERS, inputs, seed)
    except engine.ImpossibleDraw as exc:
        raise DrawImpossible(exc) from exc
    _write_pairs(actor=actor, cycle=cycle, pairs=result["pairs"])
    return _save_draw(
        actor=actor,
        cycle=cycle,
        kind=Draw.Kind.REVIEWERS,
        inputs=inputs,
        result=result,
        candidates=candidates,
        seed=seed,
        year=year,
    )


def _write_pairs(*, actor: Any, cycle: Cycle, pairs: dict[str, list[str | None]]) -> None:
    """The drawn pairs (State → its two reviewers' codes) go to the reviews, through their owner."""
    codes = {c for p in pairs.values() for c in p if c} | set(pairs)
    states = {s.iso3: s for s in State.objects.filter(iso3__in=codes)}
    drawn: dict[State, tuple[State | None, State | None]] = {}
    for code, pair in pairs.items():
        first, second = ([*list(pair), None, None])[:2]
        drawn[states[code]] = (states[first] if first else None, states[second] if second else None)
    review_services.set_reviewers(actor=actor, cycle=cycle, pairs=drawn)


@transaction.atomic
def redraw_reviewers(
    *,
    actor: Any,
    cycle: Cycle,
    state: State,
    replace: Sequence[State],
    reason: str = "",
    exceptional: bool = False,
    seed: int | None = None,
) -> Draw:
    """Replace one or both reviewers of a State at its request, keeping every other assignment.

    Beyond `cycle.max_redraws` re-draws, only an exceptional re-draw decided by the secretariat
    with a reason is allowed.
    """
    _require_secretariat(actor)
    cycle = _cycle_locked(cycle)
    if not replace:
        raise InvalidInput(_("Name the reviewer(s) to replace."))
    used = selectors.redraws_used(cycle, state)
    if used >= cycle.max_redraws:
        if not exceptional:
            raise Conflict(
                _(
                    "%(state)s has had %(used)s re-draws (at most %(max)s); a further re-draw needs a "
                    "secretariat decision on exceptional circumstances, with a reason."
                )
                % {"state": state.iso3, "used": used, "max": cycle.max_redraws},
                code="redraw_limit",
            )
        if not reason.strip():
            raise InvalidInput(_("An exceptional re-draw needs the reason of the secretariat's decision."))
    seed = new_seed() if seed is None else seed
    situation = selectors.situation_of(cycle)
    current = situation.assignments.get(state.iso3, [])
    codes = [s.iso3 for s in replace]
    not_reviewing = [c for c in codes if c not in current]
    if not_reviewing:
        raise InvalidInput(f"{', '.join(not_reviewing)} does not review {state.iso3}.")
    inputs = {"situation": situation.to_dict(), "state": state.iso3, "replace": codes}
    try:
        result, candidates = engine.run(Draw.Kind.REDRAW, inputs, seed)
    except engine.ImpossibleDraw as exc:
        raise DrawImpossible(exc) from exc
    _write_pairs(actor=actor, cycle=cycle, pairs={state.iso3: result["reviewers"]})
    review = Review.objects.get(cycle=cycle, state=state)
    return _save_draw(
        actor=actor,
        cycle=cycle,
        kind=Draw.Kind.REDRAW,
        inputs=inputs,
        result=result,
        candidates=candidates,
        seed=seed,
        year=review.year,
        state=state,
        reason=reason,
        exceptional=used >= cycle.max_redraws,
    )


# --- re-draw requests ------------------------------------------------------------------------


def _current_reviewers(cycle: Cycle, state: State) -> list[str]:
    return selectors.situation_of(cycle).assignments.get(state.iso3, [])


@transaction.atomic
def request_redraw(
    *, actor: Any, cycle: Cycle, state: State, replace: Sequence[State], reason: str
) -> RedrawRequest:
    """The State under review (its focal point) asks for reviewer(s) to be drawn again.

    One pending request at a time. Past the re-draws allowed, the request is marked as one for
    exceptional circumstances: the secretariat decides.
    """
    if not permissions.can_request_redraw(actor, state):
        raise PermissionDenied(_("Only the focal point of the State under review asks for a re-draw."))
    if not reason.strip():
        raise InvalidInput(_("Say why the reviewer(s) should be drawn again."), code="reason_required")
    codes = [s.iso3 for s in replace]
    if not codes:
        raise InvalidInput(_("Name the reviewer(s) to replace."), code="replace_required")
    current = _current_reviewers(cycle, state)
    not_reviewing = [c for c in codes if c not in current]
    if not_reviewing:
        raise InvalidInput(
            _("%(codes)s does not review %(state)s.")
            % {"codes": ", ".join(not_reviewing), "state": state.iso3},
            code="not_a_reviewer",
        )
    if RedrawRequest.objects.filter(cycle=cycle, state=state, status=RedrawRequest.Status.PENDING).exists():
        raise Conflict(
            _("A request of %(state)s is already pending.") % {"state": state.iso3}, code="request_pending"
        )
    request = RedrawRequest.objects.create(
        cycle=cycle,
        state=state,
        replace=codes,
        reason=reason.strip(),
        beyond_limit=selectors.redraws_used(cycle, state) >= cycle.max_redraws,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        actor=actor,
        action="lots.redraw_requested",
        obj=request,
        after={"state": state.iso3, "replace": codes, "beyond_limit": request.beyond_limit},
    )
    return request


def _pending(request: RedrawRequest) -> RedrawRequest:
    request = RedrawRequest.objects.select_for_update().select_related("cycle", "state").get(pk=request.pk)
    if request.status != RedrawRequest.Status.PENDING:
        raise Conflict(_("This request was already decided."), code="request_decided")
    return request


@transaction.atomic
def decide_redraw(
    *, actor: Any, request: RedrawRequest, grant: bool, note: str = "", seed: int | None = None
) -> RedrawRequest:
    """The secretariat grants (the re-draw runs now, with a new seed) or declines, saying why."""
    _require_secretariat(actor)
    request = _pending(request)
    # Re-draws may have happened since the request was filed: the limit is judged now.
    request.beyond_limit = selectors.redraws_used(request.cycle, request.state) >= request.cycle.max_redraws
    if request.beyond_limit and grant and not note.strip():
        raise InvalidInput(
            _(
                "Granting a re-draw beyond the limit is a decision on exceptional circumstances: give its reason."
            ),
            code="reason_required",
        )
    if not grant and not note.strip():
        raise InvalidInput(_("Say why the request is declined."), code="reason_required")
    if grant:
        replace = list(State.objects.filter(iso3__in=request.replace))
        request.draw = redraw_reviewers(
            actor=actor,
            cycle=request.cycle,
            state=request.state,
            replace=replace,
            reason=note.strip() or request.reason,
            exceptional=request.beyond_limit,
            seed=seed,
        )
    request.status = RedrawRequest.Status.GRANTED if grant else RedrawRequest.Status.DECLINED
    request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save()
    record_event(
        actor=actor,
        action="lots.redraw_decided",
        obj=request,
        after={"status": request.status, "draw": request.draw_id},
        reason=note.strip(),
    )
    return request


@transaction.atomic
def withdraw_redraw_request(*, actor: Any, request: RedrawRequest) -> RedrawRequest:
    if not permissions.can_request_redraw(actor, request.state):
        raise PermissionDenied(_("Only the State that asked may withdraw its request."))
    request = _pending(request)
    request.status = RedrawRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    record_event(actor=actor, action="lots.redraw_withdrawn", obj=request)
    return request


# --- historical pairings ---------------------------------------------------------------------


@dataclass(frozen=True)
class PairingRow:
    row: int
    cycle: Cycle
    state: State
    reviewer_1: State | None
    reviewer_2: State | None


@transaction.atomic
def import_pairings(*, actor: Any, rows: Sequence[PairingRow]) -> dict[str, int]:
    """Record historical pairings (already checked). Idempotent: unchanged rows write nothing.

    A reviewer left empty in the file keeps what is recorded.
    """
    _require_secretariat(actor)
    created = updated = unchanged = 0
    wanted: dict[int, dict[State, tuple[State | None, State | None]]] = {}
    cycles = {}
    for item in rows:
        cycles[item.cycle.number] = item.cycle
        review = (
            Review.objects.select_related("reviewer_1", "reviewer_2")
            .filter(cycle=item.cycle, state=item.state)
            .first()
        )
        first = item.reviewer_1 or (review.reviewer_1 if review else None)
        second = item.reviewer_2 or (review.reviewer_2 if review else None)
        wanted.setdefault(item.cycle.number, {})[item.state] = (first, second)
    by_cycle: dict[int, dict[str, list[str | None]]] = {}
    for number, wanted_pairs in sorted(wanted.items()):
        written = review_services.set_reviewers(actor=actor, cycle=cycles[number], pairs=wanted_pairs)
        created += len(written.created)
        updated += len(written.updated)
        unchanged += written.unchanged
        for review in written.created + written.updated:
            by_cycle.setdefault(number, {})[review.state.iso3] = [
                review.reviewer_1.iso3 if review.reviewer_1 else None,
                review.reviewer_2.iso3 if review.reviewer_2 else None,
            ]
    for number, pairs in sorted(by_cycle.items()):
        _save_draw(
            actor=actor,
            cycle=cycles[number],
            kind=Draw.Kind.IMPORT,
            inputs={"rows": len(pairs)},
            result={"pairs": dict(sorted(pairs.items()))},
            candidates=[],
            seed=None,
        )
    return {"created": created, "updated": updated, "unchanged": unchanged}
