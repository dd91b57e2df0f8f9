"""The JSON API under /api/v1/, OpenAPI at /api/v1/docs (and /api/docs).

Each app contributes a router from its own `api.py`; domain errors are mapped here, in one place.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from irm.core.exceptions import DomainError


class IrmAPI(NinjaAPI):
    """Declares the two ways to authenticate in the schema; every endpoint also answers anonymously
    with what the public may see (see irm/accounts/api_auth.py)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {})["securitySchemes"] = {
            "token": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal token: `irm token create USER`.",
            },
            "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
        }
        schema["security"] = [{}, {"token": []}, {"session": []}]
        return schema


api = IrmAPI(
    title="irm — UNCAC Implementation Review Mechanism",
    version="1",
    description=(
        "Parties, the Convention, review cycles, reviews and their outcomes. Anonymous callers see what the "
        "public may see; authenticate with a bearer token or the browser session (send X-CSRFToken for writes). "
        'Errors are `{"error": ..., "code": ...}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"error": exc.message, "code": exc.code, **exc.details}, status=exc.status
    )


def _mount() -> None:
    from irm.accounts.api import router as accounts_router
    from irm.convention.api import router as convention_router
    from irm.cycles.api import router as cycles_router
    from irm.parties.api import router as parties_router

    api.add_router("/parties", parties_router, tags=["parties"])
    api.add_router("/findings", "irm.findings.api.router", tags=["findings"])
    api.add_router("/convention", convention_router, tags=["convention"])
    api.add_router("/cycles", cycles_router, tags=["cycles"])
    api.add_router("/accounts", accounts_router, tags=["accounts"])
    api.add_router("/lots", "irm.lots.api.router", tags=["lots"])
    api.add_router("/reviews", "irm.reviews.api.router", tags=["reviews"])
    api.add_router("/finance", "irm.finance.api.router", tags=["finance"])
    api.add_router("/meetings", "irm.meetings.api.router", tags=["meetings"])
    api.add_router("/checklists", "irm.checklists.api.router", tags=["checklists"])
    api.add_router("/analysis", "irm.analysis.api.router", tags=["analysis"])
    api.add_router("/documents", "irm.documents.api.router", tags=["documents"])


_mount()
