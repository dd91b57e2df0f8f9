"""`Cache-Control: no-store` on every answer that can show confidential material (issue 14 §11).

Confidential material (checklists, draft findings, the confidential pages of reviews, accounts, the
audit trail, finance details) is only ever shown to a logged-in user or a bearer token, so every answer
to one is marked `no-store`: no browser, proxy or shared computer keeps a copy. Views that must not be
stored whoever asks are marked with `@confidential`. Anonymous answers of public pages stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

CONFIDENTIAL = "irm_confidential"
PUBLIC_PAGE = "irm_public_page"


def confidential[V: Callable[..., Any]](view: V) -> V:
    """Mark a view whose answers are never stored, whoever asks."""
    setattr(view, CONFIDENTIAL, True)
    return view


def public_page[V: Callable[..., Any]](view: V) -> V:
    """Mark a public page whose 404 means "there is no such thing", never "log in to see it" (the
    parties, cycles, the draw, public statistics, feeds opened by a token): `LoginToSeeMiddleware`
    leaves its 404 alone."""
    setattr(view, PUBLIC_PAGE, True)
    return view


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(request, CONFIDENTIAL, False) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private, max-age=0
            patch_vary_headers(response, ["Cookie"])
        return response

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        if getattr(view, CONFIDENTIAL, False) or getattr(
            getattr(view, "view_class", None), CONFIDENTIAL, False
        ):
            setattr(request, CONFIDENTIAL, True)
        return None


class LoginToSeeMiddleware:
    """A link opened while logged out leads to the login page and back (issue 17 §9).

    An anonymous page request (a GET accepting text/html) that a view refuses (404 or 403: it shows nothing confidential, not even whether
    the object exists) is answered with the login page whose `next` is the link; `core.http.safe_next`
    checks it there. The API answers JSON, htmx fragments, the public record and the pages marked
    `@public_page` keep their 404, and an address no route knows is still a 404.
    """

    SKIP_PREFIXES = ("/api/", "/public/", "/static/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        if getattr(view, PUBLIC_PAGE, False):
            setattr(request, PUBLIC_PAGE, True)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated or request.method not in ("GET", "HEAD"):
            return None
        if getattr(request, PUBLIC_PAGE, False) or request.headers.get("HX-Request"):
            return None
        if "text/html" not in request.headers.get("Accept", ""):
            return None  # a browser opening a link asks for a page; images, feeds and scripts keep their 404
        if request.path.startswith(self.SKIP_PREFIXES):
            return None
        return redirect_to_login(request.get_full_path())
