"""The JSON API under /api/v1/, OpenAPI at /api/v1/docs (and /api/docs).

Each app contributes a router from its own `api.py`; domain errors are mapped here, in one place.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from irm.core.exceptions import DomainError

api = NinjaAPI(
    title="irm — UNCAC Implementation Review Mechanism",
    version="1",
    description="Parties, the Convention, review cycles, reviews and their outcomes.",
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"error": exc.message, "code": exc.code, **exc.details}, status=exc.status
    )


def _mount() -> None:
    from irm.parties.api import router as parties_router

    api.add_router("/parties", parties_router, tags=["parties"])


_mount()
