"""The secretariat creates, corrects and deletes sessions and records joint meetings."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import forms, services
from irm.meetings.models import Session
from irm.meetings.views.base import domain_errors, visible_session
from irm.meetings.views.manage.base import attempt, form_page, manager_only, messages_of


@manager_only
def session_create(request: HttpRequest) -> HttpResponse:
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        created: list[Session] = []
        data["timezone_name"] = data.pop("timezone")
        if attempt(form, lambda: created.append(services.create_session(actor=request.user, **data))):
            messages.success(request, _("The session was created. Next: its provisional agenda."))
            return redirect("meetings:manage-agenda", slug=created[0].slug)
    return form_page(
        request,
        None,
        _("New session"),
        form,
        submit=_("Create the session"),
        cancel=reverse("meetings:session-list"),
    )


def _session_values(session: Session) -> dict[str, Any]:
    return {name: getattr(session, name) for name in services.SESSION_FIELDS}


@manager_only
def session_edit(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    zone = ZoneInfo(session.timezone)
    form = forms.SessionForm(
        request.POST or None,
        editing=True,
        initial=forms.SessionForm.wall_clock(_session_values(session), zone),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.update_session(actor=request.user, session=session, **form.cleaned_data)
        )
    ):
        messages.success(request, _("The session's details were saved."))
        return redirect("meetings:session-detail", slug=slug)
    return form_page(
        request,
        session,
        _("Details of the session"),
        form,
        submit=_("Save"),
        cancel=reverse("meetings:session-detail", args=[slug]),
        danger={
            "url": reverse("meetings:session-delete", args=[slug]),
            "label": _("Delete this session"),
            "explain": _("Only a session nobody has registered for or issued anything under can be deleted."),
        },
    )


@manager_only
@require_POST
@domain_errors
def session_delete(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    title = session.title
    services.delete_session(actor=request.user, session=session)
    messages.success(request, _("%(s)s was deleted.") % {"s": title})
    return redirect("meetings:session-list")


@manager_only
@require_POST
def add_joint_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.JointMeetingForm(request.POST, session=session)
    if form.is_valid():
        data = dict(form.cleaned_data)
        others = list(data.pop("others"))
        if attempt(
            form,
            lambda: services.add_joint_meeting(actor=request.user, sessions=[session, *others], **data),
        ):
            messages.success(request, _("Joint meeting recorded."))
            return redirect("meetings:session-detail", slug=slug)
    messages_of(request, form)
    return redirect("meetings:session-detail", slug=slug)


@manager_only
@require_POST
@domain_errors
def remove_joint_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    joint = get_object_or_404(session.joint_meetings, pk=pk)
    services.remove_joint_meeting(actor=request.user, joint=joint)
    messages.success(request, _("Joint meeting removed."))
    return redirect("meetings:session-detail", slug=slug)
