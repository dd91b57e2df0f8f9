"""Who is calling the API: a bearer token, or the browser session (with its CSRF token for writes).

Public endpoints answer anonymous callers too, so authentication resolves `request.user` here and
each endpoint asks the app's permissions, exactly like the pages do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware

from irm.accounts.middleware import second_factor_passed
from irm.accounts.tokens import live_token, note_use

API_PREFIX = "/api/"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _csrf_passes(request: HttpRequest) -> bool:
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, lambda r: HttpResponse(), (), {}) is None


class ApiAuthenticationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, key = header.partition(" ")
            token = live_token(key.strip()) if scheme.lower() == "bearer" else None
            if token is None:
                return JsonResponse(
                    {
                        "error": "The API token is missing, unknown, expired or revoked.",
                        "code": "invalid_token",
                    },
                    status=401,
                )
            request.user = token.user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
            response = self.get_response(request)
            note_use(token)  # after the endpoint's work, at most hourly, never failing the request
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not second_factor_passed(request):
                request.user = AnonymousUser()  # second factor not passed: the session is not trusted yet
            elif request.method not in SAFE_METHODS and not _csrf_passes(request):
                return JsonResponse(
                    {
                        "error": "CSRF check failed: send the X-CSRFToken header with the session.",
                        "code": "csrf_failed",
                    },
                    status=403,
                )
        return self.get_response(request)
