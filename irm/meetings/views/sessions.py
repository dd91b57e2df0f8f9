"""Public pages of a session: the list of sessions, a session's page (agenda, work, documents, officers, statements), document files; adopting the agenda and posting statements."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.ical import ics_response, new_calendar
from irm.core.middleware import public_page
from irm.core.uploads import attachment_response
from irm.meetings import forms, permissions, selectors, services
from irm.meetings.calendar import meeting_events, session_events
from irm.meetings.models import DocumentFile, WorkSlot
from irm.meetings.views.base import domain_errors, ensure_own_delegation, own_delegation, visible_session


def session_list(request: HttpRequest) -> HttpResponse:
    sessions = permissions.visible_to(request.user).select_related("host_state")
    return render(request, "meetings/session_list.html", {"sessions": sessions})


@public_page
def session_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The iCalendar of one session (public, as sessions are): its days, and each of its meetings at
    its local hours in the session's time zone."""
    session = visible_session(request, slug)
    slots = WorkSlot.objects.filter(session=session).prefetch_related("items").order_by("date", "starts_at")
    events = [
        *session_events([session], site_url=settings.SITE_URL),
        *meeting_events(session, slots, site_url=settings.SITE_URL),
    ]
    return ics_response(new_calendar(session.title, events), filename=f"{session.slug}.ics")


def session_detail(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    items = list(session.agenda_items.prefetch_related("documents").order_by("number", "letter"))
    documents = (
        permissions.documents_visible_to(request.user)
        .filter(session=session)
        .select_related("agenda_item")
        .prefetch_related("files", "links")
    )
    can_manage = permissions.can_manage(request.user)
    context = {
        "session": session,
        "items": items,
        "work": selectors.organization_of_work(session),
        "documents": documents,
        "officers": session.officers.select_related("state").order_by("office"),
        "joint_meetings": session.joint_meetings.all(),
        "lists": session.speakers_lists.select_related("agenda_item"),
        "statements": permissions.statements_visible_to(request.user)
        .filter(session=session)
        .select_related("delegation__state"),
        "resolutions": permissions.draft_resolutions_visible_to(request.user).filter(session=session),
        "briefings": permissions.briefings_visible_to(request.user)
        .filter(session=session)
        .prefetch_related("invitations"),
        "can_manage": can_manage,
        "own_delegation": own_delegation(request, session),
        "is_delegate": bool(permissions.delegate_state_ids(request.user)),
        "statement_form": forms.StatementForm(),
        "joint_form": forms.JointMeetingForm(
            session=session, initial={"held_from": session.starts_on, "held_to": session.ends_on}
        )
        if can_manage
        else None,
        "deadline": services.draft_resolution_deadline(session),
    }
    return render(request, "meetings/session_detail.html", context)


def document_file(request: HttpRequest, pk: int, language: str) -> FileResponse:
    version = (
        DocumentFile.objects.select_related("document").filter(document_id=pk, language=language).first()
    )
    if version is None or not permissions.can_view_document(request.user, version.document):
        raise Http404
    extension = (version.file.name or ".pdf").rsplit(".", 1)[-1]
    return attachment_response(
        version.file.open("rb"),
        filename=f"{version.document.file_stem}-{language}.{extension}",
        file_type=extension,
    )


def statement_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A statement's file, to whoever may see the statement (posted: everyone; else its delegation)."""
    statement = permissions.statements_visible_to(request.user).filter(session__slug=slug, pk=pk).first()
    if statement is None or not statement.file:
        raise Http404
    extension = (statement.file.name or ".pdf").rsplit(".", 1)[-1]
    return attachment_response(
        statement.file.open("rb"), filename=f"statement-{slug}-{pk}.{extension}", file_type=extension
    )


@login_required
@require_POST
@domain_errors
def adopt_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    services.adopt_agenda(actor=request.user, session=session)
    messages.success(request, _("The agenda was adopted."))
    return redirect("meetings:session-detail", slug=slug)


@login_required
@require_POST
@domain_errors
def submit_statement(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the statement form."))
        return redirect("meetings:session-detail", slug=slug)
    delegation = ensure_own_delegation(request, session)
    services.submit_statement(
        actor=request.user,
        delegation=delegation,
        title=form.cleaned_data["title"],
        text=form.cleaned_data["text"],
        file=form.cleaned_data["file"],
        language=form.cleaned_data["language"],
        publish=form.cleaned_data["publish"],
    )
    messages.success(request, _("The statement was received."))
    return redirect("meetings:session-detail", slug=slug)


@login_required
@require_POST
@domain_errors
def unpublish_statement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = permissions.statements_visible_to(request.user).filter(session__slug=slug, pk=pk).first()
    if statement is None:
        raise Http404
    services.object_to_statement_publication(actor=request.user, statement=statement)
    messages.success(request, _("The statement will not be posted."))
    return redirect("meetings:session-detail", slug=slug)
