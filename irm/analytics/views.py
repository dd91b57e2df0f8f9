"""Analytics pages: the process analytics (secretariat's and public versions) and the proposals.

Thin: parse, ask permissions and selectors, call one service, render. The proposals' pages answer 404
to everybody but the secretariat; they are `@confidential` (never stored), and every answer to a
logged-in user is `no-store` anyway (`irm.core.middleware`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from irm.analytics import charts, exports, jobs, notes, permissions, selectors, services, simulation
from irm.analytics.forms import ProcessForm, ProposalForm
from irm.analytics.models import Proposal
from irm.analytics.simulation import texts as simulation_texts
from irm.core.exceptions import DomainError
from irm.core.limits import (
    BadRequest,
    answers_bad_requests,
    bad_request,
    cached_render,
    format_param,
    rate_limited,
)
from irm.core.middleware import confidential, public_page
from irm.documents.views import answer as document_answer

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
    "png": "image/png",
}
MAX_COMPARED = 6


def _download(content: str | bytes, fmt: str, filename: str) -> HttpResponse:
    """A file; `Cache-Control: no-store` comes from `irm.core.middleware` for every logged-in user."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    if fmt not in ("svg", "png"):
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _public(request: HttpRequest) -> bool:
    """The public version for everybody but the secretariat; the secretariat may preview it."""
    return not permissions.sees_every_cell(request.user) or request.GET.get("public") == "1"


def _report(request: HttpRequest) -> tuple[dict[str, Any], Any]:
    form = ProcessForm(request.GET)
    if not form.is_valid():
        raise Http404
    number, as_of = form.values()
    if number is None:
        raise Http404
    cycle = selectors.get_cycle(number)
    return selectors.process_report(cycle, as_of=as_of, public=_public(request)), cycle


@public_page
@answers_bad_requests
def process(request: HttpRequest) -> HttpResponse:
    try:
        report, cycle = _report(request)
    except DomainError as exc:
        raise Http404 from exc
    query = request.GET.copy()
    query["cycle"], query["as_of"] = str(report["cycle"]), report["as_of"]
    context = {
        "form": ProcessForm(initial={"cycle": report["cycle"], "as_of": report["as_of"]}),
        "report": report,
        "cycle": cycle,
        "tables": exports.tables(report),
        "charts": charts.captions(),
        "query": query.urlencode(),
        "sees_every_cell": permissions.sees_every_cell(request.user),
        "can_manage_proposals": permissions.can_manage_proposals(request.user),
    }
    return render(request, "analytics/process.html", context)


@public_page
@rate_limited("documents")
def process_download(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = format_param(fmt, allowed=("json", "csv", "xlsx"), default="json")
    try:
        report, cycle = _report(request)
    except DomainError as exc:
        raise Http404 from exc
    name = f"process-cycle{report['cycle']}-{report['as_of']}" + ("-public" if report["public"] else "")
    if fmt == "json":
        return _download(json.dumps(report, ensure_ascii=False, indent=2), fmt, name)
    reviews = (
        None if report["public"] else selectors.review_rows(cycle, as_of=date.fromisoformat(report["as_of"]))
    )
    tables = exports.tables(report, reviews)
    if fmt == "csv":
        return _download(exports.as_csv(tables), fmt, name)
    content = {"report": report, "reviews": reviews}
    return _download(
        cached_render("analytics-process-xlsx", content, lambda: exports.as_xlsx(tables)), fmt, name
    )


@public_page
@rate_limited("documents")
def process_chart(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if key not in charts.CHARTS:
        raise Http404
    fmt = format_param(fmt, allowed=("svg", "png"), default="svg")
    try:
        report, _cycle = _report(request)
    except DomainError as exc:
        raise Http404 from exc
    content = {"report": report, "key": key, "format": fmt}
    image = cached_render("analytics-chart", content, lambda: charts.process_chart(report, key, fmt=fmt))
    return _download(image, fmt, key)


# --- proposals (the secretariat's) -----------------------------------------------------------------------


def _require_secretariat(request: HttpRequest) -> None:
    if not permissions.can_manage_proposals(request.user):
        raise Http404


@confidential
def proposals(request: HttpRequest) -> HttpResponse:
    _require_secretariat(request)
    items = list(permissions.visible_proposals(request.user))
    return render(request, "analytics/proposals.html", {"proposals": items, "max_compared": MAX_COMPARED})


@confidential
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_secretariat(request)
    proposal = get_object_or_404(permissions.visible_proposals(request.user), pk=pk) if pk else None
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                saved = _save(request, form, proposal)
            except DomainError as exc:
                form.add_error(
                    exc.details.get("field") if exc.details.get("field") in form.fields else None, exc.message
                )
            else:
                messages.success(request, _("Proposal saved."))
                return redirect("analytics:proposal", pk=saved.pk)
    else:
        form = ProposalForm(initial=ProposalForm.initial_from(proposal) if proposal else None)
    result = _result(proposal) if proposal and request.method == "GET" else None
    context = {
        "form": form,
        "proposal": proposal,
        "result": result,
        "result_rows": simulation_texts.comparison([result]) if result else [],
        "sources": selectors.simulation_defaults().sources,
    }
    return render(request, "analytics/proposal_form.html", context)


def _save(request: HttpRequest, form: ProposalForm, proposal: Proposal | None) -> Proposal:
    data = form.cleaned_data
    if proposal is None:
        return services.create_proposal(
            actor=request.user, name=data["name"], description=data["description"], config=form.config()
        )
    version = int(request.POST.get("version") or 0)
    return services.update_proposal(
        actor=request.user,
        proposal=proposal,
        version=version,
        name=data["name"],
        description=data["description"],
        config=form.config(),
    )


def _result(proposal: Proposal) -> dict[str, Any] | None:
    try:
        return selectors.simulate_proposal(simulation.from_stored(proposal.config))
    except DomainError:
        return None


@require_POST
def proposal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    proposal = get_object_or_404(permissions.visible_proposals(request.user), pk=pk)
    services.delete_proposal(actor=request.user, proposal=proposal)
    messages.success(request, _("Proposal deleted."))
    return redirect("analytics:proposals")


def _chosen(request: HttpRequest) -> list[Proposal]:
    """The proposals named by `?p=…` (at most six, in the order given) that the user may see; 404 if none."""
    ids = request.GET.getlist("p")[: MAX_COMPARED + 1]
    if not ids or len(ids) > MAX_COMPARED or not all(i.isdigit() and len(i) < 12 for i in ids):
        raise Http404
    visible = permissions.visible_proposals(request.user).filter(pk__in=[int(i) for i in ids])
    found = {p.pk: p for p in visible}
    chosen = [found[int(i)] for i in dict.fromkeys(ids) if int(i) in found]
    if not chosen:
        raise Http404
    return chosen


def _compared(request: HttpRequest) -> tuple[list[Proposal], list[dict[str, Any]]]:
    chosen = _chosen(request)
    return chosen, jobs.results_of(chosen)


@confidential
def compare(request: HttpRequest) -> HttpResponse:
    _require_secretariat(request)
    chosen, results = _compared(request)
    context = {
        "proposals": chosen,
        "results": results,
        "rows": simulation_texts.comparison(results),
        "query": request.GET.urlencode(),
        "note_languages": notes.LANGUAGES,
    }
    return render(request, "analytics/compare.html", context)


@rate_limited("documents")
def compare_chart(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_secretariat(request)
    fmt = format_param(fmt, allowed=("svg", "png"), default="svg")
    chosen, results = _compared(request)
    names = [p.name for p in chosen]
    content = {"results": results, "names": names, "format": fmt}
    image = cached_render(
        "analytics-proposals-chart", content, lambda: charts.proposals_chart(results, names, fmt=fmt)
    )
    return _download(image, fmt, "proposals")


@rate_limited("documents")
def evidence_note(request: HttpRequest, fmt: str) -> HttpResponse:
    """The note as JSON at once; as Word or PDF, made by the worker (the job page shows its progress)."""
    _require_secretariat(request)
    fmt = format_param(fmt, allowed=("docx", "pdf", "json"), default="docx")
    chosen = _chosen(request)
    if fmt == "json":
        results = jobs.results_of(chosen)
        document = {"proposals": [{"name": p.name, **r} for p, r in zip(chosen, results, strict=True)]}
        return _download(json.dumps(document, ensure_ascii=False, indent=2), fmt, "proposals")
    try:
        job = jobs.request_evidence_note(
            actor=request.user, proposals=chosen, language=request.GET.get("lang"), fmt=fmt
        )
    except BadRequest as exc:
        return bad_request(request, exc)
    return document_answer(request, job)
