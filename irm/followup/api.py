"""The follow-up API for signed-in users (/api/v1/follow-up/): lists answering `{count, page, per_page,
items}`, narrowed by `permissions.reviews_visible_to` / `reports_visible_to` (the confidential circle, the
experts and circle of the State's later reviews, published follow-up, the secretariat everything).
`format=csv` answers the whole list as CSV (formula-safe). The public reads `/api/v1/public/follow-up`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.security import django_auth

from irm.core.api_schemas import ERRORS
from irm.core.exceptions import InvalidInput, PermissionDenied
from irm.core.tabular import write_csv
from irm.findings.models import Finding, FindingType, FollowUpReport
from irm.followup import permissions
from irm.followup.selectors import NOT_REPORTED, STATUSES, status_labels

router = Router()

MAX_ROWS = 20_000
PER_PAGE_MAX = 500


class ListQuery(Schema):
    state: list[str] = []
    cycle: list[str] = []
    article: list[str] = []
    status: list[str] = []
    review: list[str] = []
    page: int = 1
    per_page: int = 100
    format: Literal["json", "csv"] = "json"


class RecommendationFollowUp(Schema):
    id: int
    review: int
    state: str
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
    reports: int


class RecommendationFollowUpList(Schema):
    count: int
    page: int
    per_page: int
    items: list[RecommendationFollowUp]


class FollowUpReportItem(Schema):
    id: int
    recommendation: int
    review: int
    reported_in: int | None
    state: str
    cycle: int
    status: str
    status_label: str
    measures: str
    evidence: str
    links: list[str]
    responsible_agency: str
    planned_date: date | None
    reported_on: date
    reported_by: str
    submitted_at: datetime


class FollowUpReportList(Schema):
    count: int
    page: int
    per_page: int
    items: list[FollowUpReportItem]


def _values(values: list[str], name: str, *, numbers: bool = False) -> list[str]:
    found = sorted({v.strip() for raw in values for v in raw.split(",") if v.strip()})
    if (
        len(found) > 50
        or any(len(v) > 40 for v in found)
        or (numbers and not all(v.isdigit() for v in found))
    ):
        raise InvalidInput(
            f"{name}: at most 50 values{', whole numbers' if numbers else ''}.", details={"field": name}
        )
    return found


def _check(query: ListQuery) -> None:
    if not 1 <= query.page <= 10_000:
        raise InvalidInput("page: from 1 to 10000.", details={"field": "page"})
    if not 1 <= query.per_page <= PER_PAGE_MAX:
        raise InvalidInput(f"per_page: from 1 to {PER_PAGE_MAX}.", details={"field": "per_page"})
    if unknown := [s for s in _values(query.status, "status") if s not in STATUSES]:
        raise InvalidInput(
            f"status: one of {', '.join(STATUSES)}, not {unknown[0]!r}.", details={"field": "status"}
        )


def _narrow[T: (Finding, FollowUpReport)](found: QuerySet[T], query: ListQuery, prefix: str) -> QuerySet[T]:
    """State, cycle, review and article filters on recommendations (prefix "") or reports ("recommendation__")."""
    if states := _values(query.state, "state"):
        found = found.filter(**{f"{prefix}review__state__iso3__in": [s.upper() for s in states]})
    if cycles := _values(query.cycle, "cycle", numbers=True):
        found = found.filter(**{f"{prefix}review__cycle__number__in": [int(c) for c in cycles]})
    if reviews := _values(query.review, "review", numbers=True):
        found = found.filter(**{f"{prefix}review_id__in": [int(r) for r in reviews]})
    if articles := _values(query.article, "article", numbers=True):
        with_articles = Finding.articles.through.objects.filter(
            article__number__in=[int(a) for a in articles]
        )
        found = found.filter(**{f"{prefix}pk__in": with_articles.values("finding_id")})
    return found


def _allowed(request: HttpRequest, query: ListQuery) -> None:
    if not permissions.can_list(request.user):
        raise PermissionDenied("The follow-up lists are for signed-in users; the public record has its own.")
    _check(query)


def _answer(rows: list[dict[str, Any]], query: ListQuery, header: list[str], name: str) -> Any:
    if query.format == "csv":
        cells: Iterable[list[Any]] = (
            [";".join(map(str, v)) if isinstance(v, list) else v for v in (row[c] for c in header)]
            for row in rows
        )
        response = HttpResponse(
            write_csv(header, cells, bom=True).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    start = (query.page - 1) * query.per_page
    return {
        "count": len(rows),
        "page": query.page,
        "per_page": query.per_page,
        "items": rows[start : start + query.per_page],
    }


@router.get(
    "/recommendations",
    auth=django_auth,
    response={200: RecommendationFollowUpList, **ERRORS},
    url_name="follow_up_recommendations",
    summary="Recommendations with their follow-up status",
)
def recommendations(request: HttpRequest, query: Query[ListQuery]):
    """Each recommendation of a review whose follow-up the caller may read, with the status, measures,
    agency and dates of its latest report (`not_reported` without one). Filters: `state`, `cycle`,
    `article`, `review`, `status` (several values each); `format=csv` for the whole list."""
    _allowed(request, query)
    found = _narrow(
        Finding.objects.filter(
            type=FindingType.RECOMMENDATION, review__in=permissions.reviews_visible_to(request.user)
        ),
        query,
        "",
    )
    found = found.select_related("review__state", "review__cycle", "chapter").prefetch_related("articles")
    rows = list(
        found.order_by("review__state__name_en", "review__cycle__number", "chapter__number", "pk")[
            : MAX_ROWS + 1
        ]
    )
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            f"More than {MAX_ROWS} recommendations: narrow the list.", details={"field": "state"}
        )
    latest: dict[int, FollowUpReport] = {}
    counts: dict[int, int] = {}
    for found_report in (
        permissions.reports_visible_to(request.user)
        .filter(recommendation_id__in=[f.pk for f in rows])
        .order_by("reported_on", "submitted_at", "id")
    ):
        latest[found_report.recommendation_id] = found_report
        counts[found_report.recommendation_id] = counts.get(found_report.recommendation_id, 0) + 1
    labels = status_labels()
    wanted = set(_values(query.status, "status"))
    items = []
    for f in rows:
        report = latest.get(f.pk)
        status = report.status if report else NOT_REPORTED
        if wanted and status not in wanted:
            continue
        items.append(
            {
                "id": f.pk,
                "review": f.review_id,
                "state": f.review.state.iso3,
                "cycle": f.review.cycle.number,
                "chapter": f.chapter.number if f.chapter else None,
                "articles": sorted(a.number for a in f.articles.all()),
                "text": f.text,
                "status": status,
                "status_label": str(labels[status]),
                "measures": report.measures if report else "",
                "responsible_agency": report.responsible_agency if report else "",
                "reported_on": report.reported_on if report else None,
                "planned_date": report.planned_date if report else None,
                "reports": counts.get(f.pk, 0),
            }
        )
    return _answer(items, query, list(RecommendationFollowUp.model_fields), "follow-up-recommendations")


@router.get(
    "/reports",
    auth=django_auth,
    response={200: FollowUpReportList, **ERRORS},
    url_name="follow_up_reports",
    summary="Follow-up reports (the history, with authors)",
)
def reports(request: HttpRequest, query: Query[ListQuery]):
    """Every follow-up report the caller may read, oldest first: the history of each recommendation's
    follow-up with its author. Filters: `state`, `cycle`, `article`, `review` (of the recommendation),
    `status`; `format=csv` for the whole list."""
    _allowed(request, query)
    found = _narrow(permissions.reports_visible_to(request.user), query, "recommendation__")
    if statuses := _values(query.status, "status"):
        found = found.filter(status__in=statuses)
    found = found.select_related("review__state", "review__cycle", "submitted_by").order_by(
        "reported_on", "submitted_at", "id"
    )
    rows = list(found[: MAX_ROWS + 1])
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"More than {MAX_ROWS} reports: narrow the list.", details={"field": "state"})
    labels = status_labels()
    items = [
        {
            "id": r.pk,
            "recommendation": r.recommendation_id,
            "review": r.review_id,
            "reported_in": r.reported_in_id,
            "state": r.review.state.iso3,
            "cycle": r.review.cycle.number,
            "status": r.status,
            "status_label": str(labels[r.status]),
            "measures": r.measures,
            "evidence": r.evidence,
            "links": list(r.links or []),
            "responsible_agency": r.responsible_agency,
            "planned_date": r.planned_date,
            "reported_on": r.reported_on,
            "reported_by": r.submitted_by.get_full_name() or r.submitted_by.get_username(),
            "submitted_at": r.submitted_at,
        }
        for r in rows
    ]
    return _answer(items, query, list(FollowUpReportItem.model_fields), "follow-up-reports")
