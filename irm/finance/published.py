"""The secretariat's published financial reports as public pages (issue 16 §7, docs/RULES.md R-FN1).

A report the secretariat published is a public document: its list and its page are read by anyone,
signed in or not, with its Word and PDF files (built from the report's frozen figures, within the
documents app's rate limit). A draft (issued, not published) is the secretariat's only: 404 otherwise.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from irm.core.exceptions import DomainError
from irm.core.limits import language_param, rate_limited
from irm.core.middleware import confidential, public_page
from irm.documents.views import answer as document_answer
from irm.finance import jobs, permissions, services
from irm.finance.documents import narrative
from irm.finance.models import FinanceReport


def _report(request: HttpRequest, as_of: str) -> FinanceReport:
    try:
        day = date.fromisoformat(as_of)
    except ValueError:
        raise Http404 from None
    found = permissions.visible_to(request.user).filter(as_of=day).first()
    if found is None:
        raise Http404
    return found


@public_page
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    reports = permissions.visible_to(request.user).order_by("-as_of")[:200]
    return render(
        request,
        "finance/published_list.html",
        {"reports": reports, "can_publish": permissions.can_publish_report(request.user)},
    )


@public_page
@require_GET
def report_page(request: HttpRequest, as_of: str) -> HttpResponse:
    report = _report(request, as_of)
    language = "zh" if (request.LANGUAGE_CODE or "en").startswith("zh") else "en"
    response = render(
        request,
        "finance/published_report.html",
        {
            "report": report,
            "figures": report.figures,
            "paragraphs": narrative(report.figures, language),
            "can_publish": permissions.can_publish_report(request.user),
        },
    )
    if report.published_on is None:  # a draft: the secretariat's, never stored
        response["Cache-Control"] = "no-store"
    return response


@public_page
@require_GET
@rate_limited("documents")
def report_file(request: HttpRequest, as_of: str, fmt: str) -> HttpResponse:
    report = _report(request, as_of)
    if fmt not in ("docx", "pdf"):
        raise Http404
    language = language_param(request.GET.get("lang"), allowed=("en", "zh"))
    return document_answer(
        request, jobs.request_issued_report(actor=request.user, report=report, language=language, fmt=fmt)
    )


@confidential
@require_POST
def publish(request: HttpRequest, as_of: str) -> HttpResponse:
    if not permissions.can_publish_report(request.user):
        raise Http404
    report = _report(request, as_of)
    try:
        services.publish_report(actor=request.user, report=report)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is published: anyone can read it now."))
    return redirect("finance:published-report", as_of=report.as_of.isoformat())
