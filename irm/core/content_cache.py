"""What is cached per content version (issue 18 §5): anonymous answers of public pages and API lists,
and figures every permitted reader sees alike.

The content version (`irm.core.audit.content_version`) is the hash of the newest shared audit event,
moved in the same transaction as every change: a cache keyed on it is never read stale after a write.

**Public answers.** Half of what the platform serves is the public's: the parties, a review, the findings database, the
reviews API. They show the same thing to everyone not signed in, and change only when data changes. A
view marked `@cached_for_public` answers an anonymous GET from the "public" cache (per process, in
memory) when the key matches, else renders it and keeps it. The key holds:

- the content version;
- what else the view says it depends on (`vary`: the search index's generation for the findings
  database, which the worker rewrites after the commit of a change);
- the day (pages count days: deadlines, parties at a date), the language, the scheme and host (a
  permalink shows it) and the full path with its query string;
- an entry expires after `SECONDS` anyway, a bound on anything a view reads that no event covers.

Never cached: a signed-in user (or a bearer token), a request carrying a session (it may hold messages
to show) or a messages cookie, anything but a 200, an answer that sets a cookie or used the CSP nonce.
The CSRF token of the page's forms (the language switcher) is personal: it is taken out of the stored
copy and each client's own token put back in when it is served.

**Figures.** `per_content_version(kind, parts, compute)` keeps what `compute()` returns under the
content version, the day and `parts` (the parameters): for a report that is the same for everyone
allowed to see it (the finance figures, the secretariat's needs analysis). The page around it is still
rendered for its user after the permission check; nothing of one user's is kept for another.

**Reference rows.** `shared_per_content_version(kind, parts, compute)` keeps the very object in this
process (no copy) while the content version stays: for rows many requests read and none changes (a
cycle's checklist questions); readers must not change what it returns.

`settings.IRM_CONTENT_CACHE` switches all three off (off under the tests but those that test it: a test that
writes rows without a service would otherwise read what was cached before its write).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils import timezone, translation

from irm.core.audit import content_version

#: The cache of `settings.CACHES` that holds the answers and figures (per process memory).
CACHE = "public"
#: At most this long, whatever the version says.
SECONDS = 300
#: Stands for the client's CSRF token in a stored answer.
TOKEN_MARK = b"\x00irm-csrf-token\x00"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Vary", "X-Robots-Tag")


def enabled() -> bool:
    return bool(getattr(settings, "IRM_CONTENT_CACHE", True))


def _anonymous(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "Authorization" in request.headers:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request: HttpRequest, vary: Callable[[HttpRequest], Hashable] | None) -> str:
    parts = (
        content_version(),
        vary(request) if vary is not None else None,
        timezone.localdate().isoformat(),
        translation.get_language(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    )
    return "irm:public:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _without_token(request: HttpRequest, content: bytes) -> bytes | None:
    """The content with every CSRF token of this client replaced by the mark; None when it cannot be
    stored (it shows a token in some other form, or holds the mark already)."""
    if TOKEN_MARK in content:
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    for token in set(_TOKEN.findall(content)):
        if _unmask_cipher_token(token.decode()) == secret:
            content = content.replace(token, TOKEN_MARK)
    return None if secret.encode() in content else content


def _storable(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if getattr(request, "_csp_nonce", None):  # the page used the nonce: it is new each time
        return None
    content = _without_token(request, response.content)
    if content is None:
        return None
    headers = [(name, response[name]) for name in _KEPT_HEADERS if name in response]
    return {"content": content, "headers": headers, "token": TOKEN_MARK in content}


def _answer(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content = stored["content"]
    if stored["token"]:
        content = content.replace(TOKEN_MARK, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in stored["headers"]:
        response[name] = value
    return response


def cached_for_public[V: Callable[..., Any]](
    view: V | None = None, *, vary: Callable[[HttpRequest], Hashable] | None = None
) -> Any:
    """Mark a view whose anonymous answers are cached per content version (see the module)."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not enabled() or not _anonymous(request):
                return view(request, *args, **kwargs)
            cache = caches[CACHE]
            key = _key(request, vary)
            stored = cache.get(key)
            if stored is not None:
                return _answer(request, stored)
            response = view(request, *args, **kwargs)
            kept = _storable(request, response)
            if kept is not None:
                cache.set(key, kept, SECONDS)
            return response

        return wrapped  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate


def per_content_version[T](kind: str, parts: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept per content version, day and `parts` (see the module); `compute` must return
    the same for every reader it is asked for, and a value that pickles."""
    if not enabled():
        return compute()
    cache = caches[CACHE]
    key = (
        f"irm:figures:{kind}:"
        + hashlib.sha256(
            repr((content_version(), timezone.localdate().isoformat(), parts)).encode()
        ).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SECONDS)
    return found  # type: ignore[no-any-return]  # the cache returns Any


_shared: dict[tuple[str, Hashable], tuple[str, Any]] = {}
#: Kinds × parameters kept by `shared_per_content_version` before the oldest are dropped.
SHARED_ENTRIES = 256


def shared_per_content_version[T](kind: str, parts: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, the same object for every request of this process while the content version stays
    (see the module): the caller must not change it."""
    if not enabled():
        return compute()
    version = content_version()
    found = _shared.get((kind, parts))
    if found is not None and found[0] == version:
        return found[1]  # type: ignore[no-any-return]
    value = compute()
    if len(_shared) >= SHARED_ENTRIES:
        _shared.pop(next(iter(_shared)), None)
    _shared[(kind, parts)] = (version, value)
    return value


def forget() -> None:
    """Empty every cache of this module (tests)."""
    caches[CACHE].clear()
    _shared.clear()
