from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from irm.convention.models import Article, Chapter
from irm.core.api_schemas import ErrorOut, Int
from irm.core.exceptions import NotFound

router = Router()


class ArticleOut(Schema):
    number: int
    chapter: int
    title_en: str
    title_zh: str

    @staticmethod
    def resolve_chapter(obj: Article) -> int:
        return obj.chapter.number


class ChapterOut(Schema):
    number: int
    roman: str
    title_en: str
    title_zh: str
    articles: list[int]

    @staticmethod
    def resolve_articles(obj: Chapter) -> list[int]:
        return [a.number for a in obj.articles.all()]


@router.get("/chapters", response=list[ChapterOut], summary="The chapters of the Convention")
def list_chapters(request: HttpRequest):
    return list(Chapter.objects.prefetch_related("articles"))


@router.get("/articles", response=list[ArticleOut], summary="The articles of the Convention")
def list_articles(request: HttpRequest, chapter: Int | None = None):
    articles = Article.objects.select_related("chapter")
    if chapter is not None:
        articles = articles.filter(chapter__number=chapter)
    return list(articles)


@router.get("/articles/{number}", response={200: ArticleOut, 404: ErrorOut}, summary="One article")
def get_article(request: HttpRequest, number: Int):
    article = Article.objects.select_related("chapter").filter(number=number).first()
    if article is None:
        raise NotFound(f"The Convention has no article {number}.")
    return article
