"""Pages and API: fetched through the permissions; outside the circle, only public facts (404)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from irm.reviews.models import Stage
from irm.reviews.tests.conftest import bring_to

pytestmark = pytest.mark.django_db

WORKFLOW = "/reviews/2/KEN/workflow/"


def test_public_page_of_a_review_answers_everyone(client, kenya_review):
    page = client.get("/reviews/2/KEN/")
    assert page.status_code == 200
    assert "New Zealand" in page.content.decode()
    assert WORKFLOW not in page.content.decode()


@pytest.mark.parametrize("username", [None, "fp-france", "delegate", "observer"])
def test_workflow_page_is_404_outside_the_circle(client, cast, kenya_review, username):
    if username:
        client.force_login(cast[username])
    assert client.get(WORKFLOW).status_code == 404
    assert client.get("/reviews/2/KEN/timeline.svg").status_code == 404
    assert client.post("/reviews/2/KEN/do/suspend/", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("username", ["secretariat", "fp-kenya", "contrib-kenya", "expert-nzl"])
def test_workflow_page_opens_for_the_circle(client, cast, kenya_review, username):
    bring_to(kenya_review, Stage.LOTS_DRAWN, actor=cast["secretariat"], expert=cast["expert-nzl"])
    client.force_login(cast[username])
    page = client.get(WORKFLOW)
    assert page.status_code == 200
    assert "Timeline" in page.content.decode()
    chart = client.get("/reviews/2/KEN/timeline.svg")
    assert chart["Content-Type"] == "image/svg+xml"


def test_secretariat_moves_the_review_through_the_page(client, cast, kenya_review):
    client.force_login(cast["secretariat"])
    client.post("/reviews/2/KEN/do/focal-point/", {"focal-user": cast["fp-kenya"].pk})
    client.post("/reviews/2/KEN/do/advance/", {"stage": Stage.KICK_OFF_HELD})
    kenya_review.refresh_from_db()
    assert kenya_review.stage == Stage.KICK_OFF_HELD
    response = client.post("/reviews/2/KEN/do/advance/", {"stage": Stage.DESK_REVIEW_DONE}, follow=True)
    assert "is not the next stage" in response.content.decode()
    history = client.get(WORKFLOW).content.decode()
    assert "Focal point named" in history and "Stage done: kick-off call held" in history
    assert "review.focal_point_set" not in history  # people read labels, not event names


def test_secretariat_sets_the_languages_of_the_review(client, cast, kenya_review):
    client.force_login(cast["secretariat"])
    client.post("/reviews/2/KEN/do/languages/", {"languages-languages": ["en", "fr"]})
    kenya_review.refresh_from_db()
    assert kenya_review.languages == ["en", "fr"]


def test_focal_point_cannot_take_the_secretariats_steps_through_the_page(client, cast, kenya_review):
    bring_to(kenya_review, Stage.FOCAL_POINT_NOMINATED, actor=cast["secretariat"])
    client.force_login(cast["fp-kenya"])
    response = client.post("/reviews/2/KEN/do/advance/", {"stage": Stage.KICK_OFF_HELD}, follow=True)
    assert "You may not" in response.content.decode()
    kenya_review.refresh_from_db()
    assert kenya_review.stage == Stage.FOCAL_POINT_NOMINATED


def test_overview_filters_and_exports(client, cast, kenya_review):
    client.force_login(cast["secretariat"])
    page = client.get("/reviews/cycle/2/?region=AFRICA&stage=lots_drawn")
    assert page.status_code == 200 and "Kenya" in page.content.decode()
    assert "Kenya" not in client.get("/reviews/cycle/2/?region=WEOG").content.decode()
    csv_text = client.get("/reviews/cycle/2/?export=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("cycle,iso3,state,regional_group,year")
    assert ",KEN,Kenya,AFRICA,5,UGA,NZL,lots_drawn" in csv_text
    xlsx = client.get("/reviews/cycle/2/?export=xlsx&overdue=on")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["cycle", "iso3", "state"]
    assert sheet.max_row == 2 and sheet["B2"].value == "KEN"


def test_timeline_settings_are_the_secretariats(client, cast, cycle2):
    client.force_login(cast["fp-kenya"])
    assert client.get("/reviews/cycle/2/timeline/").status_code == 404
    client.force_login(cast["secretariat"])
    client.post("/reviews/cycle/2/timeline/", {"stage": "kick_off_held", "days": "45", "anchor": "previous"})
    assert cycle2.timeline_steps.get(stage="kick_off_held").days == 45


def test_api_lists_public_facts_and_details_only_for_the_circle(client, cast, kenya_review):
    rows = client.get("/api/v1/reviews/?cycle=2").json()
    assert rows == [
        {
            "cycle": 2,
            "iso3": "KEN",
            "state": "Kenya",
            "regional_group": "AFRICA",
            "year": 5,
            "reviewers": ["UGA", "NZL"],
            "stage": "lots_drawn",
            "suspended": False,
            "summary_published_on": None,
            "report_published_on": None,
        }
    ]
    public = client.get("/api/v1/reviews/2/KEN").json()
    assert public["confidential"] is False and public["timeline"] is None
    client.force_login(cast["fp-kenya"])
    inside = client.get("/api/v1/reviews/2/KEN").json()
    assert inside["confidential"] is True and inside["timeline"][0]["stage"] == "lots_drawn"
    assert client.get("/api/v1/reviews/2/XXX").status_code == 404
