"""Two-factor authentication and idle expiry of the sessions that must use it.

A user who turned TOTP on passes the second step before anything else in the session; a user who
must use it (the secretariat, `roles.requires_totp`) and has not set it up yet is sent to set it up
first. The secretariat's sessions end after `settings.SECRETARIAT_IDLE_SECONDS` without a request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from irm.accounts.roles import requires_totp

#: Session key set once the second factor was checked (or set up) in this session.
OTP_VERIFIED = "irm_otp_verified"
#: Session key: when the session last made a request (seconds since the epoch), for idle expiry.
LAST_SEEN = "irm_last_seen"
#: The idle clock is written at most this often (a page view must not write the session every time).
SEEN_EVERY = 300
#: What a session may reach before its second step: logging in and out, the step itself, setting it
#: up, and password reset (which logs nobody in). Everything else — the profile, recovery codes,
#: password change, tokens — waits for the second factor. The API authenticates on its own (`api_auth`).
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/accounts/two-factor/set-up/",
    "/accounts/password-reset/",
    "/accounts/reset/",
    "/static/",
    "/i18n/",
    "/api/",
    "/healthz",
)


def second_factor_passed(request: HttpRequest) -> bool:
    """True when the session's user needs no second step, or passed it in this session."""
    user = request.user
    if request.session.get(OTP_VERIFIED):
        return True
    return not getattr(user, "totp_enabled", False) and not requires_totp(user)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if requires_totp(user) and self._idle_too_long(request):
            logout(request)
            messages.info(request, _("You were logged out after a long time without activity."))
            return redirect_to_login(request)
        if not second_factor_passed(request) and not request.path.startswith(EXEMPT_PREFIXES):
            target = "otp-verify" if user.totp_enabled else "totp-enrol"
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request: HttpRequest) -> bool:
        now = int(time.time())
        seen = request.session.get(LAST_SEEN)
        if seen is not None and now - seen > settings.SECRETARIAT_IDLE_SECONDS:
            return True
        if seen is None or now - seen > SEEN_EVERY:
            request.session[LAST_SEEN] = now
            request.session.set_expiry(settings.SECRETARIAT_IDLE_SECONDS)
        return False


def redirect_to_login(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
