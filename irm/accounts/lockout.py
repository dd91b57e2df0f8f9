"""Login throttling with django-axes: what counts as one account, and the page a locked login gets.

Axes counts failures per username and per client address separately (`AXES_LOCKOUT_PARAMETERS`):
after `AXES_FAILURE_LIMIT` failures in a row either is refused for `AXES_COOLOFF_TIME`, even with the
right password; a success resets the count. `irm accounts unlock USERNAME` lifts a lock early.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """One name per account however it is typed: case folded, an e-mail turned into its username.
    Otherwise `FP-Kenya`, `fp-kenya` and the e-mail address would each get their own ten tries."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    name = str(raw).strip().lower()[:150]
    if "@" in name:
        users = get_user_model()._default_manager
        username = users.filter(email__iexact=name).values_list("username", flat=True).first()
        if username:
            return str(username).lower()
    return name


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """HTTP 429 with the login page's look, saying in the interface language that logins are paused."""
    return render(request, "accounts/locked_out.html", status=429)


def client_address(request: HttpRequest) -> str:
    """The connection's address, or behind `settings.PROXY_COUNT` proxies the address the outermost
    of them received the request from (the rightmost entries of X-Forwarded-For are the proxies' own
    additions; anything left of them is whatever the client chose to send)."""
    from django.conf import settings

    remote = str(request.META.get("REMOTE_ADDR") or "")
    if settings.PROXY_COUNT <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    return hops[-settings.PROXY_COUNT] if len(hops) >= settings.PROXY_COUNT else remote
