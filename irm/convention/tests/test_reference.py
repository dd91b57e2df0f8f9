"""The Convention as reference data: eight chapters, 71 articles, each in its chapter's range, loaded
idempotently, served by the API; Chinese titles not confirmed by a source are flagged, not passed off."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from django.test import Client

from irm.convention import selectors, services
from irm.convention.models import Article, Chapter

pytestmark = pytest.mark.django_db


def _csv(name: str) -> list[dict[str, str]]:
    with resources.files("irm.convention").joinpath("data", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_article_lies_in_its_chapters_range_and_none_is_missing():
    chapters = {int(r["chapter"]): r for r in _csv("chapters.csv")}
    articles = _csv("articles.csv")
    assert [r["roman"] for r in chapters.values()] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert sorted(int(r["article"]) for r in articles) == list(range(1, 72))
    for row in articles:
        chapter = chapters[int(row["chapter"])]
        assert int(chapter["first_article"]) <= int(row["article"]) <= int(chapter["last_article"]), row
        assert row["title_en"] and row["title_zh"], row
    assert {r["title_zh_status"] for r in articles} <= {"recalled_unverified", "confirmed_in_seed_or_source"}


def test_the_database_holds_what_the_files_say():
    assert Chapter.objects.count() == 8 and Article.objects.count() == 71
    fifteen = Article.objects.select_related("chapter").get(number=15)
    assert fifteen.chapter.roman == "III" and "bribery" in fifteen.title_en.lower()
    chapter_two = selectors.chapters_with_articles().get(number=2)
    assert [a.number for a in chapter_two.articles.all()] == list(range(5, 15))


def test_loading_again_changes_nothing_and_keeps_ids():
    before = dict(Article.objects.values_list("number", "pk"))
    assert services.load_reference_convention() == {"chapters": 8, "articles": 71}
    assert dict(Article.objects.values_list("number", "pk")) == before


def test_unconfirmed_chinese_titles_are_flagged():
    rows = {int(r["article"]): r for r in _csv("articles.csv")}
    for article in Article.objects.all():
        assert article.title_zh_verified == (rows[article.number]["title_zh_status"] != "recalled_unverified")


def test_the_api_gives_chapters_and_articles_and_a_clear_404():
    client = Client()
    chapters = client.get("/api/v1/convention/chapters").json()
    assert [c["roman"] for c in chapters][:2] == ["I", "II"]
    assert chapters[4]["articles"] == list(range(51, 60))
    article = client.get("/api/v1/convention/articles/46").json()
    assert article["chapter"] == 4 and "mutual legal assistance" in article["title_en"].lower()
    missing = client.get("/api/v1/convention/articles/99")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
