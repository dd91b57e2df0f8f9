"""The audit-trail browser (secretariat only): a filtered, paginated list of `core.AuditEvent`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from irm.web import permissions


def event_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_browse_audit(request.user):
        raise Http404
    events = permissions.audit_events_visible_to(request.user).order_by("-seq")
    filters = {
        key: request.GET.get(key, "").strip() for key in ("action", "object_type", "actor", "object_id")
    }
    if filters["action"]:
        events = events.filter(action__icontains=filters["action"])
    if filters["object_type"]:
        events = events.filter(object_type=filters["object_type"])
    if filters["actor"]:
        events = events.filter(actor_label__icontains=filters["actor"])
    if filters["object_id"]:
        events = events.filter(object_id=filters["object_id"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    object_types = (
        permissions.audit_events_visible_to(request.user).values_list("object_type", flat=True).distinct()
    )
    return render(
        request,
        "web/audit_events.html",
        {"page": page, "filters": filters, "object_types": sorted(set(object_types))},
    )


#: Mounted at /audit/ by irm/urls.py under the `audit` namespace.
app_name = "audit"
urlpatterns = [path("", event_list, name="events")]
