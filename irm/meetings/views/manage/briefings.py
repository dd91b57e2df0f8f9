"""The secretariat records briefings for NGOs on the margins of IRG sessions (resolution 4/6)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import forms, services
from irm.meetings.models import Body
from irm.meetings.views.base import domain_errors, visible_session
from irm.meetings.views.manage.base import attempt, form_page, manager_only


@manager_only
def briefings(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.NgoBriefingForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.record_ngo_briefing(actor=request.user, session=session, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The briefing was recorded."))
        return redirect("meetings:manage-briefings", slug=slug)
    if not form.is_bound:
        form = forms.NgoBriefingForm(initial={"date": session.starts_on})
    return render(
        request,
        "meetings/manage/briefings.html",
        {
            "session": session,
            "briefings": session.ngo_briefings.prefetch_related("invitations"),
            "form": form,
            "for_irg": session.body == Body.IRG,
        },
        status=422 if form.errors else 200,
    )


@manager_only
def briefing_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    briefing = get_object_or_404(session.ngo_briefings, pk=pk)
    form = forms.NgoBriefingForm(request.POST or None, initial=forms.NgoBriefingForm.initial_of(briefing))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.update_ngo_briefing(actor=request.user, briefing=briefing, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The briefing was saved."))
        return redirect("meetings:manage-briefings", slug=slug)
    return form_page(
        request,
        session,
        _("Briefing for non-governmental organizations"),
        form,
        submit=_("Save"),
        cancel=reverse("meetings:manage-briefings", args=[slug]),
        danger={
            "url": reverse("meetings:briefing-remove", args=[slug, pk]),
            "label": _("Cancel this briefing"),
            "explain": _("The audit trail keeps what it was."),
        },
    )


@manager_only
@require_POST
@domain_errors
def briefing_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    briefing = get_object_or_404(session.ngo_briefings, pk=pk)
    services.remove_ngo_briefing(actor=request.user, briefing=briefing, reason=request.POST.get("reason", ""))
    messages.success(request, _("The briefing was cancelled."))
    return redirect("meetings:manage-briefings", slug=slug)
