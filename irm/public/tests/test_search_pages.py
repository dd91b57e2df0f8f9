"""The findings search page, the permalink page, the summary pages and the downloads, by content."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from irm.public import selectors

pytestmark = pytest.mark.django_db


def test_chinese_word_is_found_and_highlighted(world):
    response = Client().get("/public/findings/", {"q": "腐败"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>腐败</mark>" in html
    assert 'lang="zh"' in html
    assert "Findings 1–1 of 1" in html


def test_a_search_in_english_finds_the_english_translation_of_a_chinese_finding(world):
    answer = Client().get("/api/v1/public/findings", {"q": "anti-corruption body"}).json()
    assert [i["state"] for i in answer["items"]] == ["CHN"]
    assert answer["items"][0]["original_language"] == "zh"


def test_french_accents_and_stems(world):
    answer = Client().get("/api/v1/public/findings", {"q": "electronique plateforme"}).json()
    assert [i["state"] for i in answer["items"]] == ["FRA"]
    assert answer["items"][0]["language"] == "fr"  # the text shown is the one that matched


def test_facets_filter_and_count(world):
    client = Client()
    answer = client.get("/api/v1/public/findings", {"article": "33"}).json()
    assert answer["count"] == 2
    assert {i["type"] for i in answer["items"]} == {"challenge", "recommendation"}
    types = {v["value"]: v["count"] for v in answer["facets"]["type"]}
    assert types == {"challenge": 1, "recommendation": 1}
    # The article facet is counted without its own filter: article 9 stays choosable.
    articles = {v["value"]: v["count"] for v in answer["facets"]["article"]}
    assert articles["9"] == 2
    themes = {v["value"]: v["count"] for v in client.get("/api/v1/public/findings").json()["facets"]["theme"]}
    assert themes == {"public_procurement": 1, "whistleblower_protection": 1}
    regions = client.get("/api/v1/public/findings", {"region": "weog"}).json()
    assert {i["state"] for i in regions["items"]} == {"FRA"}
    two = client.get("/api/v1/public/findings", {"state": "fra,chn"}).json()
    assert two["count"] == 5


def test_sort_pages_and_stable_urls(world):
    client = Client()
    newest = client.get("/api/v1/public/findings", {"sort": "newest"}).json()["items"]
    assert newest[0]["state"] == "BRA"  # published 2024-06-03, the latest
    by_state = client.get("/api/v1/public/findings", {"sort": "state"}).json()["items"]
    assert [i["state"] for i in by_state][:2] == ["BRA", "CHN"]  # Brazil, China, France
    page_2 = client.get("/api/v1/public/findings", {"sort": "state", "per_page": "20", "page": "1"}).json()
    assert page_2["pages"] == 1
    params = selectors.parse({"state": ["FRA", "BRA"], "q": ["x"], "sort": ["state"]})
    assert params.querystring() == "q=x&state=BRA&state=FRA&sort=state"
    html = client.get("/public/findings/?state=FRA&state=BRA&q=x&sort=state").content.decode()
    assert "/public/findings/?q=x&amp;state=BRA&amp;state=FRA&amp;sort=state" in html


def test_bad_parameters_are_refused_with_the_field(world):
    client = Client()
    assert client.get("/public/findings/", {"sort": "nonsense"}).status_code == 400
    answer = client.get("/api/v1/public/findings", {"page": "0"})
    assert answer.status_code == 422
    assert client.get("/api/v1/public/findings", {"q": "x" * 201}).status_code == 422


def test_permalink_page_shows_state_review_articles_texts_and_document(world):
    finding = world.published[0]
    html = Client().get(f"/public/findings/{finding.pk}/").content.decode()
    assert "France" in html
    assert "Article 9" in html
    assert "La France publie ses marchés publics" in html
    assert "machine translation, not reviewed" in html
    assert "CAC/COSP/IRG/II/1/1/Add.7" in html
    assert f"/public/summaries/{finding.review_id}/" in html
    assert "Public procurement" in html  # its confirmed theme
    assert "Cite this finding" in html


def test_summary_page_in_each_language_marked_official_or_translation(world):
    client = Client()
    fra = world.reviews["FRA"]
    assert client.get(f"/public/summaries/{fra.pk}/").status_code == 302
    english = client.get(f"/public/summaries/{fra.pk}/en/").content.decode()
    assert "Official text" in english
    assert "Whistle-blowers are not protected" in english
    assert f"/findings/reviews/{fra.pk}/documents/executive_summary/?language=en&amp;format=docx" in english
    assert "/public/findings/?state=FRA&amp;cycle=2" in english
    # French and Chinese exist only for one of France's four findings: not a version of the summary.
    assert client.get(f"/public/summaries/{fra.pk}/fr/").status_code == 404
    chn = world.reviews["CHN"]
    chinese = client.get(f"/public/summaries/{chn.pk}/zh/").content.decode()
    assert "加强打击腐败的国际合作" in chinese
    assert "Official text" in chinese


def test_downloads_are_formula_safe_and_carry_the_dictionary(world):
    client = Client()
    text = client.get("/public/findings/export.csv", {"article": "33"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    recommendation = next(r for r in rows if r["type"] == "recommendation")
    assert recommendation["text"].startswith("'=HYPERLINK")
    assert recommendation["url"].endswith(f"/public/findings/{recommendation['id']}/")
    workbook = load_workbook(io.BytesIO(client.get("/public/findings/export.xlsx").content))
    assert workbook.sheetnames == ["findings", "dictionary"]
    assert workbook["findings"].max_row == 7  # header + the six published findings
    data = json.loads(client.get("/public/findings/export.json", {"state": "CHN"}).content)
    assert data["count"] == 1
    assert data["items"][0]["text_zh"].startswith("加强打击腐败")
    assert {c["column"] for c in data["dictionary"]} >= {
        "id",
        "url",
        "state",
        "cycle",
        "articles",
        "type",
        "text",
    }
    api_csv = client.get("/api/v1/public/findings", {"state": "CHN", "format": "csv"})
    assert api_csv["Content-Type"].startswith("text/csv")
    assert "加强打击腐败" in api_csv.content.decode("utf-8-sig")


def test_api_item_shape(world):
    answer = Client().get("/api/v1/public/findings", {"state": "BRA"}).json()
    (item,) = answer["items"]
    assert set(answer) == {"count", "page", "pages", "per_page", "items", "facets"}
    assert {"id", "url", "state", "cycle", "articles", "type", "language", "text"} <= set(item)
    assert item["state"] == "BRA" and item["cycle"] == 2 and item["articles"] == [7]
    assert item["year"] == 2024
