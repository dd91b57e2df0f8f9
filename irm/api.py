"""The JSON API under /api/v1/, OpenAPI at /api/v1/docs (and /api/docs).

Each app contributes a router from its own `api.py`. This module keeps the API's contract in one place:
every error is `{"error": message, "code": code}` (codes registered in irm/core/errors.py), every operation
documents its error answers, and input the database cannot store (a NUL character) is refused before
any view runs.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_plus

from django.core import signals
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLPattern, URLResolver, resolve
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from irm.core import errors
from irm.core.exceptions import DomainError

logger = logging.getLogger("django.request")

#: Every operation documents these error answers (the shared `ErrorOut` schema).
ERROR_STATUSES = (400, 401, 403, 404, 422)
#: Operations that change something also document a conflict with the current state.
WRITE_ERROR_STATUSES = (409,)
ERROR_SCHEMA = "ErrorOut"
STATUS_DESCRIPTIONS = {
    400: "Bad request: a value too long (`too_long`), a NUL character (`nul_byte`), an unreadable body",
    401: "Not authenticated, or an unknown or revoked token",
    403: "Not allowed (or the CSRF check failed)",
    404: "Not found, or not visible to you",
    409: "Conflicts with the current state",
    422: "Invalid input (`invalid_input`), or a rule refused it",
}

DESCRIPTION = """\
Parties, the Convention, review cycles, reviews and their outcomes. Anonymous callers see what the
public may see; authenticate with a bearer token (`irm token create USER`) or the browser session (send
`X-CSRFToken` for writes).

**Errors.** Every error answer is a JSON object `{"error": "a sentence for people", "code": "a stable
code for programs"}`, sometimes with more keys (e.g. `errors` per row of a file, `field`). Invalid input
is a 422 with `code` `invalid_input` (the `errors` list names each parameter); a value longer than allowed
is a 400 `too_long`; a NUL character anywhere in the input is a 400 `nul_byte`; what you may not see is a
404; a conflict with the current state (somebody changed it meanwhile, a rule forbids it now) is a 409.
The codes, with their status and meaning, are listed in the description of the `ErrorOut` schema.
"""


def _error_schema() -> dict[str, Any]:
    return {
        "title": "Error",
        "type": "object",
        "required": ["error", "code"],
        "properties": {
            "error": {"type": "string", "description": "What went wrong, for people."},
            "code": {
                "type": "string",
                "enum": list(errors.CODES),
                "description": "Stable and machine-readable.",
            },
        },
        "description": "An error answer. The codes:\n\n" + errors.documented_codes(),
    }


def _document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation answers the shared error schema for 400/401/403/404/422 (and 409 for writes)."""
    ref = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}}}
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA] = _error_schema()
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            statuses: Iterable[int] = ERROR_STATUSES
            if method.lower() != "get":
                statuses = (*ERROR_STATUSES, *WRITE_ERROR_STATUSES)
            responses = operation.setdefault("responses", {})
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": STATUS_DESCRIPTIONS[status], **ref}
    return schema


class IrmAPI(NinjaAPI):
    """Declares the two ways to authenticate and the error answers in the schema; every endpoint also
    answers anonymously with what the public may see (see irm/accounts/api_auth.py)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {})["securitySchemes"] = {
            "token": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal token: `irm token create USER`.",
            },
            "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
        }
        schema["security"] = [{}, {"token": []}, {"session": []}]
        return _document_errors(schema)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = refuse_nul_bytes(pattern.callback)
        return urls


api = IrmAPI(
    title="irm — UNCAC Implementation Review Mechanism",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
)


def error_response(
    request: HttpRequest, code: str, message: str = "", status: int | None = None, **extra: Any
):
    """An error answer for a registered code (its registered status and message unless given)."""
    entry = errors.CODES[code]
    body = {**extra, "error": message or gettext(str(entry.message)), "code": code}
    return api.create_response(request, body, status=status or entry.status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, errors.api_body(exc), status=errors.http_status(exc))


def _where(loc: Iterable[Any]) -> str:
    """("query", "cycle") → "cycle"; ("body", "payload", "reference") → "reference"."""
    source, *parts = [str(p) for p in loc] or [""]
    if source == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or source


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [{"field": _where(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in exc.errors]
    message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    too_long = any(e.get("type") in {"string_too_long", "too_long"} for e in exc.errors)
    code = "too_long" if too_long else "invalid_input"
    return error_response(request, code, message, errors=problems)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (unparsable body, authentication, throttling) in the same shape."""
    if isinstance(exc, Throttled):
        response = error_response(request, "rate_limited")
        if exc.wait:
            response["Retry-After"] = str(exc.wait)
        return response
    if isinstance(exc, AuthenticationError):
        return error_response(request, "not_authenticated", status=exc.status_code)
    code = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found"}
    return error_response(request, code.get(exc.status_code, "bad_request"), str(exc), exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, "not_found")


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An unexpected failure: logged like Django logs it (and re-raised by the test client), answered as JSON."""
    signals.got_request_exception.send(sender=None, request=request)
    logger.error("Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500})
    return error_response(request, "server_error")


def _has_nul(value: Any) -> bool:
    """Whether a NUL character is in a string, or in any key or value of nested lists and dicts."""
    stack = [value]
    while stack:  # a loop, not recursion: a JSON body may nest deeper than Python's recursion limit
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def _json_body(request: HttpRequest) -> Any:
    if "json" not in (request.content_type or "") or not request.body:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):
        return None  # ninja answers 400 for it


def request_has_nul(request: HttpRequest, kwargs: dict[str, Any]) -> bool:
    """A NUL character in the path, the query, a form field or the JSON body (a file may hold any byte)."""
    form = request.method == "POST" and "json" not in (request.content_type or "")
    return (
        _has_nul(request.path)
        or "\x00" in unquote_plus(request.META.get("QUERY_STRING", ""))
        or _has_nul(kwargs)
        or (form and _has_nul(dict(request.POST.lists())))
        or _has_nul(_json_body(request))
    )


def refuse_nul_bytes(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """PostgreSQL cannot store a NUL character (SQLite can): refuse it on both, before the view runs."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request_has_nul(request, kwargs):
            return error_response(request, "nul_byte")
        return view(request, *args, **kwargs)

    return wrapper


def unknown_address(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under /api/ (e.g. a malformed path parameter): a JSON 404, not the HTML page.

    An address that only lacks its trailing slash is redirected, as Django's APPEND_SLASH would.
    """
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_address:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    body = {"error": gettext(str(errors.CODES["not_found"].message)), "code": "not_found"}
    return JsonResponse(body, status=404)


def _mount() -> None:
    from irm.accounts.api import router as accounts_router
    from irm.convention.api import router as convention_router
    from irm.cycles.api import router as cycles_router
    from irm.parties.api import router as parties_router

    api.add_router("/parties", parties_router, tags=["parties"])
    api.add_router("/findings", "irm.findings.api.router", tags=["findings"])
    api.add_router("/convention", convention_router, tags=["convention"])
    api.add_router("/cycles", cycles_router, tags=["cycles"])
    api.add_router("/accounts", accounts_router, tags=["accounts"])
    api.add_router("/lots", "irm.lots.api.router", tags=["lots"])
    api.add_router("/reviews", "irm.reviews.api.router", tags=["reviews"])
    api.add_router("/finance", "irm.finance.api.router", tags=["finance"])
    api.add_router("/meetings", "irm.meetings.api.router", tags=["meetings"])
    api.add_router("/checklists", "irm.checklists.api.router", tags=["checklists"])
    api.add_router("/analysis", "irm.analysis.api.router", tags=["analysis"])
    api.add_router("/assistance", "irm.assistance.api.router", tags=["assistance"])
    api.add_router("/follow-up", "irm.followup.api.router", tags=["follow-up"])
    api.add_router("/public", "irm.public.api.router", tags=["public record"])
    api.add_router("/documents", "irm.documents.api.router", tags=["documents"])
    api.add_router("/library", "irm.library.api.router", tags=["library"])
    api.add_router("/directory", "irm.directory.api.router", tags=["directory"])


_mount()
