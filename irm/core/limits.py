"""Bounds on what one request may ask of the platform (issue 14 §2).

- Parameters: document generation accepts only the six UN languages (or the subset a document
  exists in) and the formats it knows (`language_param`, `format_param`); anything else is a
  400 `{error, code: "bad_request"}` on the API and a 400 page that says what to send.
- Query strings: a value longer than `MAX_PARAMETER` characters, or a query string longer than
  `MAX_QUERY`, is a 400 before any view runs (`BoundedQueryMiddleware`): never a 500.
- Rate limits: expensive endpoints (document generation) are limited per client — the user when
  logged in, else the address — with django-ratelimit on Django's cache (`rate_limited`); over the
  limit: 429 with `Retry-After`. Settings: `IRM_RATE_LIMITS = {"documents": "30/m"}` (a rate per
  group; None switches a group off). The limit is counted in the "default" cache: with several
  server processes, point it to a shared cache (Redis: `IRM_CACHE_URL`) or it counts per process.
- Generated documents are cached per content version (`cached_render`): the key is a hash of the
  data the document is rendered from, so repeating a request renders nothing new, and any change
  of the data makes a new key.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from irm.core.errors import error_json
from irm.core.exceptions import DomainError
from irm.core.i18n import LANGUAGE_NAMES, SUFFIXES

MAX_PARAMETER = 1_000
MAX_QUERY = 8_000
DEFAULT_RATES: dict[str, str | None] = {"documents": "30/m"}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class BadRequest(DomainError):
    """A request the platform does not serve (unknown language or format, over-long value): 400."""

    code = "bad_request"
    status = 400


# --- parameters ----------------------------------------------------------------------------------------


def language_param(value: str | None, *, allowed: Collection[str] = SUFFIXES, default: str = "en") -> str:
    """One of the allowed language codes (default when absent); else BadRequest naming them."""
    if value in (None, ""):
        return default
    if value not in allowed:
        names = ", ".join(f"{code} ({LANGUAGE_NAMES.get(code, code)})" for code in allowed)
        raise BadRequest(
            _("Unknown language %(value)s: use one of %(names)s.")
            % {"value": repr(value[:20]), "names": names},
            details={"field": "language"},
        )
    return value


def format_param(value: str | None, *, allowed: Collection[str], default: str) -> str:
    if value in (None, ""):
        return default
    if value not in allowed:
        raise BadRequest(
            _("Unknown format %(value)s: use one of %(formats)s.")
            % {"value": repr(value[:20]), "formats": ", ".join(allowed)},
            details={"field": "format"},
        )
    return value


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """The 400 answer: `{error, code}` on the API, a page saying what was wrong elsewhere."""
    if is_api(request):
        return error_json(exc)
    return render(request, "core/bad_request.html", {"message": exc.message}, status=400)


class BoundedQueryMiddleware:
    """Refuses over-long query strings and values (400) before a view can turn them into a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        too_long = len(query) > MAX_QUERY or any(
            len(v) > MAX_PARAMETER for values in request.GET.lists() for v in values[1]
        )
        if too_long:
            return bad_request(
                request,
                BadRequest(
                    _("A value in the address is longer than %(limit)d characters.")
                    % {"limit": MAX_PARAMETER},
                    code="too_long",
                ),
            )
        return self.get_response(request)


# --- rate limits ------------------------------------------------------------------------------------------


def rate_for(group: str) -> str | None:
    rates: dict[str, str | None] = {**DEFAULT_RATES, **(getattr(settings, "IRM_RATE_LIMITS", {}) or {})}
    return rates.get(group)


def _client(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def too_many_requests(request: HttpRequest, rate: str) -> HttpResponse:
    period = PERIODS.get(rate.rsplit("/", 1)[-1][-1:], 60)
    message = _("Too many requests: wait %(seconds)d seconds and try again.") % {"seconds": period}
    if is_api(request):
        response: HttpResponse = JsonResponse({"error": message, "code": "rate_limited"}, status=429)
    else:
        response = render(request, "core/rate_limited.html", {"message": message}, status=429)
    response["Retry-After"] = str(period)
    return response


def answers_bad_requests[View: Callable[..., Any]](view: View) -> View:
    """A view whose BadRequest (unknown language or format…) becomes the 400 answer, not a 500."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return bad_request(request, exc)

    return wrapped  # type: ignore[return-value]


def rate_limited(group: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit a view (page or API endpoint) per client; over the limit the view does not run (429).

    The view's BadRequest is answered with 400 as well (`answers_bad_requests`).
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        checked = answers_bad_requests(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            from django_ratelimit.core import is_ratelimited

            rate = rate_for(group)
            if rate and is_ratelimited(request, group=f"irm.{group}", key=_client, rate=rate, increment=True):
                return too_many_requests(request, rate)
            return checked(request, *args, **kwargs)

        _keep_signature(wrapped, view)
        return wrapped

    return decorate


def _keep_signature(wrapped: Callable[..., Any], view: Callable[..., Any]) -> None:
    """An API endpoint's parameters are read from its signature (django-ninja), whose string annotations
    would be looked up in this module's names: give the wrapper the view's, already resolved."""
    with contextlib.suppress(NameError):  # an annotation only for type checkers: ninja needs none of those
        wrapped.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]


# --- documents cached per content version -------------------------------------------------------------


def _documents_cache() -> Any:
    try:
        return caches["documents"]
    except InvalidCacheBackendError:
        return caches["default"]


def content_key(kind: str, content: Any) -> str:
    """A key that changes whenever the data a document is rendered from changes."""
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
    return f"irm:document:{kind}:{digest}"


def cached_render[Output: (bytes, str)](
    kind: str, content: Any, render_document: Callable[[], Output]
) -> Output:
    """The document rendered from `content`, rendered once per content version (kept a week)."""
    cache = _documents_cache()
    key = content_key(kind, content)
    found = cache.get(key)
    if found is None:
        found = render_document()
        cache.set(key, found, timeout=7 * 86400)
    return found  # type: ignore[no-any-return]  # the cache returns Any
