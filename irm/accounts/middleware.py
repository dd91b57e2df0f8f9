from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

#: Session key set once the second factor was checked in this session.
OTP_VERIFIED = "irm_otp_verified"
#: What a session may reach before its second step: logging in and out, the step itself, and password
#: reset (which logs nobody in). Everything else — the profile, recovery codes, password change —
#: waits for the second factor. The API authenticates on its own (`api_auth`).
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/accounts/password-reset/",
    "/accounts/reset/",
    "/static/",
    "/i18n/",
    "/api/",
)


class TwoFactorMiddleware:
    """A user who turned on TOTP must pass the second step before anything else in this session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "totp_enabled", False)
            and not request.session.get(OTP_VERIFIED)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            return redirect("otp-verify")
        return self.get_response(request)
