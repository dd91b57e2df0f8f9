"""The secretariat opens lists of speakers, sets them, and records requests and swaps received in writing."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.meetings import forms, services
from irm.meetings.models import SpeakersList
from irm.meetings.views.base import visible_list, visible_session
from irm.meetings.views.manage.base import attempt, form_page, manager_only, messages_of


@manager_only
def speakers_list_create(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.SpeakersListForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        created: list[SpeakersList] = []
        if attempt(
            form,
            lambda: created.append(
                services.open_speakers_list(actor=request.user, session=session, **form.cleaned_data)
            ),
        ):
            messages.success(request, _("The list of speakers was opened."))
            return redirect("meetings:speakers", slug=slug, pk=created[0].pk)
    return form_page(
        request,
        session,
        _("Open a list of speakers"),
        form,
        submit=_("Open the list"),
        cancel=reverse("meetings:session-detail", args=[slug]),
    )


@manager_only
def speakers_list_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    session = lst.session
    initial = forms.SpeakersListForm.wall_clock(
        {f: getattr(lst, f) for f in services.LIST_FIELDS}, ZoneInfo(session.timezone)
    )
    form = forms.SpeakersListForm(request.POST or None, session=session, editing=True, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.update_speakers_list(actor=request.user, speakers_list=lst, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The list's settings were saved."))
        return redirect("meetings:speakers", slug=slug, pk=pk)
    return form_page(
        request,
        session,
        _("List of speakers on item %(l)s") % {"l": lst.agenda_item.label},
        form,
        submit=_("Save"),
        cancel=reverse("meetings:speakers", args=[slug, pk]),
    )


@manager_only
@require_POST
def record_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A request received in writing (e-mail, note verbale), transcribed with its time of receipt."""
    lst = visible_list(request, slug, pk)
    form = forms.RecordRequestForm(request.POST, speakers_list=lst)
    if form.is_valid() and attempt(
        form, lambda: services.request_to_speak(actor=request.user, speakers_list=lst, **form.cleaned_data)
    ):
        messages.success(request, _("%(d)s inscribed.") % {"d": form.cleaned_data["delegation"].display_name})
    else:
        messages_of(request, form)
    return redirect("meetings:speakers", slug=slug, pk=pk)


@manager_only
@require_POST
def record_swap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    form = forms.RecordSwapForm(request.POST, speakers_list=lst)
    if form.is_valid() and attempt(
        form, lambda: services.record_swap(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The two delegations have swapped places."))
    else:
        messages_of(request, form)
    return redirect("meetings:speakers", slug=slug, pk=pk)
