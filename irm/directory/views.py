"""Pages of the directory: the search with its exports (public, restricted contacts only for those
allowed), a State's page with its treaty status, an entry's versions, proposals and their decision,
and the import (secretariat)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.errors import flash_error, form_error
from irm.core.exceptions import DomainError
from irm.core.tabular import write_table
from irm.core.uploads import hold, take_held, upload_bytes
from irm.directory import imports, languages, permissions, selectors, services
from irm.directory.forms import EntryForm, FilterForm, ImportForm, RejectForm
from irm.directory.models import Entry, Proposal
from irm.parties.selectors import state_by_iso3

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
SESSION_KEY = "directory-import"


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.Filters(
        state=data.get("state", ""),
        article=data.get("article", ""),
        language=data.get("language", ""),
        electronic=data.get("electronic", ""),
    )


def entry_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    entries = selectors.search(request.user, filters)
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "rows": selectors.shown(selectors.items(request.user, entries)),
            "query": urlencode(filters.as_query()),
            "can_decide": permissions.can_decide(request.user),
            "sees_restricted": permissions.can_view_restricted(request.user),
        },
    )


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    _form, filters = _filters(request)
    rows = selectors.items(request.user, selectors.search(request.user, filters))
    if fmt == "json":
        content: bytes = json.dumps(
            {"count": len(rows), "items": rows}, ensure_ascii=False, indent=1
        ).encode()
    else:
        content = write_table(
            selectors.EXPORT_HEADER, selectors.export_rows(rows), fmt, title="directory", bom=fmt == "csv"
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="irm-directory.{fmt}"'
    return response


def _state(iso3: str) -> Any:
    state = state_by_iso3(iso3)
    if state is None:
        raise Http404
    return state


def state_page(request: HttpRequest, iso3: str) -> HttpResponse:
    state = _state(iso3)
    entries = selectors.entries_of(request.user, state)
    proposals = permissions.proposals_visible_to(request.user).filter(
        state=state, status=Proposal.Status.PENDING
    )
    return render(
        request,
        "directory/state.html",
        {
            "state": state,
            "status": selectors.treaty_status(state),
            "rows": selectors.shown(selectors.items(request.user, entries)),
            "can_propose": permissions.can_propose(request.user, state),
            "proposals": proposals,
        },
    )


def history(request: HttpRequest, pk: int) -> HttpResponse:
    entry = permissions.visible_to(request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    versions = [(v, selectors.version_data(request.user, v.data)) for v in entry.versions.order_by("-number")]
    return render(request, "directory/history.html", {"entry": entry, "versions": versions})


@login_required
def propose(request: HttpRequest, iso3: str) -> HttpResponse:
    state = _state(iso3)
    if not permissions.can_propose(request.user, state):
        raise Http404
    entry = None
    if request.GET.get("entry", "").isdigit():
        entry = Entry.objects.filter(state=state, pk=int(request.GET["entry"])).first()
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            provision, as_of = data.pop("provision"), data.pop("as_of")
            try:
                services.propose_change(
                    actor=request.user, state=state, provision=provision, data=data, as_of=as_of, entry=entry
                )
            except DomainError as exc:
                status = form_error(form, exc)
            else:
                messages.success(request, _("Your proposal was sent to the secretariat."))
                return redirect("directory:state", iso3=state.iso3)
        else:
            status = 422
    else:
        initial: dict[str, Any] = {}
        if entry is not None:
            initial = {name: getattr(entry, name) for name in EntryForm.base_fields if hasattr(entry, name)}
            initial["languages"] = "; ".join(languages.label(c) for c in entry.languages)
        form = EntryForm(initial=initial)
    return render(
        request, "directory/propose.html", {"state": state, "entry": entry, "form": form}, status=status
    )


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_proposals(request.user):
        raise Http404
    rows = permissions.proposals_visible_to(request.user)
    return render(
        request,
        "directory/proposals.html",
        {
            "pending": [
                (p, selectors.version_data(request.user, p.data)) for p in rows.filter(status="pending")
            ],
            "decided": rows.exclude(status="pending")[:50],
            "can_decide": permissions.can_decide(request.user),
            "reject_form": RejectForm(),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_decide(request.user):
        raise Http404
    proposal = permissions.proposals_visible_to(request.user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    try:
        if request.POST.get("decision") == "approve":
            services.approve_proposal(actor=request.user, proposal=proposal)
            messages.success(request, _("The change is in the directory."))
        else:
            services.reject_proposal(
                actor=request.user, proposal=proposal, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The proposal was rejected."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("directory:proposals")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Step 1: upload; the file is checked and the preview says what each row would do."""
    if not permissions.can_decide(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload_bytes(upload, kind="import")
        filename = upload.name or "directory.csv"
        try:
            checked = imports.check_file(content, filename)
        except DomainError as exc:
            return render(
                request, "directory/import.html", {"form": form}, status=form_error(form, exc, field="file")
            )
        if checked.ok:
            request.session[SESSION_KEY] = [hold(content, suffix="dir"), filename]
        return render(request, "directory/import.html", {"form": ImportForm(), "checked": checked})
    return render(request, "directory/import.html", {"form": form})


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: import the previewed file, all or nothing."""
    if not permissions.can_decide(request.user):
        raise Http404
    token, filename = request.session.pop(SESSION_KEY, None) or ("", "")
    content = take_held(token, suffix="dir") if token else None
    if content is None:
        messages.error(request, _("This upload expired; upload the file again."))
        return redirect("directory:import")
    try:
        checked = imports.import_file(actor=request.user, content=content, filename=filename)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("directory:import")
    if not checked.ok:
        messages.error(request, _("The file has errors; nothing was imported."))
        return render(
            request, "directory/import.html", {"form": ImportForm(), "checked": checked}, status=422
        )
    messages.success(
        request,
        _(
            "Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, %(skipped_newer)d kept as newer."
        )
        % checked.outcomes,
    )
    return redirect("directory:list")
