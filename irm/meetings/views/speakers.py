"""A list of speakers: requests, changes, swaps, videos and offers; printable and exported lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.documents import PdfUnavailable, pdf_available
from irm.core.errors import http_status, message_of
from irm.core.exceptions import DomainError
from irm.core.limits import answers_bad_requests, cached_render, language_param, rate_limited
from irm.meetings import exports, forms, permissions, selectors, services
from irm.meetings.models import AgendaItem, EntryStatus, SpeakerEntry, SpeakersList, SwapRequest, SwapStatus
from irm.meetings.views.base import domain_errors, ensure_own_delegation, own_delegation, visible_list


def speakers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    rows = selectors.speakers_rows(lst)
    own = own_delegation(request, lst.session)
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
    lst = visible_list(request, slug, pk)
    form = forms.SpeakerRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the request form."))
        return redirect("meetings:speakers", slug=slug, pk=pk)
    if request.FILES:
        messages.error(request, _("Send video statements as a link, never as an attachment."))
        return redirect("meetings:speakers", slug=slug, pk=pk)
    delegation = ensure_own_delegation(request, lst.session)
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
    lst = visible_list(request, slug, pk)
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
    lst = visible_list(request, slug, pk)
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


def _export_language(request: HttpRequest) -> str:
    return language_param(request.GET.get("lang"), allowed=exports.EXPORT_LANGUAGES)


@answers_bad_requests
def speakers_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    lst = visible_list(request, slug, pk)
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


@rate_limited("documents")
def speakers_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    lst = visible_list(request, slug, pk)
    language = _export_language(request)
    content = {"list": lst.pk, "rows": exports.rows_for_export(lst, language), "format": fmt}
    name = f"speakers-{lst.session.slug}-{lst.agenda_item.label.replace(' ', '')}-{language}"
    if fmt == "csv":
        response = HttpResponse(exports.speakers_csv(lst, language), content_type="text/csv; charset=utf-8")
    elif fmt == "docx":
        response = HttpResponse(
            cached_render("speakers", content, lambda: exports.speakers_docx(lst, language)),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "pdf":
        try:
            pdf = cached_render("speakers", content, lambda: exports.speakers_pdf(lst, language))
            response = HttpResponse(pdf, content_type="application/pdf")
        except PdfUnavailable as exc:
            return HttpResponse(
                message_of(exc), status=http_status(exc), content_type="text/plain; charset=utf-8"
            )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
