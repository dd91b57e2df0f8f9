"""Who is calling the API: a bearer token, or the browser session (with its CSRF token for writes).

Public endpoints answer anonymous callers too, so authentication resolves `request.user` here and
each endpoint asks the app's permissions, exactly like the pages do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware

from irm.accounts.middleware import OTP_VERIFIED
from irm.accounts.tokens import user_for_token

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
            user = user_for_token(key.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                return JsonResponse(
                    {"error": "The API token is missing, unknown or revoked.", "code": "invalid_token"},
                    status=401,
                )
            request.user = user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if getattr(user, "totp_enabled", False) and not request.session.get(OTP_VERIFIED):
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
