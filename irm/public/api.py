"""The public record's API (anonymous): `GET /api/v1/public/findings` and one finding.

The same search as the page `/public/findings/` (same parameters, same published set, same facet
counts); `format=csv` answers the CSV download of the search instead of JSON.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from irm.core.api_schemas import ErrorOut
from irm.core.content_cache import cached_for_public
from irm.core.exceptions import NotFound
from irm.public import bulk, exports, followup, selectors, summaries

router = Router()


class FindingsQuery(Schema):
    q: str = ""
    state: list[str] = []
    region: list[str] = []
    cycle: list[str] = []
    year: list[str] = []
    article: list[str] = []
    chapter: list[str] = []
    type: list[str] = []
    category: list[str] = []
    theme: list[str] = []
    language: list[str] = []
    sort: str = ""
    page: int = 1
    per_page: int = 20
    format: Literal["json", "csv"] = "json"


class FindingItem(Schema):
    id: int
    url: str
    state: str
    state_name: str
    region: str
    review: int
    cycle: int
    year: int | None
    published_on: date | None
    articles: list[int]
    chapter: int | None
    type: str
    categories: list[str]
    themes: list[str]
    language: str
    text: str
    original_language: str
    languages: list[str]


class FacetValue(Schema):
    value: str
    label: str
    count: int


class FindingsPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    items: list[FindingItem]
    facets: dict[str, list[FacetValue]]


class TextOut(Schema):
    language: str
    text: str
    original: bool
    machine: bool
    reviewed: bool


class FindingDetail(FindingItem):
    texts: list[TextOut]
    document: str
    summary_url: str
    answers: int | None
    recommendations: list[int]
    citation: str


def _url(pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public:finding", args=[pk])


def _item(card: selectors.Card) -> dict[str, object]:
    f = card.finding
    return {
        "id": f.pk,
        "url": _url(f.pk),
        "state": f.review.state.iso3,
        "state_name": f.review.state.name,
        "region": f.review.state.regional_group,
        "review": f.review_id,
        "cycle": f.review.cycle.number,
        "year": card.published_on.year if card.published_on else None,
        "published_on": card.published_on,
        "articles": card.articles,
        "chapter": f.chapter.number if f.chapter else None,
        "type": f.type,
        "categories": card.categories,
        "themes": card.theme_codes,
        "language": card.text_language,
        "text": card.plain_text,
        "original_language": f.language,
        "languages": card.languages,
    }


def _query_dict(query: FindingsQuery) -> dict[str, list[str]]:
    data = query.dict()
    data.pop("format")
    return {
        k: (v if isinstance(v, list) else [str(v)] if v not in ("", None) else []) for k, v in data.items()
    }


def _record_version(request: HttpRequest) -> tuple[int, int]:
    return selectors.index_generation(), bulk.manifest_stamp()


@router.get("/findings", response={200: FindingsPage, 422: ErrorOut}, url_name="public_findings")
@decorate_view(cached_for_public(vary=_record_version))
def findings(request: HttpRequest, query: Query[FindingsQuery]):
    """Search the published findings: `{count, page, pages, per_page, items, facets}`.

    Filters take several values (repeat the parameter or separate with commas); within a filter any
    value matches, across filters all must. Facets count each value with every filter but its own.
    `format=csv` gives the CSV of the whole search (at most 20,000 findings)."""
    params = selectors.parse(_query_dict(query))
    language = translation.get_language()
    if query.format == "csv":
        ids = selectors.all_ids(params, language=language)
        content = exports.render(exports.rows_for(ids), "csv", query=params.as_dict())
        response = HttpResponse(content, content_type=exports.CONTENT_TYPES["csv"])
        response["Content-Disposition"] = 'attachment; filename="irm-findings.csv"'
        return response
    page = selectors.search(params, language=language)
    return {
        "count": page.count,
        "page": params.page,
        "pages": page.pages,
        "per_page": params.per_page,
        "items": [_item(c) for c in page.cards],
        "facets": {
            g.name: [{"value": o.value, "label": o.label, "count": o.count} for o in g.options]
            for g in page.facets
        },
    }


@router.get("/findings/{finding_id}", response={200: FindingDetail, 404: ErrorOut}, url_name="public_finding")
def finding(request: HttpRequest, finding_id: int):
    """One published finding with its texts in every language it has and the document it comes from."""
    found = selectors.published_finding(finding_id)
    if found is None:
        raise NotFound("No such published finding.")
    card = selectors.cards_for([found.pk], [], [], translation.get_language())[0]
    context = summaries.finding_context(request, found)
    return {
        **_item(card),
        "texts": [
            {
                "language": t.language,
                "text": t.text,
                "original": t.original,
                "machine": t.machine,
                "reviewed": t.reviewed,
            }
            for t in context["texts"]
        ],
        "document": context["symbol"],
        "summary_url": settings.SITE_URL.rstrip("/") + context["summary_url"],
        "answers": found.answers_id,
        "recommendations": [r.pk for r in context["recommendations"]],
        "citation": context["citation"],
    }


# --- published follow-up (issue 20 §2) ------------------------------------------------------------


class FollowUpQuery(Schema):
    state: list[str] = []
    cycle: list[str] = []
    article: list[str] = []
    status: list[str] = []
    page: int = 1
    per_page: int = followup.PER_PAGE_DEFAULT
    format: Literal["json", "csv"] = "json"


class FollowUpItem(Schema):
    recommendation: int
    url: str
    state: str
    state_name: str
    cycle: int
    chapter: int | None
    articles: list[int]
    text: str
    status: str
    status_label: str
    measures: str
    responsible_agency: str
    reported_on: date | None
    planned_date: date | None


class FollowUpPage(Schema):
    count: int
    page: int
    per_page: int
    items: list[FollowUpItem]


@router.get("/follow-up", response={200: FollowUpPage, 422: ErrorOut}, url_name="public_follow_up")
def follow_up(request: HttpRequest, query: Query[FollowUpQuery]):
    """The published follow-up of recommendations: `{count, page, per_page, items}`, one item per
    recommendation of a review whose State published its follow-up (status of its latest report).

    Filters `state` (ISO3), `cycle`, `article`, `status` (implemented, partially_implemented,
    not_implemented, no_longer_applicable, not_reported) take several values. `format=csv` gives the
    whole answer as CSV (the columns of `/public/follow-up/export.csv`)."""
    data = query.dict()
    data.pop("format")
    filters = followup.parse({k: v if isinstance(v, list) else [str(v)] for k, v in data.items()})
    found = followup.items(filters)
    if query.format == "csv":
        response = HttpResponse(
            followup.render(found, "csv", query=filters.as_dict()), content_type=followup.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = 'attachment; filename="irm-follow-up.csv"'
        return response
    start = (filters.page - 1) * filters.per_page
    return {
        "count": len(found),
        "page": filters.page,
        "per_page": filters.per_page,
        "items": [followup.as_data(i) for i in found[start : start + filters.per_page]],
    }
