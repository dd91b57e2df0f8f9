"""GET endpoints returning the same JSON as `irm analysis ta-needs` and `irm analysis thematic`,
computed within the caller's scope (the public: published executive summaries only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router

from irm.analysis import permissions, selectors
from irm.core.api_schemas import Code, Int

router = Router()


@router.get("/ta-needs", response=dict[str, Any], summary="Technical-assistance needs analysis")
def ta_needs(
    request: HttpRequest,
    cycle: Int,
    as_of: date,
    since: date | None = None,
    categories: Code = "all",
    region: Code | None = None,
    chapter: Int | None = None,
    category: Code | None = None,
) -> dict[str, Any]:
    f = selectors.NeedsFilter(
        cycle=cycle,
        as_of=as_of,
        since=since,
        categories=categories,
        region=region,
        chapter=chapter,
        category=category,
    )
    return selectors.ta_needs(f, scope=permissions.review_scope(request.user))


@router.get("/thematic", response=dict[str, Any], summary="Thematic report or regional supplement")
def thematic(
    request: HttpRequest, cycle: Int, chapter: Int, as_of: date, region: Code | None = None
) -> dict[str, Any]:
    return selectors.thematic(
        cycle=cycle, chapter=chapter, as_of=as_of, region=region, scope=permissions.review_scope(request.user)
    )
