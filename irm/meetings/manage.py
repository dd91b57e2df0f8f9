"""The secretariat's pages: create and edit sessions and joint meetings, the agenda, the organization
of work, documents (a file per language, or generated from the platform), lists of speakers and the
requests and swaps received in writing, officers and observers.

Thin like `views`: a form parses, one service changes (validated, atomic, audited), and a refusal
is shown on the form with the input kept. Only the secretariat reaches these pages
(`permissions.can_manage`); the services check it again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.exceptions import DomainError
from irm.meetings import forms, permissions, services
from irm.meetings.models import (
    LANGUAGES,
    Document,
    OutputKind,
    Session,
    SpeakersList,
)
from irm.meetings.views import _list, _session, domain_errors

#: Which form field a refusal is about, so the message appears next to it.
FIELD_OF_CODE = {
    "session_dates": "ends_on",
    "opening_outside": "opens_at",
    "unknown_timezone": "timezone",
    "work_outside_dates": "starts_on",
    "slot_outside_dates": "date",
    "slot_times": "ends_at",
    "room_taken": "room",
    "symbol_format": "symbol",
    "symbol_taken": "symbol",
    "list_window": "closes_at",
    "close_time_missing": "item_closes_at",
    "offered_item": "offered_item",
    "list_exists": "agenda_item",
    "attachment_too_large": "file",
    "attachment_empty": "file",
    "attachment_wrong_type": "file",
    "attachment_content_mismatch": "file",
    "output_identifier": "cycle",
    "no_language": "languages",
}


def manager_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _attempt(form: django_forms.Form, call: Callable[[], Any]) -> bool:
    """Run a service; a refusal becomes a form error (on its field where we know it)."""
    try:
        call()
    except DomainError as exc:
        field = FIELD_OF_CODE.get(exc.code or "")
        form.add_error(field if field in form.fields else None, exc.message)
        return False
    return True


def _form_page(
    request: HttpRequest, session: Session | None, title: str, form: Any, **extra: Any
) -> HttpResponse:
    status = 422 if form.is_bound and form.errors else 200
    context = {"session": session, "title": title, "form": form, **extra}
    return render(request, "meetings/manage/form.html", context, status=status)


def _messages_of(request: HttpRequest, form: django_forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


# --------------------------------------------------------------------------------------------
# sessions


@manager_only
def session_create(request: HttpRequest) -> HttpResponse:
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        created: list[Session] = []
        data["timezone_name"] = data.pop("timezone")
        if _attempt(form, lambda: created.append(services.create_session(actor=request.user, **data))):
            messages.success(request, _("The session was created. Next: its provisional agenda."))
            return redirect("meetings:manage-agenda", slug=created[0].slug)
    return _form_page(
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
    session = _session(request, slug)
    zone = ZoneInfo(session.timezone)
    form = forms.SessionForm(
        request.POST or None,
        editing=True,
        initial=forms.SessionForm.wall_clock(_session_values(session), zone),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: services.update_session(actor=request.user, session=session, **form.cleaned_data)
        )
    ):
        messages.success(request, _("The session's details were saved."))
        return redirect("meetings:session-detail", slug=slug)
    return _form_page(
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
    session = _session(request, slug)
    title = session.title
    services.delete_session(actor=request.user, session=session)
    messages.success(request, _("%(s)s was deleted.") % {"s": title})
    return redirect("meetings:session-list")


# --------------------------------------------------------------------------------------------
# agenda and organization of work


@manager_only
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.AgendaItemForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: services.add_agenda_item(actor=request.user, session=session, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Item added."))
        return redirect("meetings:manage-agenda", slug=slug)
    items = session.agenda_items.annotate(n_documents=Count("documents")).order_by("number", "letter")
    next_number = (
        items.filter(letter="").order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    if not form.is_bound:
        form = forms.AgendaItemForm(initial={"number": next_number})
    return render(
        request,
        "meetings/manage/agenda.html",
        {"session": session, "items": items, "form": form},
        status=422 if form.errors else 200,
    )


@manager_only
def agenda_item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    item = get_object_or_404(session.agenda_items, pk=pk)
    fields = ["title_en", "title_zh", "annotation_en", "annotation_zh"]
    form = forms.AgendaItemForm(
        request.POST or None, editing=True, initial={f: getattr(item, f) for f in fields}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: services.update_agenda_item(actor=request.user, item=item, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Item %(l)s saved.") % {"l": item.label})
        return redirect("meetings:manage-agenda", slug=slug)
    return _form_page(
        request,
        session,
        _("Agenda item %(l)s") % {"l": item.label},
        form,
        submit=_("Save"),
        cancel=reverse("meetings:manage-agenda", args=[slug]),
        danger={
            "url": reverse("meetings:agenda-item-remove", args=[slug, pk]),
            "label": _("Remove this item"),
            "explain": _("Possible while the agenda is provisional and nothing is issued under the item."),
        },
    )


@manager_only
@require_POST
@domain_errors
def agenda_item_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    item = get_object_or_404(session.agenda_items, pk=pk)
    label = item.label
    services.remove_agenda_item(actor=request.user, item=item)
    messages.success(request, _("Item %(l)s removed.") % {"l": label})
    return redirect("meetings:manage-agenda", slug=slug)


@manager_only
def work(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.WorkSlotForm(request.POST or None, session=session)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: services.add_work_slot(actor=request.user, session=session, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Meeting added to the organization of work."))
        return redirect("meetings:manage-work", slug=slug)
    if not form.is_bound:
        form = forms.WorkSlotForm(session=session, initial={"date": session.starts_on})
    slots = session.work_slots.prefetch_related("items")
    return render(
        request,
        "meetings/manage/work.html",
        {
            "session": session,
            "slots": slots,
            "form": form,
            "interpreted_used": slots.filter(interpreted=True).count(),
        },
        status=422 if form.errors else 200,
    )


@manager_only
def work_slot_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    slot = get_object_or_404(session.work_slots, pk=pk)
    initial = {
        f: getattr(slot, f) for f in ["date", "part", "starts_at", "ends_at", "room", "interpreted", "note"]
    }
    initial["items"] = list(slot.items.all())
    form = forms.WorkSlotForm(request.POST or None, session=session, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: services.update_work_slot(actor=request.user, slot=slot, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Meeting saved."))
        return redirect("meetings:manage-work", slug=slug)
    return _form_page(
        request,
        session,
        _("Meeting of %(d)s") % {"d": slot},
        form,
        submit=_("Save"),
        cancel=reverse("meetings:manage-work", args=[slug]),
        danger={
            "url": reverse("meetings:work-slot-remove", args=[slug, pk]),
            "label": _("Remove this meeting"),
        },
    )


@manager_only
@require_POST
@domain_errors
def work_slot_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    services.remove_work_slot(actor=request.user, slot=get_object_or_404(session.work_slots, pk=pk))
    messages.success(request, _("Meeting removed."))
    return redirect("meetings:manage-work", slug=slug)


# --------------------------------------------------------------------------------------------
# documents


@manager_only
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.DocumentForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        created: list[Document] = []
        if _attempt(
            form,
            lambda: created.append(
                services.register_document(actor=request.user, session=session, **form.cleaned_data)
            ),
        ):
            messages.success(
                request, _("%(s)s registered. Now upload its language versions.") % {"s": created[0]}
            )
            return redirect("meetings:manage-document", slug=slug, pk=created[0].pk)
    if not form.is_bound:
        form = forms.DocumentForm(
            session=session, initial={"symbol": f"{session.symbol_prefix}/{session.starts_on.year}/"}
        )
    return render(
        request,
        "meetings/manage/documents.html",
        {
            "session": session,
            "documents": session.documents.select_related("agenda_item").prefetch_related("files"),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


DOCUMENT_ACTIONS = ("details", "upload", "remove_file", "link", "unlink", "generate")


@manager_only
def document_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    document = get_object_or_404(session.documents, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in DOCUMENT_ACTIONS:
        raise Http404
    initial = {f: getattr(document, f) for f in services.DOCUMENT_FIELDS}
    details = forms.DocumentForm(
        request.POST if action == "details" else None, session=session, initial=initial
    )
    upload = forms.DocumentFileForm(
        request.POST if action == "upload" else None, request.FILES if action == "upload" else None
    )
    link = forms.DocumentLinkForm(request.POST if action == "link" else None)
    generate = forms.TaNeedsOutputForm(
        request.POST if action == "generate" else None, initial={"as_of": timezone.localdate()}
    )
    done = False
    if action == "details" and details.is_valid():
        done = _attempt(
            details,
            lambda: services.update_document(actor=request.user, document=document, **details.cleaned_data),
        )
    elif action == "upload" and upload.is_valid():
        done = _attempt(
            upload,
            lambda: services.attach_document_file(
                actor=request.user,
                document=document,
                language=upload.cleaned_data["language"],
                file=upload.cleaned_data["file"],
            ),
        )
    elif action == "generate" and generate.is_valid():
        data = generate.cleaned_data
        done = _attempt(
            generate,
            lambda: services.issue_platform_output(
                actor=request.user,
                document=document,
                kind=OutputKind.TA_NEEDS_ANALYSIS,
                identifier=f"cycle-{data['cycle']}@{data['as_of'].isoformat()}",
                languages=data["languages"],
            ),
        )
    elif action == "link" and link.is_valid():
        done = _attempt(
            link,
            lambda: services.link_document_output(actor=request.user, document=document, **link.cleaned_data),
        )
    elif action in {"remove_file", "unlink"}:
        try:
            if action == "remove_file":
                services.remove_document_file(
                    actor=request.user, document=document, language=request.POST.get("language", "")
                )
            else:
                target = document.links.filter(pk=request.POST.get("link") or 0).first()
                if target is None:
                    raise Http404
                services.unlink_document_output(actor=request.user, link=target)
            done = True
        except DomainError as exc:
            messages.error(request, exc.message)
    if done:
        messages.success(request, _("%(s)s saved.") % {"s": document.symbol})
        return redirect("meetings:manage-document", slug=slug, pk=pk)
    document.refresh_from_db()
    files = {f.language: f for f in document.files.all()}
    failed = any(f.is_bound and f.errors for f in (details, upload, link, generate))
    return render(
        request,
        "meetings/manage/document.html",
        {
            "session": session,
            "document": document,
            "details": details,
            "upload": upload,
            "link": link,
            "generate": generate if services.output_generator(OutputKind.TA_NEEDS_ANALYSIS) else None,
            "versions": [(code, label, files.get(code)) for code, label in LANGUAGES],
            "links": document.links.all(),
        },
        status=422 if failed else 200,
    )


@manager_only
@require_POST
@domain_errors
def document_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    document = get_object_or_404(session.documents, pk=pk)
    symbol = document.symbol
    services.delete_document(actor=request.user, document=document)
    messages.success(request, _("%(s)s was deleted.") % {"s": symbol})
    return redirect("meetings:manage-documents", slug=slug)


# --------------------------------------------------------------------------------------------
# lists of speakers


@manager_only
def speakers_list_create(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.SpeakersListForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        created: list[SpeakersList] = []
        if _attempt(
            form,
            lambda: created.append(
                services.open_speakers_list(actor=request.user, session=session, **form.cleaned_data)
            ),
        ):
            messages.success(request, _("The list of speakers was opened."))
            return redirect("meetings:speakers", slug=slug, pk=created[0].pk)
    return _form_page(
        request,
        session,
        _("Open a list of speakers"),
        form,
        submit=_("Open the list"),
        cancel=reverse("meetings:session-detail", args=[slug]),
    )


@manager_only
def speakers_list_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    session = lst.session
    initial = forms.SpeakersListForm.wall_clock(
        {f: getattr(lst, f) for f in services.LIST_FIELDS}, ZoneInfo(session.timezone)
    )
    form = forms.SpeakersListForm(request.POST or None, session=session, editing=True, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: services.update_speakers_list(actor=request.user, speakers_list=lst, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The list's settings were saved."))
        return redirect("meetings:speakers", slug=slug, pk=pk)
    return _form_page(
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
    lst = _list(request, slug, pk)
    form = forms.RecordRequestForm(request.POST, speakers_list=lst)
    if form.is_valid() and _attempt(
        form, lambda: services.request_to_speak(actor=request.user, speakers_list=lst, **form.cleaned_data)
    ):
        messages.success(request, _("%(d)s inscribed.") % {"d": form.cleaned_data["delegation"].display_name})
    else:
        _messages_of(request, form)
    return redirect("meetings:speakers", slug=slug, pk=pk)


@manager_only
@require_POST
def record_swap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    form = forms.RecordSwapForm(request.POST, speakers_list=lst)
    if form.is_valid() and _attempt(
        form, lambda: services.record_swap(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The two delegations have swapped places."))
    else:
        _messages_of(request, form)
    return redirect("meetings:speakers", slug=slug, pk=pk)


# --------------------------------------------------------------------------------------------
# bureau and observers


@manager_only
@require_POST
def elect_officer(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.OfficerForm(request.POST)
    if form.is_valid() and _attempt(
        form, lambda: services.elect_officer(actor=request.user, session=session, **form.cleaned_data)
    ):
        messages.success(request, _("Officer recorded."))
    else:
        _messages_of(request, form)
    return redirect("meetings:bureau", slug=slug)


@manager_only
@require_POST
@domain_errors
def remove_officer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    member = get_object_or_404(session.officers.select_related("state"), pk=pk)
    services.remove_officer(actor=request.user, member=member, reason=request.POST.get("reason", ""))
    messages.success(request, _("Officer removed."))
    return redirect("meetings:bureau", slug=slug)


@manager_only
@require_POST
def add_joint_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.JointMeetingForm(request.POST, session=session)
    if form.is_valid():
        data = dict(form.cleaned_data)
        others = list(data.pop("others"))
        if _attempt(
            form,
            lambda: services.add_joint_meeting(actor=request.user, sessions=[session, *others], **data),
        ):
            messages.success(request, _("Joint meeting recorded."))
            return redirect("meetings:session-detail", slug=slug)
    _messages_of(request, form)
    return redirect("meetings:session-detail", slug=slug)


@manager_only
@require_POST
@domain_errors
def remove_joint_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    joint = get_object_or_404(session.joint_meetings, pk=pk)
    services.remove_joint_meeting(actor=request.user, joint=joint)
    messages.success(request, _("Joint meeting removed."))
    return redirect("meetings:session-detail", slug=slug)


@manager_only
@require_POST
def register_observer(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.ObserverForm(request.POST)
    if form.is_valid() and _attempt(
        form, lambda: services.register_delegation(actor=request.user, session=session, **form.cleaned_data)
    ):
        messages.success(request, _("%(n)s registered.") % {"n": form.cleaned_data["name"]})
    else:
        _messages_of(request, form)
    return redirect("meetings:participants", slug=slug)
