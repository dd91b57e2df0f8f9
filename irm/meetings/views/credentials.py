"""Credentials: a delegation's submission, the bureau's examination and its report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.limits import rate_limited
from irm.core.uploads import attachment_response
from irm.meetings import exports, forms, permissions, selectors, services
from irm.meetings.models import Credential
from irm.meetings.views.base import domain_errors, ensure_own_delegation, own_delegation, visible_session


@login_required
def credentials(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    can_manage = permissions.can_manage(request.user)
    own = own_delegation(request, session)
    if not permissions.can_view_credentials(request.user):
        raise Http404
    visible = permissions.credentials_visible_to(request.user).filter(delegation__session=session)
    overview = selectors.credentials_overview(session) if can_manage else None
    context = {
        "session": session,
        "credentials": visible.select_related("delegation__state").order_by("delegation__state__name_en"),
        "overview_counts": selectors.credential_counts(overview) if overview else None,
        "report": getattr(session, "credentials_report", None) if can_manage else None,
        "own": own,
        "own_status": selectors.credentials_status(own) if own else None,
        "form": forms.CredentialForm(),
        "can_manage": can_manage,
    }
    return render(request, "meetings/credentials.html", context)


@login_required
@require_POST
@domain_errors
def submit_credentials(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.CredentialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the credentials form."))
        return redirect("meetings:credentials", slug=slug)
    delegation = ensure_own_delegation(request, session)
    credential = services.submit_credentials(actor=request.user, delegation=delegation, **form.cleaned_data)
    if credential.late:
        messages.warning(
            request, _("Received less than 24 hours before the opening; the bureau is informed.")
        )
    messages.success(
        request, _("Credentials received. You participate provisionally until the bureau decides.")
    )
    return redirect("meetings:credentials", slug=slug)


@login_required
@require_POST
@domain_errors
def examine_credentials(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    credential = Credential.objects.filter(delegation__session=session, pk=pk).first()
    if credential is None or not permissions.can_manage(request.user):
        raise Http404
    services.examine_credentials(
        actor=request.user,
        credential=credential,
        accept=request.POST.get("accept") == "1",
        note=request.POST.get("note", ""),
    )
    return redirect("meetings:credentials", slug=slug)


@login_required
@require_POST
@domain_errors
def credentials_report(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    if request.POST.get("action") == "adopt":
        services.adopt_credentials_report(actor=request.user, session=session)
    else:
        services.generate_credentials_report(actor=request.user, session=session)
    return redirect("meetings:credentials", slug=slug)


@login_required
@rate_limited("documents")
def credentials_report_docx(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    report = getattr(session, "credentials_report", None)
    if report is None or not permissions.can_manage(request.user):
        raise Http404
    response = HttpResponse(
        exports.credentials_report_docx(report.data, session.title_en),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="credentials-{session.slug}.docx"'
    return response


@login_required
def credentials_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The scanned credentials: to the delegation's State and the secretariat only."""
    credential = (
        permissions.credentials_visible_to(request.user).filter(delegation__session__slug=slug, pk=pk).first()
    )
    if credential is None or not credential.file:
        raise Http404
    extension = (credential.file.name or ".pdf").rsplit(".", 1)[-1]
    return attachment_response(
        credential.file.open("rb"), filename=f"credentials-{slug}-{pk}.{extension}", file_type=extension
    )
