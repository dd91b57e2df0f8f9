"""The financial report (Word or PDF) as a background document job (irm.documents)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from irm.core.documents import docx_to_pdf
from irm.core.i18n import LANGUAGE_NAMES
from irm.documents import services as documents
from irm.documents.models import DocumentJob
from irm.documents.registry import Build, Kind, register
from irm.finance import permissions, selectors
from irm.finance.documents import report_docx

KIND = "finance.report"


def allowed(user: Any, params: dict[str, Any]) -> bool:
    return permissions.can_view_reports(user)


def build(job: Build) -> bytes:
    since = job.params.get("since")
    report = selectors.build_report(
        date.fromisoformat(job.params["as_of"]), since=date.fromisoformat(since) if since else None
    )
    content = report_docx(report, job.params["language"])
    if job.params["format"] == "pdf":
        job.progress(50)
        content = docx_to_pdf(content)
    return content


def request_report(
    *, actor: Any, report: dict[str, Any], as_of: date, since: date | None, language: str, fmt: str
) -> DocumentJob:
    """The job of the report as at `as_of` (the caller checked the user, the language and the format)."""
    params = {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "language": language,
        "format": fmt,
    }
    return documents.request_document(
        actor=actor,
        kind=KIND,
        params=params,
        version=report,
        title=_("Financial report as at %(date)s (%(language)s, %(format)s)")
        % {"date": as_of.isoformat(), "language": LANGUAGE_NAMES[language], "format": fmt.upper()},
        filename=f"finance-report-{as_of.isoformat()}-{language}.{fmt}",
    )


#: An issued report from its frozen figures: public once published (R-FN1), else the secretariat's.
ISSUED_KIND = "finance.issued_report"


def issued_allowed(user: Any, params: dict[str, Any]) -> bool:
    try:
        as_of = date.fromisoformat(str(params.get("as_of", "")))
    except ValueError:
        return False
    return permissions.visible_to(user).filter(as_of=as_of).exists()


def build_issued(job: Build) -> bytes:
    from irm.finance.models import FinanceReport

    report = FinanceReport.objects.get(as_of=date.fromisoformat(job.params["as_of"]))
    content = report_docx(report.figures, job.params["language"])
    if job.params["format"] == "pdf":
        job.progress(50)
        content = docx_to_pdf(content)
    return content


def request_issued_report(*, actor: Any, report: Any, language: str, fmt: str) -> DocumentJob:
    """The Word or PDF file of an issued report (the caller checked who may read it)."""
    label = report.symbol or _("Financial report")
    return documents.request_document(
        actor=actor,
        kind=ISSUED_KIND,
        params={"as_of": report.as_of.isoformat(), "language": language, "format": fmt},
        version=report.figures,
        title=_("%(report)s as at %(date)s (%(language)s, %(format)s)")
        % {
            "report": label,
            "date": report.as_of.isoformat(),
            "language": LANGUAGE_NAMES[language],
            "format": fmt.upper(),
        },
        filename=f"finance-report-{report.as_of.isoformat()}-{language}.{fmt}",
    )


def register_kinds() -> None:
    register(Kind(name=KIND, build=build, allowed=allowed))
    register(Kind(name=ISSUED_KIND, build=build_issued, allowed=issued_allowed))
