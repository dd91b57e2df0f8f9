"""Analysis pages: parse the filters, ask the selectors within the user's scope, render."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation

from irm.analysis import charts, jobs, permissions, reports, selectors
from irm.analysis.forms import NeedsFilterForm, ThematicForm
from irm.analysis.texts import COUNTING_RULES
from irm.core.content_cache import cached_for_public, per_content_version
from irm.core.errors import form_error
from irm.core.exceptions import DomainError
from irm.core.limits import answers_bad_requests, cached_render, language_param, rate_limited
from irm.core.middleware import public_page
from irm.documents.views import answer as document_answer

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "svg": "image/svg+xml",
    "png": "image/png",
}


def _report_language(request: HttpRequest) -> str:
    """The report's language: `lang` (English or Chinese, the languages the texts exist in), else the page's."""
    requested = request.GET.get("lang")
    if requested:
        return language_param(requested, allowed=("en", "zh"))
    return "zh" if (translation.get_language() or "").startswith("zh") else "en"


def _download(content: str | bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    if fmt not in ("svg", "png"):
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@public_page
@cached_for_public
@answers_bad_requests
def dashboard(request: HttpRequest) -> HttpResponse:
    form = NeedsFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "published_only": not permissions.sees_unpublished(request.user)}
    if form.is_valid():
        f = form.needs_filter()
        try:
            data = _report_data(f, scope=permissions.review_scope(request.user))
        except DomainError as exc:
            form_error(form, exc)
        else:
            language = _report_language(request)
            main = data["main"]
            context.update(
                doc=main,
                language=language,
                paragraphs=reports.overall_paragraphs(main, language)
                + reports.region_paragraphs(main, language)
                + reports.category_paragraphs(main, language),
                figures=[(c.key, c.caption) for c in charts.all_figures(data, language)],
                group_paragraphs=[
                    p
                    for chapter in charts.article_chapters(data)
                    for p in reports.group_paragraphs(main, chapter, language)
                ]
                + reports.separate_paragraphs(main, language),
                tables=reports.needs_tables(main, language),
                query=request.GET.urlencode(),
                counting_rules=COUNTING_RULES[language],
            )
    return render(request, "analysis/dashboard.html", context)


def _report_data(f: selectors.NeedsFilter, *, scope: Any) -> dict[str, Any]:
    """The report's data; every review's (the secretariat's scope) is the same for all who see it, so it
    is kept per content version; a narrower scope is a user's own and is computed each time."""
    if scope is not None:
        return reports.needs_report_data(f, scope=scope)
    return per_content_version("needs-report", repr(f), lambda: reports.needs_report_data(f))


def _needs_filter(request: HttpRequest) -> selectors.NeedsFilter:
    form = NeedsFilterForm(request.GET)
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    return form.needs_filter()


@rate_limited("documents")
def needs_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("json", "csv", "xlsx"):
        raise Http404
    try:
        f = _needs_filter(request)
        doc = selectors.ta_needs(f, scope=permissions.review_scope(request.user))
    except (ValueError, DomainError) as exc:
        return HttpResponseBadRequest(str(exc))
    name = f"ta-needs-cycle{f.cycle}-{f.as_of.isoformat()}"
    if fmt == "csv":
        return _download(reports.needs_csv(doc), fmt, name)
    if fmt == "xlsx":
        return _download(cached_render("ta-needs-xlsx", doc, lambda: reports.needs_xlsx(doc)), fmt, name)
    return _download(json.dumps(doc, ensure_ascii=False, indent=2), fmt, name)


@public_page
@rate_limited("documents")
def chart(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if fmt not in ("svg", "png"):
        raise Http404
    language = _report_language(request)
    try:
        f = _needs_filter(request)
        data = _report_data(f, scope=permissions.review_scope(request.user))
        figure = charts.one_figure(data, key, language)
    except (ValueError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status == 404:
            raise Http404 from exc
        return HttpResponseBadRequest(str(exc))
    content = {"data": data, "key": key, "language": language, "format": fmt}
    return _download(cached_render("ta-needs-chart", content, lambda: figure.render(fmt)), fmt, key)


@rate_limited("documents")
def needs_report(request: HttpRequest) -> HttpResponse:
    """The Word report: at once when this content version is ready, else the worker's progress page."""
    language = _report_language(request)
    form = NeedsFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    f = form.needs_filter()
    try:
        data = reports.needs_report_data(f, scope=permissions.review_scope(request.user))
    except DomainError as exc:
        return HttpResponseBadRequest(exc.message)
    job = jobs.request_report(
        actor=request.user,
        report="needs",
        form=form,
        language=language,
        # The report says the day it was generated: the day is part of its content version.
        version={"data": data, "on": date.today()},
        filename=f"ta-needs-cycle{f.cycle}-{f.as_of.isoformat()}-{language}",
    )
    return document_answer(request, job)


def _thematic(request: HttpRequest) -> dict[str, Any]:
    form = ThematicForm(request.GET)
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    d = form.cleaned_data
    return selectors.thematic(
        cycle=d["cycle"],
        chapter=d["chapter"],
        as_of=d["as_of"],
        region=d.get("region") or None,
        scope=permissions.review_scope(request.user),
    )


@answers_bad_requests
def thematic_page(request: HttpRequest) -> HttpResponse:
    form = ThematicForm(request.GET)
    context: dict[str, Any] = {"form": form, "published_only": not permissions.sees_unpublished(request.user)}
    if form.is_valid():
        try:
            doc = _thematic(request)
        except (ValueError, DomainError) as exc:
            form.add_error(None, str(exc))
        else:
            context.update(doc=doc, query=request.GET.urlencode(), method=_method(request))
    return render(request, "analysis/thematic.html", context)


def _method(request: HttpRequest) -> str:
    from irm.analysis.themes import METHOD

    return METHOD[_report_language(request)]


@rate_limited("documents")
def thematic_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("json", "docx"):
        raise Http404
    try:
        doc = _thematic(request)
    except (ValueError, DomainError) as exc:
        return HttpResponseBadRequest(str(exc))
    name = f"thematic-cycle{doc['cycle']}-chapter{doc['chapter']}" + (
        f"-{doc['region']}" if doc["region"] else ""
    )
    if fmt == "docx":
        language = _report_language(request)
        form = ThematicForm(request.GET)
        form.is_valid()  # valid: _thematic parsed it
        job = jobs.request_report(
            actor=request.user,
            report="thematic",
            form=form,
            language=language,
            version={"doc": doc},
            filename=f"{name}-{language}",
        )
        return document_answer(request, job)
    return _download(json.dumps(doc, ensure_ascii=False, indent=2), fmt, name)
