"""Persisted draws: Review rows, draw records and audit events, re-draws, conditions, verification."""

from __future__ import annotations

import pytest
from django.utils import timezone

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.lots import selectors, services
from irm.lots.models import Draw, Exclusion
from irm.parties.models import State
from irm.reviews.models import Review, Stage

pytestmark = pytest.mark.django_db


def state(code: str) -> State:
    return State.objects.get(iso3=code)


def test_drawing_a_year_creates_the_year_groups_and_that_years_pairings(secretariat, cycle2):
    draw = services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=11)
    assert Draw.objects.filter(cycle=cycle2, kind=Draw.Kind.YEAR_GROUPS).count() == 1
    reviews = Review.objects.filter(cycle=cycle2)
    assert reviews.count() == State.objects.count() - 1  # cycle 2 does not review the EU (R-P5)
    year_one = reviews.filter(year=1)
    assert year_one.count() > 30
    for review in year_one:
        assert review.reviewer_1 and review.reviewer_2 and review.stage == Stage.LOTS_DRAWN
        if review.state.regional_group != "NONE":
            assert review.reviewer_1.regional_group == review.state.regional_group
    assert not reviews.exclude(year=1).filter(reviewer_1__isnull=False).exists()
    assert draw.seed == 11 and draw.algorithm == "irm-lots/1" and draw.candidates
    assert draw.event_seq is not None
    event = AuditEvent.objects.get(seq=draw.event_seq)
    assert event.action == "lots.reviewers_drawn" and event.actor_label == "secretariat"
    assert event.after is not None
    assert event.after["seed"] == 11 and event.after["candidates"][0]["eligible"]


def test_a_year_cannot_be_drawn_twice(secretariat, cycle2):
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=2, seed=1)
    with pytest.raises(Conflict):
        services.draw_reviewers(actor=secretariat, cycle=cycle2, year=2, seed=2)


def test_only_the_secretariat_draws_and_nothing_changes_when_refused(focal_kenya, cycle2):
    with pytest.raises(PermissionDenied):
        services.draw_reviewers(actor=focal_kenya, cycle=cycle2, year=1, seed=1)
    assert not Draw.objects.exists() and not Review.objects.filter(cycle=cycle2).exists()


def test_later_years_stay_feasible_and_the_whole_cycle_respects_the_cap(secretariat, cycle1):
    services.draw_year_groups(actor=secretariat, cycle=cycle1, seed=100)
    # Late joiners come after year 5 (never before their deposit): every year is drawn.
    for year in range(1, selectors.last_year(cycle1) + 1):
        if selectors.pending_states(cycle1, year):
            services.draw_reviewers(actor=secretariat, cycle=cycle1, year=year, seed=100 + year)
    reviews = list(selectors.cycle_reviews(cycle1))
    assert all(len(r.reviewers) == 2 for r in reviews)
    load: dict[str, int] = {}
    for review in reviews:
        for reviewer in review.reviewers:
            load[reviewer.iso3] = load.get(reviewer.iso3, 0) + 1
    assert max(load.values()) <= 3
    assert selectors.verify_cycle(cycle1).ok


def _drawn_review(secretariat, cycle, code="KEN"):
    services.record_volunteer(actor=secretariat, cycle=cycle, state=state(code), year=1)
    services.draw_reviewers(actor=secretariat, cycle=cycle, year=1, seed=5)
    return Review.objects.get(cycle=cycle, state__iso3=code)


def test_a_redraw_replaces_one_reviewer_and_keeps_every_other_assignment(secretariat, cycle2):
    review = _drawn_review(secretariat, cycle2)
    before = {r.state.iso3: (r.reviewer_1_id, r.reviewer_2_id) for r in Review.objects.filter(cycle=cycle2)}
    old_second = review.reviewer_2
    draw = services.redraw_reviewers(
        actor=secretariat,
        cycle=cycle2,
        state=review.state,
        replace=[old_second],
        reason="asked by Kenya",
        seed=9,
    )
    review.refresh_from_db()
    assert review.reviewer_1_id == before["KEN"][0]
    assert review.reviewer_2_id not in (None, old_second.pk)
    after = {r.state.iso3: (r.reviewer_1_id, r.reviewer_2_id) for r in Review.objects.filter(cycle=cycle2)}
    assert {k: v for k, v in after.items() if k != "KEN"} == {k: v for k, v in before.items() if k != "KEN"}
    assert draw.kind == Draw.Kind.REDRAW and not draw.exceptional


def test_a_third_redraw_is_refused_without_a_secretariat_decision(secretariat, cycle2):
    review = _drawn_review(secretariat, cycle2)
    for seed in (1, 2):
        review.refresh_from_db()
        services.redraw_reviewers(
            actor=secretariat, cycle=cycle2, state=review.state, replace=[review.reviewer_2], seed=seed
        )
    review.refresh_from_db()
    pair = (review.reviewer_1_id, review.reviewer_2_id)
    with pytest.raises(Conflict) as refused:
        services.redraw_reviewers(
            actor=secretariat, cycle=cycle2, state=review.state, replace=[review.reviewer_2]
        )
    assert refused.value.code == "redraw_limit"
    with pytest.raises(InvalidInput):
        services.redraw_reviewers(
            actor=secretariat, cycle=cycle2, state=review.state, replace=[review.reviewer_2], exceptional=True
        )
    review.refresh_from_db()
    assert (review.reviewer_1_id, review.reviewer_2_id) == pair
    assert Draw.objects.filter(kind=Draw.Kind.REDRAW).count() == 2
    draw = services.redraw_reviewers(
        actor=secretariat,
        cycle=cycle2,
        state=review.state,
        replace=[review.reviewer_2],
        exceptional=True,
        reason="Exceptional circumstances: conflict of interest",
    )
    assert draw.exceptional and draw.reason.startswith("Exceptional")


def test_replaced_reviewers_are_never_drawn_again_for_the_state(secretariat, cycle2):
    review = _drawn_review(secretariat, cycle2)
    replaced = {review.reviewer_2.iso3}
    services.redraw_reviewers(
        actor=secretariat, cycle=cycle2, state=review.state, replace=[review.reviewer_2], seed=3
    )
    review.refresh_from_db()
    replaced.add(review.reviewer_2.iso3)
    services.redraw_reviewers(
        actor=secretariat, cycle=cycle2, state=review.state, replace=[review.reviewer_2], seed=4
    )
    review.refresh_from_db()
    assert review.reviewer_2.iso3 not in replaced


def test_a_recorded_deferral_keeps_the_state_from_reviewing_in_its_year(secretariat, cycle2):
    services.record_volunteer(actor=secretariat, cycle=cycle2, state=state("NGA"), year=1)
    services.record_deferral(actor=secretariat, cycle=cycle2, state=state("NGA"), year=1, reason="elections")
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=21)
    year_one = Review.objects.filter(cycle=cycle2, year=1)
    assert not year_one.filter(reviewer_1__iso3="NGA").exists()
    assert not year_one.filter(reviewer_2__iso3="NGA").exists()


def test_an_excluded_state_is_reviewed_but_reviews_nobody(secretariat, cycle2):
    services.record_exclusion(
        actor=secretariat, cycle=cycle2, state=state("ZAF"), kind=Exclusion.Kind.OPTED_OUT
    )
    for year in (1, 2):
        services.draw_reviewers(actor=secretariat, cycle=cycle2, year=year, seed=year)
    reviews = Review.objects.filter(cycle=cycle2)
    assert (
        not reviews.filter(reviewer_1__iso3="ZAF").exists()
        and not reviews.filter(reviewer_2__iso3="ZAF").exists()
    )


def test_an_impossible_draw_is_refused_with_the_rule_and_the_states(secretariat, cycle2):
    for code in State.objects.filter(regional_group="EEG").exclude(iso3="POL").values_list("iso3", flat=True):
        services.record_exclusion(
            actor=secretariat, cycle=cycle2, state=state(code), kind=Exclusion.Kind.SUSPENDED
        )
    with pytest.raises(services.DrawImpossible) as caught:
        services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=1)
    problems = caught.value.details["problems"]
    assert any(p["rule"] in {"same_region", "cap"} for p in problems)
    assert any("EEG" in p["message"] or "POL" in p["states"] for p in problems)
    assert not Review.objects.filter(cycle=cycle2, reviewer_1__isnull=False).exists()


def test_verify_confirms_the_draws_and_detects_a_pairing_altered_by_hand(secretariat, cycle2):
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=8)
    report = selectors.verify_cycle(cycle2)
    assert report.ok and report.rerun == 2
    review = Review.objects.filter(cycle=cycle2, year=1)[0]
    other = State.objects.exclude(pk__in=[review.state_id, review.reviewer_1_id, review.reviewer_2_id])[0]
    Review.objects.filter(pk=review.pk).update(reviewer_2=other)
    report = selectors.verify_cycle(cycle2)
    assert not report.ok
    assert any(p.startswith(review.state.iso3) for p in report.problems)


def test_verify_detects_a_draw_record_altered_by_hand(secretariat, cycle2):
    draw = services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=8)
    result = dict(draw.result)
    code = next(iter(result["pairs"]))
    result["pairs"][code] = list(reversed(result["pairs"][code]))
    Draw.objects.filter(pk=draw.pk).update(result=result)
    problems = selectors.verify_cycle(cycle2).problems
    assert any(f"draw #{draw.pk}" in p for p in problems)


def test_late_joiners_are_added_to_the_late_year(secretariat, cycle2):
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=2)
    today = timezone.localdate()
    newcomer = State.objects.create(
        iso3="XXA", name_en="Newland", regional_group="WEOG", party_since=today, entry_into_force=today
    )
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=2, seed=3)
    # The last year of cycle 2 (year 5, 2020) is before its deposit: it is placed in the year of
    # its deposit, never before it (resolution 6/1; RULES.md R-L6).
    year = Review.objects.get(cycle=cycle2, state=newcomer).year
    assert year == today.year - cycle2.start_year + 1 > cycle2.late_joiners_year
    event = AuditEvent.objects.filter(action="lots.late_joiner_added").latest("seq")
    assert event.after == {"year": year, "party_since": today.isoformat()}
