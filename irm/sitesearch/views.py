"""The signed-in search page: thin — parse, ask the selector (which asks each app's permissions), render."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from irm.search.text import MAX_QUERY_CHARS
from irm.sitesearch import permissions, selectors


@never_cache
def search(request: HttpRequest) -> HttpResponse:
    if not permissions.can_search(request.user):
        return redirect_to_login(request.get_full_path())
    q = request.GET.get("q", "")[:MAX_QUERY_CHARS].strip()
    kind = request.GET.get("kind") or None
    if kind not in selectors.FINDERS:
        kind = None
    try:
        page = max(1, min(int(request.GET.get("page", "1")), selectors.LIMIT // selectors.PER_PAGE))
    except ValueError:
        page = 1
    results = selectors.search(request.user, q, kind=kind, page=page) if q else []
    return render(
        request,
        "sitesearch/search.html",
        {"q": q, "kind": kind, "page": page, "results": results, "per_page": selectors.PER_PAGE},
    )
