"""The executive summary and the country report as background document jobs (irm.documents).

The page and the API check the user and the parameters, then ask `request_review_document`; the
worker builds the file through `services.generate_document` (which keeps and audits what was generated).

Imported by the AppConfig at every start (of each command, of `irm serve`): the builders' modules are
imported when a job is built or asked for, not here (issue 18 §3: they pulled numpy into every start).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from irm.core.exceptions import InvalidInput
from irm.core.i18n import LANGUAGE_NAMES
from irm.core.limits import format_param, language_param
from irm.documents import services as documents
from irm.documents.models import DocumentJob
from irm.documents.registry import Build, Kind, register
from irm.findings import permissions
from irm.findings.models import DocumentKind
from irm.reviews.models import Review

KIND = "findings.review_document"
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}


def _review(params: dict[str, Any]) -> Review | None:
    review_id = params.get("review")
    if not isinstance(review_id, int):
        return None
    return Review.objects.select_related("cycle", "state").filter(pk=review_id).first()


def allowed(user: Any, params: dict[str, Any]) -> bool:
    review = _review(params)
    return review is not None and permissions.can_view_document(user, review, params.get("kind", ""))


def build(job: Build) -> bytes:
    from irm.findings import services

    review = _review(job.params)
    if review is None:
        raise InvalidInput(_("The review no longer exists."))
    document = services.generate_document(
        actor=job.user,
        review=review,
        kind=job.params["kind"],
        language=job.params["language"],
        fmt=job.params["format"],
        progress=job.progress,
    )
    return bytes(document.content)


def request_review_document(
    *, actor: Any, review: Review, kind: str, language: str | None, fmt: str | None
) -> DocumentJob:
    """The job of a review's executive summary or country report (the caller checked the user's right)."""
    language = language_param(language)
    fmt = format_param(fmt, allowed=("docx", "pdf"), default="docx")
    params = {"review": review.pk, "kind": kind, "language": language, "format": fmt}
    title = _("%(document)s: %(state)s (%(language)s, %(format)s)") % {
        "document": DocumentKind(kind).label,
        "state": review.state.name,
        "language": LANGUAGE_NAMES[language],
        "format": FORMAT_NAMES[fmt],
    }
    from irm.findings import services

    version = services.document_version(review=review, kind=kind, language=language)
    return documents.request_document(
        actor=actor,
        kind=KIND,
        params=params,
        version=version,
        title=title,
        filename=f"{review.state.iso3}-{kind}-{language}.{fmt}",
    )


def register_kinds() -> None:
    register(Kind(name=KIND, build=build, allowed=allowed))
