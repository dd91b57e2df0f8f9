"""Participants: parties and observers, delegates, the secretariat's and the parties' decisions on observers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import forms, permissions, services
from irm.meetings.models import ParticipationKind, ParticipationStatus, admits, follows_conference_rules
from irm.meetings.views.base import (
    domain_errors,
    ensure_own_delegation,
    own_delegation,
    own_state,
    visible_session,
)


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    delegations = session.delegations.select_related("state").prefetch_related("objections__objecting_state")
    own = own_delegation(request, session)
    context = {
        "session": session,
        "parties": [d for d in delegations if d.kind == ParticipationKind.PARTY],
        "observers": [d for d in delegations if d.kind != ParticipationKind.PARTY],
        "own": own,
        "members": own.members.all() if own else [],
        "delegate_form": forms.DelegateForm(),
        "observer_form": forms.ObserverForm(session=session),
        "conference_rules": follows_conference_rules(session.body),
        "ngos_admitted": admits(session.body, ParticipationKind.NGO_OTHER),
        "can_manage": permissions.can_manage(request.user),
        "own_state": own_state(request),
        "statuses": ParticipationStatus,
    }
    return render(request, "meetings/participants.html", context)


@login_required
@require_POST
@domain_errors
def register_delegate(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.DelegateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the delegate form."))
        return redirect("meetings:participants", slug=slug)
    delegation = ensure_own_delegation(request, session)
    services.register_delegate(actor=request.user, delegation=delegation, **form.cleaned_data)
    messages.success(request, _("The delegate was registered."))
    return redirect("meetings:participants", slug=slug)


@login_required
@require_POST
@domain_errors
def participation_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    delegation = session.delegations.filter(pk=pk).first()
    if delegation is None:
        raise Http404
    action = request.POST.get("action")
    if action == "notify":
        services.record_written_notification(
            actor=request.user, delegation=delegation, on=timezone.localdate()
        )
    elif action == "grant":
        services.grant_observer_status(actor=request.user, delegation=delegation)
    elif action in {"admit", "refuse"}:
        services.record_conference_decision(
            actor=request.user,
            delegation=delegation,
            admitted=action == "admit",
            note=request.POST.get("note", ""),
        )
    elif action == "object":
        state = own_state(request)
        if state is None:
            raise Http404
        services.object_to_observer(
            actor=request.user,
            delegation=delegation,
            objecting_state=state,
            reason=request.POST.get("reason", ""),
        )
    else:
        raise Http404
    messages.success(request, _("Recorded."))
    return redirect("meetings:participants", slug=slug)


@login_required
@require_POST
@domain_errors
def circulate_ngos(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    if request.POST.get("action") == "settle":
        count = services.settle_ngo_admissions(actor=request.user, session=session)
        messages.success(request, _("%(n)d organizations admitted.") % {"n": count})
    else:
        count = services.circulate_ngo_list(actor=request.user, session=session, on=timezone.localdate())
        messages.success(request, _("%(n)d organizations circulated.") % {"n": count})
    return redirect("meetings:participants", slug=slug)
