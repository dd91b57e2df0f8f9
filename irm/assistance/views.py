"""Pages of the technical-assistance register. Thin: parse, ask permissions and selectors, call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.accounts.models import Role
from irm.accounts.roles import state_ids
from irm.assistance import charts, imports, permissions, selectors, services
from irm.assistance.forms import ActivityForm, ImportForm, ReportForm
from irm.assistance.models import Activity, ActivityStatus, NeedStatus
from irm.core.errors import flash_error, form_error, row_lines
from irm.core.exceptions import DomainError
from irm.core.limits import rate_limited
from irm.core.tabular import SheetOut, write_csv, write_xlsx
from irm.core.uploads import hold, take_held, upload_bytes
from irm.findings.models import Finding
from irm.parties import selectors as party_selectors
from irm.parties.models import State

STATUS_LABELS = dict(NeedStatus.choices)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_register(request.user):
        raise Http404
    state = (
        party_selectors.state_by_iso3(request.GET.get("state", "")[:3].upper())
        if request.GET.get("state")
        else None
    )
    status = request.GET.get("status", "")
    status = status if status in ActivityStatus.values else ""
    activities = selectors.activities_for(permissions.visible_to(request.user), state=state, status=status)
    return render(
        request,
        "assistance/register.html",
        {
            "activities": activities[:500],
            "state": state,
            "status": status,
            "statuses": ActivityStatus.choices,
            "can_record": permissions.can_record(request.user),
            "can_import": permissions.can_import(request.user),
        },
    )


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        permissions.visible_to(request.user).select_related("beneficiary", "provider_state"), pk=pk
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    today = timezone.localdate()
    visible = permissions.needs_visible_to(request.user)
    needs = [
        (link, STATUS_LABELS[selectors.status_of_need(link.need, today)])
        for link in activity.links.select_related("need__review").filter(need__in=visible)
    ]
    return render(
        request,
        "assistance/detail.html",
        {
            "activity": activity,
            "needs": needs,
            "hidden_needs": activity.links.exclude(need__in=visible).count(),
            "funding": permissions.can_view_funding(request.user, activity),
            "can_edit": permissions.can_edit(request.user, activity),
            "can_validate": permissions.can_validate(request.user, activity) and not activity.is_validated,
        },
    )


def _needs_for(request: HttpRequest, beneficiary: State | None) -> QuerySet[Finding]:
    if beneficiary is None:
        own = state_ids(request.user, Role.FOCAL_POINT)
        if len(own) != 1:
            return Finding.objects.none()
        return permissions.needs_visible_to(request.user).filter(review__state_id__in=own)
    return permissions.needs_visible_to(request.user).filter(review__state=beneficiary)


def _beneficiary(request: HttpRequest, activity: Activity | None) -> State | None:
    code = request.POST.get("beneficiary") or ""
    if code.isdigit():
        return State.objects.filter(pk=int(code)).first()
    iso3 = request.GET.get("beneficiary", "")[:3].upper()
    if iso3:
        return party_selectors.state_by_iso3(iso3)
    return activity.beneficiary if activity else None


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    activity = _activity(request, pk) if pk else None
    if activity is None and not permissions.can_record(request.user):
        raise Http404
    if activity is not None and not permissions.can_edit(request.user, activity):
        raise Http404
    needs = _needs_for(request, _beneficiary(request, activity))
    initial: dict[str, Any] = ActivityForm.initial_of(activity) if activity else {}
    if activity is None:
        own = state_ids(request.user, Role.FOCAL_POINT)
        beneficiary = _beneficiary(request, None)
        if beneficiary is not None or len(own) == 1:
            initial["beneficiary"] = beneficiary or State.objects.get(pk=next(iter(own)))
    form = ActivityForm(request.POST or None, initial=initial, needs=needs)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                saved = services.record_activity(actor=request.user, data=form.to_input())
            else:
                saved = services.update_activity(
                    actor=request.user,
                    activity=activity,
                    data=form.to_input(),
                    version=form.cleaned_data["version"] or 0,
                )
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            messages.success(request, _("The activity was saved; the secretariat validates it."))
            return redirect("assistance:detail", pk=saved.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "assistance/form.html", {"form": form, "activity": activity}, status=status)


@login_required
@require_POST
def validate(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    if not permissions.can_validate(request.user, activity):
        raise Http404
    try:
        services.validate_activity(actor=request.user, activity=activity)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The activity is validated."))
    return redirect("assistance:detail", pk=pk)


def _report(request: HttpRequest) -> tuple[ReportForm, dict[str, Any]]:
    form = ReportForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    as_of = data.get("as_of") or timezone.localdate()
    doc = selectors.report(
        cycle=data.get("cycle"),
        as_of=as_of,
        scope=permissions.review_scope(request.user),
        funding=permissions.sees_all_funding(request.user),
    )
    return form, doc


def report(request: HttpRequest) -> HttpResponse:
    form, doc = _report(request)
    return render(
        request,
        "assistance/report.html",
        {
            "form": form,
            "doc": doc,
            "query": request.GET.urlencode(),
            "published_only": not permissions.sees_all_funding(request.user),
        },
    )


TABLES = {
    "state": ("by_state", ["state", "name", "region", "needs", "met", "partly_met", "unmet"]),
    "region": ("by_region", ["region", "label", "needs", "met", "partly_met", "unmet"]),
    "category": ("by_category", ["cycle", "category", "name", "needs", "met", "partly_met", "unmet"]),
    "article": ("by_article", ["article", "needs", "met", "partly_met", "unmet"]),
    "provider": (
        "by_provider",
        ["provider", "kind", "label", "activities", "delivered", "needs_met", "needs_partly_met"],
    ),
    "over_time": ("over_time", ["year", "identified", "met", "partly_met"]),
}


@rate_limited("documents")
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, doc = _report(request)
    name = f"assistance-{doc['as_of']}"
    if fmt == "csv":
        table = request.GET.get("table", "state")
        if table not in TABLES:
            raise Http404
        key, columns = TABLES[table]
        content: str | bytes = write_csv(
            columns, ([row.get(c, "") for c in columns] for row in doc[key]), bom=True
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{table}.csv"'
        return response
    sheets = [
        SheetOut(
            "summary",
            ["needs", "met", "partly_met", "unmet", "as_of"],
            [[doc["needs"], doc["met"], doc["partly_met"], doc["unmet"], doc["as_of"]]],
        ),
        *(
            SheetOut(
                table, columns, ([row.get(c, "") for c in columns] for row in doc[key]), freeze_header=True
            )
            for table, (key, columns) in TABLES.items()
        ),
    ]
    response = HttpResponse(
        write_xlsx(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@rate_limited("documents")
def chart(request: HttpRequest, name: str) -> HttpResponse:
    _form, doc = _report(request)
    if name == "over-time":
        svg = charts.over_time(doc)
    elif name == "categories":
        svg = charts.by_category(doc)
    else:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Step 1: the file is checked whole; the preview lists what would be created (nothing is written)."""
    if not permissions.can_import(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload_bytes(upload, kind="import")
        filename = upload.name or "activities.csv"
        try:
            result = imports.import_activities(
                actor=request.user, content=content, filename=filename, dry_run=True
            )
        except DomainError as exc:
            status = form_error(form, exc, field="file")
            context["row_errors"] = row_lines(exc)
        else:
            suffix = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
            request.session["assistance-import"] = [hold(content, suffix=suffix), filename, suffix]
            context["preview"] = result
            context["preview_rows"] = [(n, d, ActivityStatus(d.status).label) for n, d in result.rows]
    return render(request, "assistance/import.html", context, status=status)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the previewed file is imported, all or nothing."""
    if not permissions.can_import(request.user):
        raise Http404
    token, filename, suffix = request.session.pop("assistance-import", None) or ("", "", "csv")
    content = take_held(token, suffix=suffix) if token else None
    if content is None:
        messages.error(request, _("This upload expired; upload the file again."))
        return redirect("assistance:import")
    try:
        result = imports.import_activities(actor=request.user, content=content, filename=filename)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("assistance:import")
    messages.success(request, _("%(count)d activities imported.") % {"count": result.created})
    return redirect("assistance:register")
