"""`GET /healthz`: the database's state and the age of the worker's last heartbeat (irm.core.health)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from irm.core.health import health


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 with the report when all is well; 503 when the database is down or the heartbeat stale."""
    healthy, report = health()
    return JsonResponse(report, status=200 if healthy else 503)
