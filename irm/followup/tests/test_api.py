"""`GET /api/v1/follow-up/recommendations|reports`: signed-in lists, each caller seeing only what
`followup.permissions` gives them; `{count, page, per_page, items}`, filters, `format=csv`."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from irm.findings import services
from irm.findings.models import FollowUpReport
from irm.reviews.models import Milestone, Stage

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_state_and_the_later_reviews_experts_list_kenyas_follow_up(cast, story):
    for name in ("fp-kenya", "expert-nzl", "secretariat"):
        answer = _client(cast[name]).get("/api/v1/follow-up/recommendations?cycle=1").json()
        assert answer["count"] == 3, name
        by_text = {i["text"]: i for i in answer["items"]}
        assert by_text["R15"]["status"] == "implemented" and by_text["R15"]["reports"] == 2
        assert by_text["R15"]["status_label"] == "Implemented"
        assert by_text["R9"]["status"] == "not_reported" and by_text["R9"]["measures"] == ""
    history = _client(cast["expert-nzl"]).get("/api/v1/follow-up/reports?state=KEN").json()
    assert history["count"] == 3
    assert [i["status"] for i in history["items"]] == [
        "partially_implemented",
        "not_implemented",
        "implemented",
    ]
    assert all(i["reported_by"] for i in history["items"])


def test_others_see_nothing_until_published_and_the_public_is_refused(cast, story):
    first, _later, _recs = story
    france = _client(cast["fp-france"])
    assert france.get("/api/v1/follow-up/recommendations").json()["count"] == 0
    assert france.get("/api/v1/follow-up/reports").json()["count"] == 0
    assert _client().get("/api/v1/follow-up/recommendations").status_code == 401
    assert _client().get("/api/v1/follow-up/reports").status_code == 401
    services.publish_follow_up(actor=cast["fp-kenya"], review=first)
    assert france.get("/api/v1/follow-up/reports").json()["count"] == 0  # the outcome is not public yet
    Milestone.objects.create(review=first, stage=Stage.SUMMARY_PUBLISHED, done_on=date(2016, 1, 1))
    assert france.get("/api/v1/follow-up/recommendations").json()["count"] == 3
    assert france.get("/api/v1/follow-up/reports").json()["count"] == 3


def test_filters_pages_csv_and_bad_values(cast, story):
    client = _client(cast["secretariat"])
    assert client.get("/api/v1/follow-up/recommendations?article=16").json()["count"] == 1
    assert client.get("/api/v1/follow-up/recommendations?article=15&status=implemented").json()["count"] == 1
    assert (
        client.get("/api/v1/follow-up/recommendations?status=not_reported,not_implemented").json()["count"]
        == 2
    )
    assert client.get("/api/v1/follow-up/reports?status=implemented").json()["count"] == 1
    page = client.get("/api/v1/follow-up/recommendations?per_page=2&page=2").json()
    assert page["count"] == 3 and len(page["items"]) == 1 and page["page"] == 2
    FollowUpReport.objects.filter(status="implemented").update(measures="=cmd|' /C calc'!A0")
    csv = client.get("/api/v1/follow-up/reports?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("id,recommendation,review") and "'=cmd" in csv
    rec_csv = client.get("/api/v1/follow-up/recommendations?format=csv&article=15").content.decode(
        "utf-8-sig"
    )
    assert "R15-16" in rec_csv and "R9" not in rec_csv and "15;16" in rec_csv
    for bad in ("status=validated", "cycle=one", "per_page=0", "per_page=501", "article=x"):
        answer = client.get(f"/api/v1/follow-up/recommendations?{bad}")
        assert answer.status_code == 422, bad
        assert answer.json()["code"] == "invalid_input", bad
