"""Draft resolutions: submission, sponsorship and the flow to adoption."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.exceptions import DomainError
from irm.meetings import forms, permissions, services
from irm.meetings.views.base import domain_errors, ensure_own_delegation, own_state, visible_session
from irm.parties.models import State


def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    drafts = (
        permissions.draft_resolutions_visible_to(request.user)
        .filter(session=session)
        .select_related("submitted_by__state", "document")
        .prefetch_related("sponsors")
    )
    late_seen = {d.pk for d in drafts if d.late and permissions.sees_lateness(request.user, d)}
    return render(
        request,
        "meetings/resolutions.html",
        {
            "session": session,
            "drafts": drafts,
            "late_seen": late_seen,
            "late_notice": services.late_notice(session) if late_seen else "",
            "deadline": services.draft_resolution_deadline(session),
            "form": forms.DraftResolutionForm(),
            "status_form": forms.ResolutionStatusForm(),
            "can_manage": permissions.can_manage(request.user),
            "own_state": own_state(request),
            "is_delegate": bool(permissions.delegate_state_ids(request.user)),
        },
    )


@login_required
@require_POST
@domain_errors
def submit_resolution(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.DraftResolutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("meetings:resolutions", slug=slug)
    codes = [c.strip().upper() for c in form.cleaned_data["sponsors"].split(",") if c.strip()]
    sponsors = list(State.objects.filter(iso3__in=codes))
    delegation = ensure_own_delegation(request, session)
    draft = services.submit_draft_resolution(
        actor=request.user,
        delegation=delegation,
        title=form.cleaned_data["title"],
        sponsors=sponsors,
        late_reason=form.cleaned_data["late_reason"],
    )
    messages.success(request, _("The draft resolution was submitted."))
    if draft.late:
        messages.warning(request, services.late_notice(session))
    return redirect("meetings:resolutions", slug=slug)


@login_required
@require_POST
@domain_errors
def resolution_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    draft = permissions.draft_resolutions_visible_to(request.user).filter(session=session, pk=pk).first()
    if draft is None:
        raise Http404
    if request.POST.get("action") == "sponsor":
        state = own_state(request)
        if state is None:
            raise Http404
        services.sponsor_draft_resolution(actor=request.user, draft=draft, state=state)
    else:
        form = forms.ResolutionStatusForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Choose a status."))
        services.set_draft_resolution_status(actor=request.user, draft=draft, **form.cleaned_data)
    return redirect("meetings:resolutions", slug=slug)
