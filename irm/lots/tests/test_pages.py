"""The public page of a cycle, the secretariat's live draw, the API and the demo."""

from __future__ import annotations

import pytest

from irm.lots import services
from irm.lots.models import Draw
from irm.parties.models import State
from irm.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_public_page_lists_year_groups_pairings_and_seeds(client, secretariat, cycle2):
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=424242)
    review = Review.objects.filter(cycle=cycle2, year=1).select_related("state", "reviewer_1")[0]
    assert review.reviewer_1 is not None
    page = client.get("/lots/cycle/2/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "424242" in text and "irm-lots/1" in text
    assert review.state.iso3 in text and review.reviewer_1.iso3 in text
    assert "Run the live draw" not in text


def test_an_unknown_cycle_is_404(client):
    assert client.get("/lots/cycle/9/").status_code == 404


def test_the_reason_of_a_redraw_is_not_public(client, secretariat, cycle2):
    services.record_volunteer(
        actor=secretariat,
        cycle=cycle2,
        state=State.objects.get(iso3="KEN"),
        year=1,
    )
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=1, seed=1)
    review = Review.objects.get(cycle=cycle2, state__iso3="KEN")
    assert review.reviewer_2 is not None
    services.redraw_reviewers(
        actor=secretariat,
        cycle=cycle2,
        state=review.state,
        replace=[review.reviewer_2],
        reason="private reason",
    )
    assert "private reason" not in client.get("/lots/cycle/2/").content.decode()
    client.force_login(secretariat)
    assert "private reason" in client.get("/lots/cycle/2/").content.decode()


def test_the_live_draw_is_for_the_secretariat_only(client, focal_kenya, secretariat, cycle2):
    assert client.get("/lots/cycle/2/live/").status_code == 302  # to the login page
    client.force_login(focal_kenya)
    assert client.get("/lots/cycle/2/live/").status_code == 404
    assert client.post("/lots/cycle/2/live/draw/", {"year": 1}).status_code == 404
    assert not Draw.objects.exists()


def test_the_live_draw_draws_one_state_at_a_time(client, secretariat, cycle2):
    client.force_login(secretariat)
    page = client.get("/lots/cycle/2/live/?year=1")
    assert page.status_code == 200  # nothing drawn yet: every party is still to come
    groups = client.post(
        "/lots/cycle/2/live/draw/", {"year": 1, "action": "year_groups"}, HTTP_HX_REQUEST="true"
    )
    assert "Draw the reviewers" in groups.content.decode()
    assert Review.objects.filter(cycle=cycle2, year=1).exists()
    answer = client.post("/lots/cycle/2/live/draw/", {"year": 1, "state": ""}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    drawn = Review.objects.filter(cycle=cycle2, reviewer_1__isnull=False)
    assert drawn.count() == 1
    assert drawn.get().state.name in answer.content.decode()
    assert "<html" not in answer.content.decode()  # an htmx fragment
    first = drawn.get().state.iso3
    pending = Review.objects.filter(cycle=cycle2, year=1, reviewer_1__isnull=True).exclude(state__iso3=first)
    chosen = pending.order_by("-state__iso3").values_list("state__iso3", flat=True)[0]
    client.post("/lots/cycle/2/live/draw/", {"year": 1, "state": chosen}, HTTP_HX_REQUEST="true")
    assert Review.objects.get(cycle=cycle2, state__iso3=chosen).reviewer_2 is not None
    assert Draw.objects.filter(kind=Draw.Kind.REVIEWERS).count() == 2


def test_the_api_gives_pairings_and_draws(client, secretariat, cycle2):
    services.draw_reviewers(actor=secretariat, cycle=cycle2, year=3, seed=77)
    pairings = client.get("/api/v1/lots/cycles/2/pairings").json()
    assert len(pairings) == 192  # every party but the EU, which cycle 2 does not review (R-P5)
    drawn = [p for p in pairings if p["year"] == 3]
    assert drawn and all(len(p["reviewers"]) == 2 for p in drawn)
    draws = client.get("/api/v1/lots/cycles/2/draws").json()
    assert [d["kind"] for d in draws] == ["year_groups", "reviewers"] and draws[1]["seed"] == 77
    missing = client.get("/api/v1/lots/cycles/9/pairings")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_the_live_draw_names_the_rule_that_makes_a_draw_impossible(client, secretariat, cycle2):
    from irm.lots.models import Exclusion
    from irm.parties.models import State

    services.record_volunteer(actor=secretariat, cycle=cycle2, state=State.objects.get(iso3="POL"), year=1)
    for code in State.objects.filter(regional_group="EEG").exclude(iso3="POL").values_list("iso3", flat=True):
        services.record_exclusion(
            actor=secretariat, cycle=cycle2, state=State.objects.get(iso3=code), kind=Exclusion.Kind.SUSPENDED
        )
    client.force_login(secretariat)
    client.post("/lots/cycle/2/live/draw/", {"year": 1, "action": "year_groups"}, HTTP_HX_REQUEST="true")
    answer = client.post(
        "/lots/cycle/2/live/draw/", {"year": 1, "state": "POL"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "No draw satisfies the rules." in answer
    assert "A reviewer from the same regional group" in answer or "Maximum number of reviews" in answer
    assert not Review.objects.filter(cycle=cycle2, reviewer_1__isnull=False).exists()
