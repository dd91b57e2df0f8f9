"""`Cache-Control: no-store` on every answer that can show confidential material (issue 14 §11).

Confidential material (checklists, draft findings, the confidential pages of reviews, accounts, the
audit trail, finance details) is only ever shown to a logged-in user or a bearer token, so every answer
to one is marked `no-store`: no browser, proxy or shared computer keeps a copy. Views that must not be
stored whoever asks are marked with `@confidential`. Anonymous answers of public pages stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

CONFIDENTIAL = "irm_confidential"


def confidential[V: Callable[..., Any]](view: V) -> V:
    """Mark a view whose answers are never stored, whoever asks."""
    setattr(view, CONFIDENTIAL, True)
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
