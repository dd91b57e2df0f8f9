"""The findings API: published outcomes for everyone; drafting, imports and follow-up for their roles.

Reads answer 404 for what the user may not see (irm.reviews.permissions decides); writes need a
logged-in session (CSRF-checked) and call one service each.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth
from pydantic import Field

from irm.core.api_schemas import Code, ErrorOut, Int, Text
from irm.core.exceptions import NotFound, PermissionDenied
from irm.core.limits import rate_limited
from irm.core.tabular import format_of
from irm.core.uploads import upload_bytes
from irm.documents.api import JobOut, job_answer
from irm.findings import exports, imports, jobs, permissions, selectors, services
from irm.findings.models import DocumentKind, Finding, FindingType, FollowUpReport, FollowUpStatus
from irm.parties import selectors as party_selectors
from irm.reviews.models import Review

router = Router()

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class TranslationOut(Schema):
    language: str
    text: str
    kind: str
    reviewed: bool


class FindingOut(Schema):
    id: int
    review: int
    type: str
    chapter: int | None
    articles: list[int]
    paragraphs: str
    text: str
    language: str
    categories: list[str]
    primary_category: str | None
    answers: int | None
    version: int
    frozen: bool
    follow_up_status: str
    translations: list[TranslationOut]


def finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        review=f.review_id,
        type=f.type,
        chapter=f.chapter.number if f.chapter else None,
        articles=sorted(a.number for a in f.articles.all()),
        paragraphs=f.paragraphs,
        text=f.text,
        language=f.language,
        categories=[c.code for c in f.categories.all()],
        primary_category=f.primary_category.code if f.primary_category else None,
        answers=f.answers_id,
        version=f.version,
        frozen=f.frozen_at is not None,
        follow_up_status=f.follow_up_status,
        translations=[
            TranslationOut(language=t.language, text=t.text, kind=t.kind, reviewed=t.reviewed)
            for t in f.translations.all()
        ],
    )


class DocumentLinks(Schema):
    executive_summary: dict[str, str] = {}
    country_report: dict[str, str] = {}


class OutcomeOut(Schema):
    review: int
    cycle: int
    year: int | None
    reviewers: list[str]
    executive_summary_public_or_visible: bool
    country_report_visible: bool
    findings: int
    documents: DocumentLinks


def _review(request: HttpRequest, review_id: int) -> Review:
    review = Review.objects.select_related("cycle", "state").filter(pk=review_id).first()
    if review is None or not permissions.can_view_findings(request.user, review):
        raise NotFound("No such review outcome.")
    return review


def _doc_urls(review: Review, kind: str) -> dict[str, str]:
    base = reverse("api:findings_document", kwargs={"review_id": review.pk, "kind": kind})
    return {
        f"{lang}.{fmt}": f"{base}?language={lang}&format={fmt}"
        for lang in ("en", "zh")
        for fmt in ("docx", "pdf")
    }


@router.get("/states/{iso3}/outcomes", response={200: list[OutcomeOut], 404: ErrorOut})
def state_outcomes(request: HttpRequest, iso3: Code):
    """The reviews of a State with what the user may read: published summary, consented report."""
    state = party_selectors.state_by_iso3(iso3)
    if state is None:
        raise NotFound(f"No State {iso3}.")
    return [
        OutcomeOut(
            review=o.review.pk,
            cycle=o.review.cycle.number,
            year=o.review.year,
            reviewers=[s.iso3 for s in o.review.reviewers],
            executive_summary_public_or_visible=o.summary,
            country_report_visible=o.report,
            findings=o.findings,
            documents=DocumentLinks(
                executive_summary=_doc_urls(o.review, DocumentKind.EXECUTIVE_SUMMARY) if o.summary else {},
                country_report=_doc_urls(o.review, DocumentKind.COUNTRY_REPORT) if o.report else {},
            ),
        )
        for o in selectors.outcomes_of_state(request.user, state)
    ]


@router.get("/reviews/{review_id}/findings", response={200: list[FindingOut], 404: ErrorOut})
def review_findings(request: HttpRequest, review_id: Int):
    review = _review(request, review_id)
    return [finding_out(f) for f in selectors.findings_of(request.user, review)]


@router.get(
    "/reviews/{review_id}/documents/{kind}",
    response={
        200: None,
        202: JobOut,
        400: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
        501: ErrorOut,
    },
    url_name="findings_document",
)
@rate_limited("documents")
def review_document(
    request: HttpRequest, review_id: Int, kind: Code, language: Code = "en", format: Code = "docx"
):
    """The executive summary or the country report (.docx or .pdf), when the user may read it.

    200 with the file when this content version is ready; else 202 with the job generating it
    (`Location` is the job's address: ask it until `state` is `done`, then fetch `file_url`).
    """
    review = Review.objects.select_related("cycle", "state").filter(pk=review_id).first()
    if (
        review is None
        or kind not in DocumentKind.values
        or not permissions.can_view_document(request.user, review, kind)
    ):
        raise NotFound("No such document.")
    job = jobs.request_review_document(
        actor=request.user, review=review, kind=kind, language=language, fmt=format
    )
    return job_answer(request, job)


Language = Annotated[str, Field(max_length=10)]
Articles = Annotated[list[Int], Field(max_length=100)]
Categories = Annotated[list[Code], Field(max_length=50)]


class FindingIn(Schema):
    type: FindingType
    text: Text
    language: Language = "en"
    chapter: Int | None = None
    articles: Articles = []
    paragraphs: Annotated[str, Field(max_length=100)] = ""
    categories: Categories = []
    primary_category: Code | None = None
    answers: Int | None = None


class FindingPatch(Schema):
    reason: Text = ""
    expected_version: Int | None = None
    text: Text | None = None
    type: FindingType | None = None
    language: Language | None = None
    articles: Articles | None = None
    categories: Categories | None = None
    primary_category: Code | None = None


def _draftable(request: HttpRequest, review: Review) -> None:
    if not permissions.can_view_drafting(request.user, review):
        raise NotFound("No such review.")


def _answers(review: Review, answers: int | None) -> Finding | None:
    if answers is None:
        return None
    found = Finding.objects.filter(pk=answers, review=review).first()
    if found is None:
        raise NotFound("No such challenge in this review.")
    return found


@router.post(
    "/reviews/{review_id}/findings",
    auth=django_auth,
    response={201: FindingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def create_finding(request: HttpRequest, review_id: Int, payload: FindingIn):
    review = Review.objects.filter(pk=review_id).first()
    if review is None:
        raise NotFound("No such review.")
    _draftable(request, review)
    finding = services.create_finding(
        actor=request.user,
        review=review,
        type=payload.type,
        text=payload.text,
        language=payload.language,
        chapter=payload.chapter,
        articles=payload.articles,
        paragraphs=payload.paragraphs,
        categories=payload.categories,
        primary_category=payload.primary_category,
        answers=_answers(review, payload.answers),
    )
    return Status(201, finding_out(finding))


def _finding(request: HttpRequest, finding_id: int) -> Finding:
    finding = Finding.objects.select_related("review").filter(pk=finding_id).first()
    if finding is None or not permissions.can_view_finding(request.user, finding):
        raise NotFound("No such finding.")
    return finding


@router.patch(
    "/findings/{finding_id}",
    auth=django_auth,
    response={200: FindingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def update_finding(request: HttpRequest, finding_id: Int, payload: FindingPatch):
    """Change a finding; once the executive summary is agreed a reason is required (a new version)."""
    finding = _finding(request, finding_id)
    updated = services.update_finding(
        actor=request.user,
        finding=finding,
        reason=payload.reason,
        expected_version=payload.expected_version,
        text=payload.text,
        type=payload.type,
        language=payload.language,
        articles=payload.articles,
        categories=payload.categories,
        primary_category=payload.primary_category,
    )
    return finding_out(updated)


class CommentIn(Schema):
    text: Text


class CommentOut(Schema):
    id: int
    author: str
    text: str


@router.post(
    "/findings/{finding_id}/comments",
    auth=django_auth,
    response={201: CommentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def comment_finding(request: HttpRequest, finding_id: Int, payload: CommentIn):
    finding = _finding(request, finding_id)
    comment = services.add_comment(actor=request.user, finding=finding, text=payload.text)
    return Status(201, CommentOut(id=comment.pk, author=str(comment.author), text=comment.text))


class RowErrorOut(Schema):
    file: str
    row: int
    column: str
    message: str


class ImportOut(Schema):
    kind: str
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    applied: bool
    batch: int | None
    errors: list[RowErrorOut]
    changes: list[dict]


class ImportErrorOut(ImportOut):
    error: str
    code: str


@router.post("/imports/{kind}", auth=django_auth, response={200: ImportOut, 422: ImportErrorOut | ErrorOut})
def import_file(request: HttpRequest, kind: Code, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Import reviews or findings (CSV/XLSX). `dry_run` previews.

    A file with errors answers 422 with `code` `import_errors`, the fields of a successful answer, and
    `errors` naming file, row, column and problem; nothing is imported.
    """
    if not permissions.can_import(request.user):
        raise PermissionDenied("Only the secretariat imports.")
    importer = {"reviews": imports.import_reviews, "findings": imports.import_findings}.get(kind)
    if importer is None:
        raise NotFound(f"No import of {kind!r}.")
    result = importer(
        actor=request.user,
        content=upload_bytes(file, kind="import"),
        filename=file.name or "upload",
        dry_run=dry_run,
    )
    if result.errors:
        message = f"{len(result.errors)} error(s) in {result.file}: nothing was imported."
        return Status(422, {**result.as_dict(), "error": message, "code": "import_errors"})
    return Status(200, result.as_dict())


@router.get(
    "/exports/{kind}", auth=django_auth, response={200: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
)
def export_file(request: HttpRequest, kind: Code, cycle: Int, format: Code = "csv"):
    """The findings (or reviews) of a cycle in the import's columns."""
    if not permissions.can_export(request.user):
        raise PermissionDenied("Only the secretariat exports.")
    exporter = {"findings": exports.export_findings, "reviews": exports.export_reviews}.get(kind)
    if exporter is None:
        raise NotFound(f"No export of {kind!r}.")
    fmt = format_of(f"x.{format}")
    response = HttpResponse(exporter(cycle_number=cycle, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-cycle-{cycle}.{fmt}"'
    return response


class FollowUpIn(Schema):
    measures: Text
    status: FollowUpStatus
    evidence: Text = ""
    links: list[Annotated[str, Field(max_length=2000)]] = Field(default_factory=list, max_length=20)
    responsible_agency: Text = ""
    planned_date: date | None = None
    reported_on: date | None = None


class FollowUpOut(Schema):
    id: int
    recommendation: int
    measures: str
    status: str
    status_label: str
    evidence: str
    links: list[str]
    documents: list[str]
    responsible_agency: str
    planned_date: date | None
    reported_on: date
    reported_by: str
    acknowledged_at: datetime | None


def follow_up_out(r: FollowUpReport) -> FollowUpOut:
    return FollowUpOut(
        id=r.pk,
        recommendation=r.recommendation_id,
        measures=r.measures,
        status=r.status,
        status_label=str(r.get_status_display()),
        evidence=r.evidence,
        links=list(r.links or []),
        documents=[d.filename for d in r.documents.all()],
        responsible_agency=r.responsible_agency,
        planned_date=r.planned_date,
        reported_on=r.reported_on,
        reported_by=r.submitted_by.get_full_name() or r.submitted_by.get_username(),
        acknowledged_at=r.acknowledged_at,
    )


@router.get(
    "/recommendations/{finding_id}/follow-up",
    auth=django_auth,
    response={200: list[FollowUpOut], 404: ErrorOut},
)
def follow_up_history(request: HttpRequest, finding_id: Int):
    """Every report on one recommendation, oldest first (the history with its authors)."""
    finding = Finding.objects.select_related("review__cycle").filter(pk=finding_id).first()
    if finding is None or not permissions.can_view_follow_up(request.user, finding):
        raise NotFound("No such recommendation.")
    reports = (
        permissions.follow_up_visible_to(request.user)
        .filter(recommendation=finding)
        .select_related("submitted_by")
        .prefetch_related("documents")
    )
    return [follow_up_out(r) for r in reports]


@router.post(
    "/recommendations/{finding_id}/follow-up",
    auth=django_auth,
    response={201: FollowUpOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def submit_follow_up(request: HttpRequest, finding_id: Int, payload: FollowUpIn):
    finding = _finding(request, finding_id)
    report = services.submit_follow_up(
        actor=request.user,
        recommendation=finding,
        measures=payload.measures,
        status=payload.status,
        evidence=payload.evidence,
        links=payload.links,
        responsible_agency=payload.responsible_agency,
        planned_date=payload.planned_date,
        reported_on=payload.reported_on,
    )
    return Status(201, follow_up_out(report))


class OverviewRow(Schema):
    state: str
    review: int
    recommendations: int
    reported: int
    acknowledged: int
    by_status: dict[str, int]
    last_reported_on: date | None


class OverviewOut(Schema):
    cycle: int
    states: list[OverviewRow]
    states_reporting_in_period: int | None = None


@router.get("/follow-up/overview", auth=django_auth, response={200: OverviewOut, 403: ErrorOut})
def follow_up_overview(
    request: HttpRequest, cycle: Int, state: Code = "", start: date | None = None, end: date | None = None
):
    """Per State: recommendations and follow-up by status; with start/end, how many States reported then."""
    if not permissions.can_view_follow_up_overview(request.user):
        raise PermissionDenied("The follow-up overview is for the secretariat.")
    state_obj = party_selectors.state_by_iso3(state) if state else None
    rows = selectors.follow_up_overview(cycle_number=cycle, state=state_obj)
    count = (
        selectors.states_with_follow_up(start=start, end=end, cycle_number=cycle) if start and end else None
    )
    return OverviewOut(
        cycle=cycle,
        states=[
            OverviewRow(
                state=r.state.iso3,
                review=r.review.pk,
                recommendations=r.recommendations,
                reported=r.reported,
                acknowledged=r.acknowledged,
                by_status=r.by_status,
                last_reported_on=r.last_reported_on,
            )
            for r in rows
        ],
        states_reporting_in_period=count,
    )
