"""Published follow-up in the public record (issue 20 §2): the State's page, the permalink, the public
review page, the downloads and `GET /api/v1/public/follow-up`. What must never show: test_published_set."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _chinese_recommendations(world):
    return [f for f in world.published if f.type == "recommendation" and f.review.state.iso3 == "CHN"]


def test_the_states_page_shows_each_recommendation_with_its_latest_status(follow_up_world):
    page = Client().get("/public/follow-up/CHN/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "A national hotline opened in 2025" in text
    assert "An early draft" not in text  # only the latest report
    assert "Implemented" in text and "Not reported" in text
    assert "Ministry of Justice" in text
    assert "implemented</td>" not in text  # words, never the code
    index = Client().get("/public/follow-up/").content.decode()
    assert "/public/follow-up/CHN/" in index


def test_the_permalink_and_the_review_page_show_the_published_status(follow_up_world):
    client = Client()
    hotline, declarations = _chinese_recommendations(follow_up_world)
    text = client.get(f"/public/findings/{hotline.pk}/").content.decode()
    assert 'id="follow-up"' in text and "A national hotline opened in 2025" in text
    assert "Implemented" in text
    assert "Not reported" in client.get(f"/public/findings/{declarations.pk}/").content.decode()
    review = follow_up_world.reviews["CHN"]
    page = client.get(f"/reviews/{review.cycle.number}/CHN/").content.decode()
    assert 'id="published-follow-up"' in page and "/public/follow-up/CHN/" in page
    # France did not publish its follow-up: its review page and recommendation say nothing of it.
    fra = follow_up_world.reviews["FRA"]
    assert 'id="published-follow-up"' not in client.get(f"/reviews/{fra.cycle.number}/FRA/").content.decode()
    rec = next(f for f in follow_up_world.published if f.type == "recommendation" and f.review == fra)
    assert 'id="follow-up"' not in client.get(f"/public/findings/{rec.pk}/").content.decode()


def test_downloads_are_formula_safe_and_agree_with_the_api(follow_up_world, cast):
    from irm.findings.models import FollowUpReport

    FollowUpReport.objects.filter(measures="A national hotline opened in 2025").update(
        measures="=HYPERLINK(1) hotline"
    )
    client = Client()
    csv = client.get("/public/follow-up/export.csv?state=CHN").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) hotline" in csv
    assert csv.splitlines()[0].startswith("recommendation,url,state")
    workbook = load_workbook(io.BytesIO(client.get("/public/follow-up/export.xlsx").content), read_only=True)
    cells = [c for row in workbook["follow-up"].iter_rows(values_only=True) for c in row]
    assert "'=HYPERLINK(1) hotline" in cells
    data = json.loads(client.get("/public/follow-up/export.json?status=implemented").content)
    assert data["count"] == 1 and data["items"][0]["status"] == "implemented"
    api = client.get("/api/v1/public/follow-up?format=csv&article=8").content.decode("utf-8-sig")
    assert "Publish asset declarations" in api and "hotline" not in api


def test_the_api_filters_and_refuses_bad_values(follow_up_world):
    client = Client()
    answer = client.get("/api/v1/public/follow-up?state=chn&cycle=2&article=33").json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert item["status"] == "implemented" and item["status_label"] == "Implemented"
    assert item["reported_on"] == "2025-02-01" and item["articles"] == [33]
    assert client.get("/api/v1/public/follow-up?status=not_reported").json()["count"] == 1
    assert client.get("/api/v1/public/follow-up?per_page=1&page=2").json()["items"][0]["status"]
    bad = client.get("/api/v1/public/follow-up?status=validated")
    assert bad.status_code == 422 and bad.json()["field"] == "status"
    assert client.get("/api/v1/public/follow-up?cycle=two").status_code == 422
    assert client.get("/public/follow-up/export.csv?status=validated").status_code == 422
