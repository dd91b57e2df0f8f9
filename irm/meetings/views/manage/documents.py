"""The secretariat registers documents, uploads a file per language, links or generates platform outputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.errors import flash_error
from irm.core.exceptions import DomainError
from irm.meetings import forms, services
from irm.meetings.models import LANGUAGES, Document, OutputKind, Session
from irm.meetings.views.base import domain_errors, visible_session
from irm.meetings.views.manage.base import attempt, manager_only


@manager_only
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    session = visible_session(request, slug)
    form = forms.DocumentForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        created: list[Document] = []
        if attempt(
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


def _document_forms(
    request: HttpRequest, session: Session, document: Document, action: str | None
) -> dict[str, Any]:
    """The page's four forms; only the one the action names is bound to the request."""

    def data(name: str) -> Any:
        return request.POST if action == name else None

    initial = {f: getattr(document, f) for f in services.DOCUMENT_FIELDS}
    return {
        "details": forms.DocumentForm(data("details"), session=session, initial=initial),
        "upload": forms.DocumentFileForm(data("upload"), request.FILES if action == "upload" else None),
        "link": forms.DocumentLinkForm(data("link")),
        "generate": forms.TaNeedsOutputForm(data("generate"), initial={"as_of": timezone.localdate()}),
    }


def _form_call(actor: Any, document: Document, action: str, data: dict[str, Any]) -> Callable[[], Any]:
    """The service a valid form of the page calls."""
    if action == "details":
        return lambda: services.update_document(actor=actor, document=document, **data)
    if action == "upload":
        return lambda: services.attach_document_file(
            actor=actor, document=document, language=data["language"], file=data["file"]
        )
    if action == "generate":
        return lambda: services.issue_platform_output(
            actor=actor,
            document=document,
            kind=OutputKind.TA_NEEDS_ANALYSIS,
            identifier=f"cycle-{data['cycle']}@{data['as_of'].isoformat()}",
            languages=data["languages"],
        )
    return lambda: services.link_document_output(actor=actor, document=document, **data)


def _remove(request: HttpRequest, document: Document, action: str) -> bool:
    """Remove a language version or a link (buttons without a form): a refusal becomes a message."""
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
    except DomainError as exc:
        flash_error(request, exc)
        return False
    return True


@manager_only
def document_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    document = get_object_or_404(session.documents, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in DOCUMENT_ACTIONS:
        raise Http404
    page_forms = _document_forms(request, session, document, action)
    form = page_forms.get(action or "")
    if action in {"remove_file", "unlink"}:
        done = _remove(request, document, action)
    elif form is not None and form.is_valid():
        done = attempt(form, _form_call(request.user, document, str(action), form.cleaned_data))
    else:
        done = False
    if done:
        messages.success(request, _("%(s)s saved.") % {"s": document.symbol})
        return redirect("meetings:manage-document", slug=slug, pk=pk)
    document.refresh_from_db()
    files = {f.language: f for f in document.files.all()}
    if not services.output_generator(OutputKind.TA_NEEDS_ANALYSIS):
        page_forms["generate"] = None
    return render(
        request,
        "meetings/manage/document.html",
        {
            "session": session,
            "document": document,
            **page_forms,
            "versions": [(code, label, files.get(code)) for code, label in LANGUAGES],
            "links": document.links.all(),
        },
        status=422 if form is not None and form.errors else 200,
    )


@manager_only
@require_POST
@domain_errors
def document_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = visible_session(request, slug)
    document = get_object_or_404(session.documents, pk=pk)
    symbol = document.symbol
    services.delete_document(actor=request.user, document=document)
    messages.success(request, _("%(s)s was deleted.") % {"s": symbol})
    return redirect("meetings:manage-documents", slug=slug)
