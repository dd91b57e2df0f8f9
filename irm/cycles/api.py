from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from irm.core.api_schemas import ErrorOut, Int
from irm.core.exceptions import NotFound
from irm.cycles.models import Cycle, TACategory

router = Router()


class ExtensionOut(Schema):
    until: str
    decision: str
    status: str

    @staticmethod
    def resolve_until(obj) -> str:
        return obj.until.isoformat()


class CycleOut(Schema):
    number: int
    name_en: str
    name_zh: str
    start_year: int
    years: int
    year_shares: list[float]
    late_joiners_year: int | None
    chapters: list[int]
    articles: list[int]
    deadline: str | None
    extensions: list[ExtensionOut]
    completion_threshold: float
    max_reviews_per_reviewer: int
    max_redraws: int
    max_reviews_per_year: int | None
    late_joiners_after: str | None
    joiners_complete_after: str | None
    joiners_complete_within_years: int | None
    reio_under_review: bool
    reio_eligible_as_reviewer: bool
    reio_source: str

    @staticmethod
    def resolve_chapters(obj: Cycle) -> list[int]:
        return sorted(c.number for c in obj.chapters.all())

    @staticmethod
    def resolve_articles(obj: Cycle) -> list[int]:
        return sorted(a.number for a in obj.articles.all())

    @staticmethod
    def resolve_deadline(obj: Cycle) -> str | None:
        return obj.deadline.isoformat() if obj.deadline else None

    @staticmethod
    def resolve_late_joiners_after(obj: Cycle) -> str | None:
        return obj.late_joiners_after.isoformat() if obj.late_joiners_after else None

    @staticmethod
    def resolve_joiners_complete_after(obj: Cycle) -> str | None:
        return obj.joiners_complete_after.isoformat() if obj.joiners_complete_after else None

    @staticmethod
    def resolve_extensions(obj: Cycle) -> list:
        return list(obj.extensions.all())


class CategoryOut(Schema):
    code: str
    cycle: int
    name_en: str
    name_zh: str

    @staticmethod
    def resolve_cycle(obj: TACategory) -> int:
        return obj.cycle.number


def _cycles():
    return Cycle.objects.prefetch_related("chapters", "articles", "extensions")


@router.get("/", response=list[CycleOut], summary="The review cycles")
def list_cycles(request: HttpRequest):
    return list(_cycles())


@router.get("/{number}", response={200: CycleOut, 404: ErrorOut}, summary="One review cycle")
def get_cycle(request: HttpRequest, number: Int):
    cycle = _cycles().filter(number=number).first()
    if cycle is None:
        raise NotFound(f"There is no review cycle {number}.")
    return cycle


@router.get(
    "/{number}/categories",
    response={200: list[CategoryOut], 404: ErrorOut},
    summary="The technical-assistance categories of a cycle",
)
def list_categories(request: HttpRequest, number: Int):
    if not Cycle.objects.filter(number=number).exists():
        raise NotFound(f"There is no review cycle {number}.")
    return list(TACategory.objects.filter(cycle__number=number).select_related("cycle"))
