"""The analysis reports (the TA-needs analysis and the thematic reports, Word) as background document jobs.

A report counts the executive summaries its reader may see (`permissions.review_scope`): a job records
the scope it was asked in, and only a user with the same scope may read it.

Imported by the AppConfig at every start: the Word writers (`reports`) are imported when a job is built
(issue 18 §3).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from irm.analysis import permissions, selectors
from irm.analysis.forms import NeedsFilterForm, ThematicForm
from irm.core.exceptions import InvalidInput
from irm.core.i18n import LANGUAGE_NAMES
from irm.documents import services as documents
from irm.documents.models import DocumentJob
from irm.documents.registry import Build, Kind, register

KIND = "analysis.report"
FORMS = {"needs": NeedsFilterForm, "thematic": ThematicForm}


def scope_key(user: Any) -> str:
    """Which executive summaries this user's analysis counts: every one, or a hash of the visible ones."""
    scope = permissions.review_scope(user)
    if scope is None:
        return "all"
    ids = ",".join(str(pk) for pk in scope.order_by("pk").values_list("pk", flat=True))
    return hashlib.sha256(ids.encode()).hexdigest()[:32]


def allowed(user: Any, params: dict[str, Any]) -> bool:
    return params.get("scope") == scope_key(user)


def _form(report: str, query: dict[str, str]) -> Any:
    form = FORMS[report](query)
    if not form.is_valid():
        raise InvalidInput(form.errors.as_text(), code="invalid_filter")
    return form


def build(job: Build) -> bytes:
    from irm.analysis import reports

    params = job.params
    form = _form(params["report"], params["query"])
    scope = permissions.review_scope(job.user)
    if params["report"] == "needs":
        data = reports.needs_report_data(form.needs_filter(), scope=scope)
        job.progress(40)
        return reports.needs_docx(data, params["language"], generated_on=date.fromisoformat(params["on"]))
    d = form.cleaned_data
    doc = selectors.thematic(
        cycle=d["cycle"], chapter=d["chapter"], as_of=d["as_of"], region=d.get("region") or None, scope=scope
    )
    job.progress(40)
    return reports.thematic_docx(doc, params["language"])


def request_report(
    *, actor: Any, report: str, form: Any, language: str, version: Any, filename: str
) -> DocumentJob:
    """The job of an analysis report (the caller validated the filter `form` and counted the data)."""
    query = {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in form.cleaned_data.items() if v}
    on = date.today().isoformat()  # the report says the day it was generated
    title = (
        _("Analysis of technical-assistance needs (%(language)s, Word)")
        if report == "needs"
        else _("Thematic report (%(language)s, Word)")
    ) % {"language": LANGUAGE_NAMES[language]}
    return documents.request_document(
        actor=actor,
        kind=KIND,
        params={"report": report, "query": query, "language": language, "on": on, "scope": scope_key(actor)},
        version=version,
        title=title,
        filename=f"{filename}.docx",
    )


def register_kinds() -> None:
    register(Kind(name=KIND, build=build, allowed=allowed))
