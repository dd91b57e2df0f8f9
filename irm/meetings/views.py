"""Pages of sessions: thin — parse, call one service, render. Objects come through permissions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.documents import PdfUnavailable, pdf_available
from irm.core.exceptions import DomainError
from irm.meetings import exports, forms, permissions, selectors, services
from irm.meetings.models import (
    BUREAU_OFFICES,
    AgendaItem,
    Credential,
    Delegation,
    DocumentFile,
    EntryStatus,
    ParticipationKind,
    ParticipationStatus,
    Session,
    SpeakerEntry,
    SpeakersList,
    SwapRequest,
    SwapStatus,
)
from irm.parties.models import State


def _session(request: HttpRequest, slug: str) -> Session:
    session = permissions.visible_to(request.user).filter(slug=slug).first()
    if session is None:
        raise Http404
    return session


def _list(request: HttpRequest, slug: str, pk: int) -> SpeakersList:
    session = _session(request, slug)
    lst = SpeakersList.objects.select_related("session", "agenda_item").filter(session=session, pk=pk).first()
    if lst is None:
        raise Http404
    return lst


def _own_delegation(request: HttpRequest, session: Session) -> Delegation | None:
    state_ids = permissions.delegate_state_ids(request.user)
    if not state_ids:
        return None
    return Delegation.objects.filter(session=session, state_id__in=state_ids).select_related("state").first()


def _own_state(request: HttpRequest) -> State | None:
    state_ids = sorted(permissions.delegate_state_ids(request.user))
    return State.objects.filter(pk=state_ids[0]).first() if state_ids else None


def _ensure_own_delegation(request: HttpRequest, session: Session) -> Delegation:
    """A delegate's State takes part as a party; its delegation is registered on first use."""
    delegation = _own_delegation(request, session)
    if delegation is None:
        state = _own_state(request)
        if state is None:
            raise Http404
        delegation = services.register_delegation(
            actor=request.user, session=session, kind=ParticipationKind.PARTY, state=state
        )
    return delegation


def domain_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A refused operation becomes a message on the page the user came from."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("meetings:session-list"))

    return wrapper


# --------------------------------------------------------------------------------------------
# sessions


def session_list(request: HttpRequest) -> HttpResponse:
    sessions = permissions.visible_to(request.user).select_related("host_state")
    return render(request, "meetings/session_list.html", {"sessions": sessions})


def session_detail(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
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
        "can_manage": can_manage,
        "own_delegation": _own_delegation(request, session),
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
    return FileResponse(
        version.file.open("rb"),
        as_attachment=False,
        filename=f"{version.document.file_stem}-{language}.{(version.file.name or '.pdf').rsplit('.', 1)[-1]}",
    )


@login_required
@require_POST
@domain_errors
def adopt_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    services.adopt_agenda(actor=request.user, session=session)
    messages.success(request, _("The agenda was adopted."))
    return redirect("meetings:session-detail", slug=slug)


@login_required
@require_POST
@domain_errors
def submit_statement(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the statement form."))
        return redirect("meetings:session-detail", slug=slug)
    delegation = _ensure_own_delegation(request, session)
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


# --------------------------------------------------------------------------------------------
# participation and credentials


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    delegations = session.delegations.select_related("state").prefetch_related("objections__objecting_state")
    own = _own_delegation(request, session)
    context = {
        "session": session,
        "parties": [d for d in delegations if d.kind == ParticipationKind.PARTY],
        "observers": [d for d in delegations if d.kind != ParticipationKind.PARTY],
        "own": own,
        "members": own.members.all() if own else [],
        "delegate_form": forms.DelegateForm(),
        "observer_form": forms.ObserverForm(),
        "can_manage": permissions.can_manage(request.user),
        "own_state": _own_state(request),
        "statuses": ParticipationStatus,
    }
    return render(request, "meetings/participants.html", context)


@login_required
@require_POST
@domain_errors
def register_delegate(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.DelegateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the delegate form."))
        return redirect("meetings:participants", slug=slug)
    delegation = _ensure_own_delegation(request, session)
    services.register_delegate(actor=request.user, delegation=delegation, **form.cleaned_data)
    messages.success(request, _("The delegate was registered."))
    return redirect("meetings:participants", slug=slug)


@login_required
@require_POST
@domain_errors
def participation_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
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
        state = _own_state(request)
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
    session = _session(request, slug)
    if request.POST.get("action") == "settle":
        count = services.settle_ngo_admissions(actor=request.user, session=session)
        messages.success(request, _("%(n)d organizations admitted.") % {"n": count})
    else:
        count = services.circulate_ngo_list(actor=request.user, session=session, on=timezone.localdate())
        messages.success(request, _("%(n)d organizations circulated.") % {"n": count})
    return redirect("meetings:participants", slug=slug)


@login_required
def credentials(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    can_manage = permissions.can_manage(request.user)
    own = _own_delegation(request, session)
    if not can_manage and not permissions.delegate_state_ids(request.user):
        raise Http404
    visible = permissions.credentials_visible_to(request.user).filter(delegation__session=session)
    context = {
        "session": session,
        "credentials": visible.select_related("delegation__state").order_by("delegation__state__name_en"),
        "overview": selectors.credentials_overview(session) if can_manage else None,
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
    session = _session(request, slug)
    form = forms.CredentialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the credentials form."))
        return redirect("meetings:credentials", slug=slug)
    delegation = _ensure_own_delegation(request, session)
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
    session = _session(request, slug)
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
    session = _session(request, slug)
    if request.POST.get("action") == "adopt":
        services.adopt_credentials_report(actor=request.user, session=session)
    else:
        services.generate_credentials_report(actor=request.user, session=session)
    return redirect("meetings:credentials", slug=slug)


@login_required
def credentials_report_docx(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    report = getattr(session, "credentials_report", None)
    if report is None or not permissions.can_manage(request.user):
        raise Http404
    response = HttpResponse(
        exports.credentials_report_docx(report.data, session.title_en),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="credentials-{session.slug}.docx"'
    return response


# --------------------------------------------------------------------------------------------
# bureau


def bureau(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    proposal = selectors.rotation_proposal(session)
    return render(
        request,
        "meetings/bureau.html",
        {
            "session": session,
            "officers": session.officers.select_related("state"),
            "proposal": proposal,
            "president_label": selectors.group_label(proposal["president_group"]),
            "rapporteur_label": selectors.group_label(proposal["rapporteur_group"]),
            "host": proposal["host_practice"],
            "host_president_label": selectors.group_label(
                proposal["host_practice"]["president_group"] if proposal["host_practice"] else None
            ),
            "host_rapporteur_label": selectors.group_label(
                proposal["host_practice"]["rapporteur_group"] if proposal["host_practice"] else None
            ),
            "bureau_offices": BUREAU_OFFICES,
            "can_manage": permissions.can_manage(request.user),
            "officer_form": forms.OfficerForm(initial={"elected_on": session.starts_on}),
        },
    )


# --------------------------------------------------------------------------------------------
# lists of speakers


def speakers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    rows = selectors.speakers_rows(lst)
    own = _own_delegation(request, lst.session)
    own_entry = (
        lst.entries.filter(delegation=own).exclude(status=EntryStatus.WITHDRAWN).first() if own else None
    )
    swap_candidates = []
    if own_entry and own_entry.status == EntryStatus.REGISTERED:
        swap_candidates = [
            r.entry
            for r in rows
            if r.entry.pk != own_entry.pk
            and r.entry.status == EntryStatus.REGISTERED
            and r.entry.ministerial == own_entry.ministerial
        ]
    pending = SwapRequest.objects.filter(speakers_list=lst, status=SwapStatus.PENDING).select_related(
        "first__delegation__state", "second__delegation__state"
    )
    now = timezone.now()
    can_manage = permissions.can_manage(request.user)
    context = {
        "lst": lst,
        "session": lst.session,
        "rows": rows,
        "own": own,
        "own_entry": own_entry,
        "own_position": selectors.position_of(own_entry) if own_entry else None,
        "is_delegate": bool(permissions.delegate_state_ids(request.user)),
        "request_form": forms.SpeakerRequestForm(),
        "change_form": forms.ChangeSpeakerForm(),
        "video_form": forms.VideoForm(),
        "swap_candidates": swap_candidates,
        "incoming_swaps": [s for s in pending if own and s.second.delegation_id == own.pk],
        "outgoing_swaps": [s for s in pending if own and s.first.delegation_id == own.pk],
        "can_manage": can_manage,
        "record_form": forms.RecordRequestForm(speakers_list=lst) if can_manage else None,
        "swap_record_form": forms.RecordSwapForm(speakers_list=lst) if can_manage else None,
        "is_open": lst.opens_at <= now <= lst.closes_at and not lst.item_closed_at,
        "not_yet_open": now < lst.opens_at,
        "languages": exports.EXPORT_LANGUAGES,
        "pdf": pdf_available(),
        "other_items": AgendaItem.objects.filter(session=lst.session).exclude(pk=lst.agenda_item_id),
        "estimated_minutes": selectors.estimated_minutes(lst),
    }
    return render(request, "meetings/speakers.html", context)


@login_required
@require_POST
@domain_errors
def request_to_speak(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    form = forms.SpeakerRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the request form."))
        return redirect("meetings:speakers", slug=slug, pk=pk)
    if request.FILES:
        messages.error(request, _("Send video statements as a link, never as an attachment."))
        return redirect("meetings:speakers", slug=slug, pk=pk)
    delegation = _ensure_own_delegation(request, lst.session)
    entry = services.request_to_speak(
        actor=request.user, speakers_list=lst, delegation=delegation, **form.cleaned_data
    )
    messages.success(
        request,
        _("%(d)s is inscribed (position %(p)s).") % {"d": delegation, "p": selectors.position_of(entry)},
    )
    return redirect("meetings:speakers", slug=slug, pk=pk)


def _own_entry(request: HttpRequest, lst: SpeakersList, entry_pk: int) -> SpeakerEntry:
    entry = lst.entries.select_related("delegation").filter(pk=entry_pk).first()
    if entry is None or not permissions.can_change_entry(request.user, entry):
        raise Http404
    return entry


@login_required
@require_POST
@domain_errors
def entry_action(request: HttpRequest, slug: str, pk: int, entry_pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    entry = _own_entry(request, lst, entry_pk)
    action = request.POST.get("action")
    if action == "change":
        form = forms.ChangeSpeakerForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Check the change of speaker."))
        services.change_speaker(actor=request.user, entry=entry, **form.cleaned_data)
    elif action == "withdraw":
        services.withdraw_from_list(actor=request.user, entry=entry)
    elif action == "video":
        if request.FILES:
            raise DomainError(_("Send video statements as a link, never as an attachment."))
        services.submit_video_statement(actor=request.user, entry=entry, url=request.POST.get("url", ""))
    elif action == "swap":
        swap_form = forms.SwapForm(request.POST)
        if not swap_form.is_valid():
            raise DomainError(_("Choose a delegation and give your written confirmation."))
        other = lst.entries.filter(pk=swap_form.cleaned_data["other"]).first()
        if other is None:
            raise Http404
        services.propose_swap(
            actor=request.user, first=entry, second=other, confirmation=swap_form.cleaned_data["confirmation"]
        )
        messages.success(request, _("Swap proposed; it takes effect when the other delegation confirms."))
    elif action in {"accept_offer", "decline_offer"}:
        services.answer_offer(actor=request.user, entry=entry, accept=action == "accept_offer")
    else:
        raise Http404
    return redirect("meetings:speakers", slug=slug, pk=pk)


@login_required
@require_POST
@domain_errors
def swap_action(request: HttpRequest, slug: str, pk: int, swap_pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    swap = SwapRequest.objects.filter(speakers_list=lst, pk=swap_pk).select_related("first", "second").first()
    if swap is None:
        raise Http404
    if request.POST.get("action") == "cancel":
        services.cancel_swap(actor=request.user, swap=swap)
    else:
        services.confirm_swap(
            actor=request.user, swap=swap, confirmation=request.POST.get("confirmation", "")
        )
        messages.success(request, _("The two delegations have swapped places."))
    return redirect("meetings:speakers", slug=slug, pk=pk)


@login_required
@require_POST
@domain_errors
def room_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    if request.POST.get("action") == "close":
        item = AgendaItem.objects.filter(
            session=lst.session, pk=request.POST.get("offered_item") or 0
        ).first()
        count = services.close_item(actor=request.user, speakers_list=lst, offered_item=item)
        messages.success(request, _("Item closed; %(n)d speakers offered another item.") % {"n": count})
        return redirect("meetings:speakers", slug=slug, pk=pk)
    services.call_next_speaker(actor=request.user, speakers_list=lst)
    return redirect("meetings:room", slug=slug, pk=pk)


def _export_language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "en")
    return language if language in exports.EXPORT_LANGUAGES else "en"


def speakers_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    language = _export_language(request)
    headings, table = exports.rows_for_export(lst, language)
    title, subtitle = exports._heading_lines(lst, language)
    return render(
        request,
        "meetings/speakers_print.html",
        {
            "lst": lst,
            "h": headings,
            "table": table,
            "title": title,
            "subtitle": subtitle,
            "lang": language,
            "rtl": language == "ar",
            "languages": exports.EXPORT_LANGUAGES,
            "pdf": pdf_available(),
        },
    )


def speakers_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    lst = _list(request, slug, pk)
    language = _export_language(request)
    name = f"speakers-{lst.session.slug}-{lst.agenda_item.label.replace(' ', '')}-{language}"
    if fmt == "csv":
        response = HttpResponse(exports.speakers_csv(lst, language), content_type="text/csv; charset=utf-8")
    elif fmt == "docx":
        response = HttpResponse(
            exports.speakers_docx(lst, language),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "pdf":
        try:
            response = HttpResponse(exports.speakers_pdf(lst, language), content_type="application/pdf")
        except PdfUnavailable as exc:
            return HttpResponse(exc.message, status=501, content_type="text/plain; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _room_context(lst: SpeakersList) -> dict[str, Any]:
    lst.refresh_from_db()
    current = lst.current_entry
    upcoming = [
        r
        for r in selectors.speakers_rows(lst, include_done=False)
        if r.entry.status == EntryStatus.REGISTERED
    ]
    if current:
        upcoming = [r for r in upcoming if r.entry.pk != current.pk]
    return {
        "lst": lst,
        "current": current,
        "allotted_seconds": current.minutes * 60 if current else 0,
        "started_at": lst.timer_started_at,
        "elapsed": int((timezone.now() - lst.timer_started_at).total_seconds())
        if lst.timer_started_at
        else 0,
        "upcoming": upcoming[:5],
    }


def room(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    context = _room_context(lst) | {
        "session": lst.session,
        "can_manage": permissions.can_manage(request.user),
    }
    return render(request, "meetings/room.html", context)


def room_fragment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = _list(request, slug, pk)
    return render(request, "meetings/_room_now.html", _room_context(lst))


# --------------------------------------------------------------------------------------------
# draft resolutions


def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    drafts = (
        permissions.draft_resolutions_visible_to(request.user)
        .filter(session=session)
        .select_related("submitted_by__state", "document")
        .prefetch_related("sponsors")
    )
    return render(
        request,
        "meetings/resolutions.html",
        {
            "session": session,
            "drafts": drafts,
            "deadline": services.draft_resolution_deadline(session),
            "form": forms.DraftResolutionForm(),
            "status_form": forms.ResolutionStatusForm(),
            "can_manage": permissions.can_manage(request.user),
            "own_state": _own_state(request),
            "is_delegate": bool(permissions.delegate_state_ids(request.user)),
        },
    )


@login_required
@require_POST
@domain_errors
def submit_resolution(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session(request, slug)
    form = forms.DraftResolutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("meetings:resolutions", slug=slug)
    codes = [c.strip().upper() for c in form.cleaned_data["sponsors"].split(",") if c.strip()]
    sponsors = list(State.objects.filter(iso3__in=codes))
    delegation = _ensure_own_delegation(request, session)
    services.submit_draft_resolution(
        actor=request.user,
        delegation=delegation,
        title=form.cleaned_data["title"],
        sponsors=sponsors,
        late_reason=form.cleaned_data["late_reason"],
    )
    messages.success(request, _("The draft resolution was submitted."))
    return redirect("meetings:resolutions", slug=slug)


@login_required
@require_POST
@domain_errors
def resolution_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug)
    draft = permissions.draft_resolutions_visible_to(request.user).filter(session=session, pk=pk).first()
    if draft is None:
        raise Http404
    if request.POST.get("action") == "sponsor":
        state = _own_state(request)
        if state is None:
            raise Http404
        services.sponsor_draft_resolution(actor=request.user, draft=draft, state=state)
    else:
        form = forms.ResolutionStatusForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Choose a status."))
        services.set_draft_resolution_status(actor=request.user, draft=draft, **form.cleaned_data)
    return redirect("meetings:resolutions", slug=slug)
