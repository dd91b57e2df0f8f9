"""Where a page may send the browser next: only to this site (issue 14 §1; ASVS 5.1.5)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, *candidates: str | None, fallback: str) -> str:
    """The first candidate (a `next` field, the Referer…) that points at this site, else `fallback`
    (a URL or a URL name). `//evil.example`, `https://evil.example` and `javascript:` never pass."""
    for candidate in candidates:
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return resolve_url(fallback)
