"""Pages, downloads and API: the public sees figures from published executive summaries only."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from irm.analysis.selectors import NeedsFilter, ta_needs

QUERY = "cycle=2&as_of=2023-09-15&since=2021-09-15"


def test_public_dashboard_counts_only_published_summaries(client, needs_data):
    response = client.get(f"/analysis/?{QUERY}")
    assert response.status_code == 200
    text = response.content.decode()
    # Published: KEN (3 needs) and FRA (none).
    assert "Of the 2 States that completed their executive summary, 1 (50%) identified 3 individual" in text
    assert "published executive summaries only" in text


def test_secretariat_dashboard_counts_every_completed_summary(client, cast, needs_data):
    client.force_login(cast["secretariat"])
    text = client.get(f"/analysis/?{QUERY}").content.decode()
    assert "Of the 4 States that completed their executive summary, 3 (75%) identified 7 individual" in text
    assert "charts/regions.svg" in text and "ta-needs.xlsx" in text and "report.docx" in text


def test_dashboard_filters_by_region_chapter_and_category(client, cast, needs_data):
    client.force_login(cast["secretariat"])
    doc = json.loads(client.get(f"/analysis/ta-needs.json?{QUERY}&region=AFRICA&chapter=5").content)
    assert doc["needs_total"] == 3 and doc["filters"]["region"] == "AFRICA"
    doc = json.loads(client.get(f"/analysis/ta-needs.json?{QUERY}&category=capacity_building").content)
    assert doc["needs_total"] == 4


def test_downloads_charts_and_report(client, needs_data):
    csv_response = client.get(f"/analysis/ta-needs.csv?{QUERY}")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "summary,needs_total,3,1" in csv_response.content.decode()
    assert client.get(f"/analysis/ta-needs.xlsx?{QUERY}").content.startswith(b"PK")
    svg = client.get(f"/analysis/charts/regions.svg?{QUERY}&lang=zh")
    assert svg["Content-Type"] == "image/svg+xml"
    assert client.get(f"/analysis/charts/articles_2.png?{QUERY}").content.startswith(b"\x89PNG")
    assert client.get(f"/analysis/charts/nothing.png?{QUERY}").status_code == 404
    report = client.get(f"/analysis/report.docx?{QUERY}&lang=zh")
    assert "在完成执行摘要的 2 个国家中" in "\n".join(
        p.text for p in Document(io.BytesIO(report.content)).paragraphs
    )
    assert client.get("/analysis/ta-needs.json?cycle=2&as_of=nonsense").status_code == 400


def test_api_returns_the_same_json_as_the_selector(client, cast, needs_data):
    public = client.get("/api/v1/analysis/ta-needs?cycle=2&as_of=2023-09-15&since=2021-09-15").json()
    assert public["states_with_executive_summary"] == 2
    client.force_login(cast["secretariat"])
    full = client.get("/api/v1/analysis/ta-needs?cycle=2&as_of=2023-09-15&since=2021-09-15").json()
    from datetime import date

    assert full == json.loads(
        json.dumps(ta_needs(NeedsFilter(cycle=2, as_of=date(2023, 9, 15), since=date(2021, 9, 15))))
    )
    bad = client.get("/api/v1/analysis/ta-needs?cycle=2&as_of=2023-09-15&categories=nope")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    assert client.get("/api/v1/analysis/thematic?cycle=2&chapter=2&as_of=2023-09-15").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/analysis/thematic/?cycle=2&chapter=2&as_of=2023-09-15",
        "/analysis/thematic/?cycle=2&chapter=5&as_of=2023-09-15&region=AFRICA",
    ],
)
def test_thematic_page_renders(client, needs_data, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/analysis/", "/analysis/thematic/"])
def test_pages_open_with_default_filters_and_no_data(client, db, path):
    assert client.get(path).status_code == 200
