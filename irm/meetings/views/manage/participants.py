"""The secretariat records officers and registers observers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import forms, services
from irm.meetings.views.base import domain_errors, visible_session
from irm.meetings.views.manage.base import attempt, manager_only, messages_of


@manager_only
@require_POST
def elect_officer(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.OfficerForm(request.POST)
    if form.is_valid() and attempt(
        form, lambda: services.elect_officer(actor=request.user, session=session, **form.cleaned_data)
    ):
        messages.success(request, _("Officer recorded."))
    else:
        messages_of(request, form)
    return redirect("meetings:bureau", slug=slug)


@manager_only
@require_POST
@domain_errors
def remove_officer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    member = get_object_or_404(session.officers.select_related("state"), pk=pk)
    services.remove_officer(actor=request.user, member=member, reason=request.POST.get("reason", ""))
    messages.success(request, _("Officer removed."))
    return redirect("meetings:bureau", slug=slug)


@manager_only
@require_POST
def register_observer(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.ObserverForm(request.POST, session=session)
    if form.is_valid() and attempt(
        form, lambda: services.register_delegation(actor=request.user, session=session, **form.cleaned_data)
    ):
        messages.success(request, _("%(n)s registered.") % {"n": form.cleaned_data["name"]})
    else:
        messages_of(request, form)
    return redirect("meetings:participants", slug=slug)
