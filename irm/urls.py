from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from irm.api import api, unknown_address
from irm.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/openapi.json", RedirectView.as_view(url="/api/v1/openapi.json", permanent=False)),
    re_path(r"^api/", unknown_address),  # anything else under /api/: a JSON 404
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("irm.accounts.urls")),
    path("lots/", include("irm.lots.urls")),
    path("reviews/", include("irm.reviews.urls")),
    path("checklists/", include("irm.checklists.urls")),
    path("findings/", include("irm.findings.urls")),
    path("analysis/", include("irm.analysis.urls")),
    path("assistance/", include("irm.assistance.urls")),
    path("analytics/", include("irm.analytics.urls")),
    path("finance/", include("irm.finance.urls")),
    path("meetings/", include("irm.meetings.urls")),
    path("public/", include("irm.public.urls")),
    path("themes/", include("irm.themes.urls")),
    path("follow-up/", include("irm.followup.urls")),
    path("directory/", include("irm.directory.urls")),
    path("search/", include("irm.sitesearch.urls")),
    path("library/", include("irm.library.urls")),
    path("documents/", include("irm.documents.urls")),
    path("audit/", include("irm.web.audit")),
    path("", include("irm.web.urls")),
]

# No media route, whatever IRM_DEBUG says: uploaded files are served only by views that check
# permissions (`irm.core.uploads.attachment_response`).

__all__ = ["i18n_patterns", "urlpatterns"]
