"""Pages of the public record (anonymous): the findings search, a finding's permalink, downloads,
executive summaries as web pages. Thin: parse, call a selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from irm.core.content_cache import cached_for_public
from irm.core.exceptions import DomainError, InvalidInput
from irm.core.i18n import LANGUAGE_NAMES
from irm.public import bulk, exports, followup, selectors, summaries
from irm.public.indexing import published_review_ids
from irm.reviews.models import Review


def _params(request: HttpRequest) -> selectors.Params:
    return selectors.parse({key: request.GET.getlist(key) for key in request.GET})


def record_version(request: HttpRequest) -> tuple[int, int]:
    """What the findings database shows besides the content version: the index and the bulk files."""
    return selectors.index_generation(), bulk.manifest_stamp()


@cached_for_public(vary=record_version)
def findings(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    try:
        params = _params(request)
    except InvalidInput as exc:
        return render(request, "public/findings.html", {"error": exc.message}, status=400)
    page = selectors.search(params, language=language)
    query = params.querystring()
    return render(
        request,
        "public/findings.html",
        {
            "page": page,
            "params": params,
            "sorts": selectors.SORTS,
            "per_page_options": selectors.PER_PAGE,
            "query": query,
            "permalink": request.build_absolute_uri(
                reverse("public:findings") + (f"?{query}" if query else "")
            ),
            "downloads": [
                (fmt, f"{reverse('public:export', args=[fmt])}?{query}") for fmt in exports.CONTENT_TYPES
            ],
            "bulk": bulk.manifest(),
            "max_export": selectors.MAX_EXPORT,
            "pages": _pages(page),
        },
    )


def _pages(page: selectors.SearchPage) -> list[tuple[int | None, str]]:
    """Page links: first, last, and two either side of the current page (None = a gap)."""
    current, last = page.params.page, page.pages
    wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    out: list[tuple[int | None, str]] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            out.append((None, ""))
        out.append((number, page.params.querystring(page=number)))
        previous = number
    return out


def finding(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.published_finding(pk)
    if found is None:
        raise Http404
    return render(request, "public/finding.html", summaries.finding_context(request, found))


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    try:
        params = _params(request)
        ids = selectors.all_ids(params, language=translation.get_language())
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    content = exports.render(exports.rows_for(ids), fmt, query=params.as_dict())
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="irm-findings-{stamp}.{fmt}"'
    return response


def dictionary(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "html")
    if fmt == "json":
        from django.http import JsonResponse

        return JsonResponse({"columns": exports.dictionary()}, json_dumps_params={"ensure_ascii": False})
    return render(request, "public/dictionary.html", {"columns": exports.dictionary()})


def bulk_download(request: HttpRequest, fmt: str) -> HttpResponse | FileResponse:
    if fmt not in bulk.FORMATS:
        raise Http404
    found = bulk.manifest()
    path = bulk.path_of(fmt)
    if not bulk.is_current(found, published_review_ids()) or not path.exists():
        bulk.request_rebuild()
        response = HttpResponse(
            _("The download of the whole published set is being regenerated. Try again in a few minutes."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "120"
        return response
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=exports.CONTENT_TYPES[fmt]
    )


def summary(request: HttpRequest, pk: int, language: str | None = None) -> HttpResponse:
    review = summaries.published_review(pk)
    if review is None:
        raise Http404
    versions = summaries.versions(review)
    if language is None:
        return redirect("public:summary-language", pk=pk, language=summaries.best_language(versions))
    chosen = next((v for v in versions if v.language == language), None)
    if chosen is None or language not in LANGUAGE_NAMES:
        raise Http404
    return render(request, "public/summary.html", summaries.summary_context(review, chosen, versions))


# --- published follow-up (issue 20 §2) ------------------------------------------------------------


def _follow_up_filters(request: HttpRequest) -> followup.Filters:
    return followup.parse({key: request.GET.getlist(key) for key in request.GET})


def follow_up(request: HttpRequest) -> HttpResponse:
    """The States that published their follow-up, with how many recommendations are implemented."""
    return render(
        request,
        "public/follow_up.html",
        {
            "rows": followup.states(),
            "downloads": [
                (fmt, reverse("public:follow-up-export", args=[fmt])) for fmt in followup.CONTENT_TYPES
            ],
        },
    )


def follow_up_state(request: HttpRequest, iso3: str) -> HttpResponse:
    """A State's published follow-up: per review, every recommendation with its status, measures, dates."""
    reviews = list(Review.objects.filter(state__iso3=iso3.upper()[:3]).select_related("state", "cycle"))
    blocks = followup.of_reviews(reviews)
    if not blocks:
        raise Http404
    state = blocks[0].review.state
    query = urlencode({"state": state.iso3})
    return render(
        request,
        "public/follow_up_state.html",
        {
            "state": state,
            "blocks": blocks,
            "downloads": [
                (fmt, f"{reverse('public:follow-up-export', args=[fmt])}?{query}")
                for fmt in followup.CONTENT_TYPES
            ],
            "api_url": f"/api/v1/public/follow-up?{query}",
        },
    )


def follow_up_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in followup.CONTENT_TYPES:
        raise Http404
    try:
        filters = _follow_up_filters(request)
        found = followup.items(filters)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        followup.render(found, fmt, query=filters.as_dict()), content_type=followup.CONTENT_TYPES[fmt]
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="irm-follow-up-{stamp}.{fmt}"'
    return response
