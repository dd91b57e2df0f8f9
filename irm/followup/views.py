"""Pages of follow-up: a review's self-assessment section (reached from its checklist) and the compilations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from irm.cycles.models import Cycle
from irm.findings import permissions as findings_permissions
from irm.findings.selectors import published_follow_up_reviews
from irm.followup import charts, exports, permissions, selectors
from irm.parties.models import RegionalGroup
from irm.reviews.models import Review

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def review_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recommendation of the State's earlier reviews, for self-assessment in this review: the State
    (focal point, contributors) reports, the reviewing experts read."""
    review = Review.objects.select_related("state", "cycle").filter(pk=pk).first()
    if review is None or not permissions.can_view_self_assessment(request.user, review):
        raise Http404
    recommendations = list(selectors.earlier_recommendations(review))
    earlier = {r.review for r in recommendations}
    own_url = reverse("followup:review", args=[review.pk])
    probe = recommendations[0] if recommendations else None
    public = set(
        published_follow_up_reviews().filter(pk__in=[r.pk for r in earlier]).values_list("pk", flat=True)
    )
    return render(
        request,
        "followup/review.html",
        {
            "review": review,
            "recommendations": recommendations,
            "own_url": own_url,
            "can_report": probe is not None
            and findings_permissions.can_report_follow_up(request.user, probe),
            # (earlier review, consent given, public now, may publish): consent alone publishes nothing
            # until the review's outcome is public (R-F2), and the page says so.
            "publications": [
                (
                    r,
                    findings_permissions.is_follow_up_published(r),
                    r.pk in public,
                    findings_permissions.can_publish_follow_up(request.user, r),
                )
                for r in sorted(earlier, key=lambda r: r.cycle.number)
            ],
        },
    )


def _filters(request: HttpRequest) -> dict:
    numbers = list(Cycle.objects.order_by("number").values_list("number", flat=True))
    try:
        cycle = int(request.GET.get("cycle") or (numbers[0] if numbers else 1))
        as_of = date.fromisoformat(request.GET["as_of"]) if request.GET.get("as_of") else timezone.localdate()
    except ValueError:
        raise Http404 from None
    region = request.GET.get("region", "")
    if region not in RegionalGroup.values:
        region = ""
    return {
        "cycle_number": cycle,
        "as_of": as_of,
        "region": region,
        "state_iso3": request.GET.get("state", "")[:3],
    }


def compilations(request: HttpRequest) -> HttpResponse:
    """The secretariat's compilations: status of recommendations by State, article, chapter, region, cycle."""
    if not permissions.can_view_compilations(request.user):
        raise Http404
    filters = _filters(request)
    compilation = selectors.compile_follow_up(**filters)
    return render(
        request,
        "followup/compilations.html",
        {
            "compilation": compilation,
            "filters": filters,
            "cycles": Cycle.objects.order_by("number"),
            "regions": [c for c in RegionalGroup.choices if c[0] != RegionalGroup.NONE],
            "tables": tables(compilation),
            "labels": [selectors.status_labels()[s] for s in selectors.STATUSES],
            "by_status": [
                (selectors.status_labels()[s], compilation.by_status[s]) for s in selectors.STATUSES
            ],
            "query": request.GET.urlencode(),
        },
    )


def tables(compilation: selectors.Compilation) -> list[dict]:
    """The views of a compilation as rows of (label, total, counts in the order of STATUSES)."""
    regions = dict(RegionalGroup.choices)

    def rows(table: dict, label: Callable[[Any], object]) -> list[tuple]:
        return [
            (label(k), sum(v.values()), [v[s] for s in selectors.STATUSES]) for k, v in sorted(table.items())
        ]

    from django.utils.translation import gettext as _

    return [
        {"id": "article", "title": _("By article"), "rows": rows(compilation.by_article, lambda k: k)},
        {"id": "chapter", "title": _("By chapter"), "rows": rows(compilation.by_chapter, lambda k: k)},
        {
            "id": "region",
            "title": _("By region"),
            "rows": rows(compilation.by_region, lambda k: regions.get(k, k)),
        },
    ]


def compilations_chart(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_compilations(request.user):
        raise Http404
    compilation = selectors.compile_follow_up(**_filters(request))
    return HttpResponse(charts.status_by_article_chart(compilation), content_type="image/svg+xml")


def compilations_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if not permissions.can_view_compilations(request.user) or fmt not in CONTENT_TYPES:
        raise Http404
    filters = _filters(request)
    compilation = selectors.compile_follow_up(**filters)
    response = HttpResponse(exports.export(compilation, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="follow-up-cycle-{filters["cycle_number"]}.{fmt}"'
    )
    return response
