"""Pages of the knowledge library: the list (filters, full-text search, downloads), a document, the
form to submit one, and the secretariat's publish buttons. Every object is fetched through
`permissions.visible_to`: what the user may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from irm.convention.models import Article
from irm.core.errors import form_error, refusals_to_messages
from irm.core.exceptions import DomainError, InvalidInput
from irm.core.i18n import localized
from irm.core.uploads import attachment_response, upload_bytes
from irm.library import exports, permissions, selectors, services
from irm.library.forms import FileForm, SubmitForm
from irm.library.models import LANGUAGES, DocumentFile, DocumentType, LibraryDocument, Status
from irm.parties.models import State

PER_PAGE = 25


def _document(request: HttpRequest, pk: int) -> LibraryDocument:
    document = permissions.visible_to(request.user).select_related("state").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def _choices(request: HttpRequest) -> dict[str, Any]:
    states = State.objects.filter(pk__in=permissions.visible_to(request.user).values("state_id")).order_by(
        "iso3"
    )
    return {
        "states": sorted(((s.iso3, localized(s, "name")) for s in states), key=lambda p: p[1]),
        "articles": [(a.number, localized(a, "title")) for a in Article.objects.order_by("number")],
        "file_languages": [(code, str(name)) for code, name in LANGUAGES.items()],
        "types": DocumentType.choices,
        "statuses": Status.choices,
    }


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.parse(request.GET)
    documents = selectors.search(request.user, filters)
    fmt = request.GET.get("format", "")
    if fmt in exports.CONTENT_TYPES:
        found = documents[: exports.MAX_ROWS + 1]
        if len(found) > exports.MAX_ROWS:
            messages.error(request, _("The search has more results than one download may hold; narrow it."))
            return redirect(reverse("library:list"))
        response = HttpResponse(exports.render(found, fmt), content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="irm-library.{fmt}"'
        return response
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "can_submit": permissions.can_submit(request.user),
        "sees_unpublished": permissions.sees_unpublished(request.user),
        **_choices(request),
    }
    return render(request, "library/list.html", context)


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    context = {
        "document": document,
        "files": list(document.files.order_by("pk")),
        "articles": [(a.number, localized(a, "title")) for a in document.articles.order_by("number")],
        "can_add_file": permissions.can_add_file(request.user, document),
        "can_publish": permissions.can_publish(request.user),
        "file_form": FileForm(),
    }
    return render(request, "library/detail.html", context)


@require_GET
def file_download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    document = _document(request, pk)
    item = DocumentFile.objects.filter(document=document, pk=file_id).first()
    if item is None:
        raise Http404
    return attachment_response(item.file.open("rb"), filename=item.filename, file_type=item.file_type)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if not permissions.can_submit(request.user):
        raise Http404
    states = permissions.submittable_states(request.user).order_by("iso3")
    form = SubmitForm(request.POST or None, request.FILES or None, states=states)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            document = services.submit_document(
                actor=request.user,
                state=data["state"],
                type=data["type"],
                title=data["title"],
                description=data["description"],
                articles=[a.number for a in data["articles"]],
                date=data["date"],
                source=data["source"],
                language=data["language"],
                translation=data["translation"],
                filename=upload.name or "file",
                content=upload_bytes(upload, kind="library_document"),
            )
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            messages.success(request, _("The document was submitted; the secretariat publishes it."))
            return redirect("library:document", pk=document.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "library/submit.html", {"form": form}, status=status)


@login_required
@require_POST
@refusals_to_messages("library:list")
def add_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput(_("Choose a file, its language and whether it is a translation."))
    upload = form.cleaned_data["file"]
    services.add_file(
        actor=request.user,
        document=document,
        language=form.cleaned_data["language"],
        translation=form.cleaned_data["translation"],
        filename=upload.name or "file",
        content=upload_bytes(upload, kind="library_document"),
    )
    messages.success(request, _("The file was added."))
    return redirect("library:document", pk=pk)


@login_required
@require_POST
@refusals_to_messages("library:list")
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if request.POST.get("action") == "unpublish":
        services.unpublish_document(
            actor=request.user, document=document, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The document is no longer published."))
    else:
        services.publish_document(actor=request.user, document=document)
        messages.success(request, _("The document is published."))
    return redirect("library:document", pk=pk)
