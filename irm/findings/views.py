"""Pages of the findings app: thin — fetch through permissions (404 otherwise), call one service, render."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from irm.core.errors import flash_error, form_error
from irm.core.exceptions import DomainError
from irm.core.http import safe_next
from irm.core.limits import BadRequest, bad_request, rate_limited
from irm.core.tabular import format_of
from irm.core.uploads import attachment_response, upload_bytes
from irm.cycles.models import Cycle
from irm.documents.views import answer as document_answer
from irm.findings import exports, forms, imports, jobs, permissions, selectors, services
from irm.findings.api import CONTENT_TYPES
from irm.findings.models import DocumentKind, Finding, FindingType, FollowUpEvidence, FollowUpReport
from irm.parties import selectors as party_selectors
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review

IMPORT_DIR = settings.DATA_DIR / "imports"


def _review_or_404(request: HttpRequest, pk: int) -> Review:
    review = Review.objects.select_related("cycle", "state", "reviewer_1", "reviewer_2").filter(pk=pk).first()
    if review is None or not permissions.can_view_findings(request.user, review):
        raise Http404
    return review


def _finding_or_404(request: HttpRequest, pk: int) -> Finding:
    finding = Finding.objects.select_related("review", "review__state", "review__cycle").filter(pk=pk).first()
    if finding is None or not permissions.can_view_finding(request.user, finding):
        raise Http404
    return finding


def index(request: HttpRequest) -> HttpResponse:
    """Reviews whose findings the user drafts, comments or follows up (the confidential circle)."""
    reviews = (
        review_permissions.confidential_to(request.user)
        .select_related("cycle", "state")
        .order_by("-cycle__number", "state__name_en")
    )
    if not request.user.is_authenticated:
        raise Http404
    return render(
        request,
        "findings/index.html",
        {"reviews": reviews[:500], "can_import": permissions.can_import(request.user)},
    )


def state_outcomes(request: HttpRequest, iso3: str) -> HttpResponse:
    """The public page of a State's review outcomes: published summaries; reports with consent."""
    state = party_selectors.state_by_iso3(iso3)
    if state is None:
        raise Http404
    return render(
        request,
        "findings/state_outcomes.html",
        {"state": state, "outcomes": selectors.outcomes_of_state(request.user, state)},
    )


def review_findings(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    if request.method == "POST":
        if not permissions.can_draft(request.user, review):
            raise Http404
        return create_from_review(request, review)
    return _review_page(request, review, forms.FindingForm(review=review))


def _review_page(
    request: HttpRequest, review: Review, form: forms.FindingForm, status: int = 200
) -> HttpResponse:
    """The review's findings with the form to add one (bound and showing its errors after a refusal)."""
    findings = list(
        selectors.findings_of(request.user, review).prefetch_related(
            "comments__author", "versions", "recommendations"
        )
    )
    drafting = permissions.can_view_drafting(request.user, review)
    return render(
        request,
        "findings/review.html",
        {
            "review": review,
            "findings": findings,
            "drafting": drafting,
            "can_draft": permissions.can_draft(request.user, review),
            "can_comment": permissions.can_comment(request.user, review),
            "can_freeze": permissions.can_freeze(request.user, review) and services.summary_agreed(review),
            "frozen": services.summary_agreed(review),
            "form": form,
            "can_report": report_allowed(request, review),
            "summary_visible": permissions.can_view_document(
                request.user, review, DocumentKind.EXECUTIVE_SUMMARY
            ),
            "report_visible": permissions.can_view_document(
                request.user, review, DocumentKind.COUNTRY_REPORT
            ),
            "can_share_drafts": permissions.can_share_drafts(request.user, review),
            "drafts_shared": permissions.drafts_shared(review),
            "types": FindingType,
            "coverage": selectors.translation_coverage(findings) if findings else [],
        },
        status=status,
    )


def report_allowed(request: HttpRequest, review: Review) -> bool:
    probe = Finding(review=review, type=FindingType.RECOMMENDATION)
    return permissions.can_report_follow_up(request.user, probe)


@require_POST
def share_drafts(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point shares (or stops sharing) the draft summary and report with the contributors."""
    review = _review_or_404(request, pk)
    if not permissions.can_share_drafts(request.user, review):
        raise Http404
    shared = request.POST.get("shared") == "1"
    services.share_drafts(actor=request.user, review=review, shared=shared)
    if shared:
        messages.success(
            request, _("The national contributors can now read the draft executive summary and report.")
        )
    else:
        messages.success(
            request, _("The draft executive summary and report are no longer shared with the contributors.")
        )
    return redirect("findings:review", pk=review.pk)


@require_POST
def freeze(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    try:
        count = services.freeze_findings(actor=request.user, review=review)
        messages.success(request, _("%(count)d findings frozen.") % {"count": count})
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("findings:review", pk=review.pk)


@rate_limited("documents")
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The file when this content version is ready, else the page that shows the worker's progress."""
    review = Review.objects.select_related("cycle", "state").filter(pk=pk).first()
    if (
        review is None
        or kind not in DocumentKind.values
        or not permissions.can_view_document(request.user, review, kind)
    ):
        raise Http404
    try:
        job = jobs.request_review_document(
            actor=request.user,
            review=review,
            kind=kind,
            language=request.GET.get("language"),
            fmt=request.GET.get("format"),
        )
    except BadRequest as exc:
        return bad_request(request, exc)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("findings:state-outcomes", iso3=review.state.iso3)
    return document_answer(request, job)


def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding_or_404(request, pk)
    if not permissions.can_draft(request.user, finding.review):
        raise Http404
    initial = {
        "type": finding.type,
        "chapter": finding.chapter.number if finding.chapter else None,
        "articles": [a.number for a in finding.articles.all()],
        "paragraphs": finding.paragraphs,
        "categories": [c.code for c in finding.categories.all()],
        "text": finding.text,
        "language": finding.language,
        "answers": finding.answers_id,
    }
    form = forms.FindingForm(request.POST or None, initial=initial, review=finding.review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_finding(
                actor=request.user,
                finding=finding,
                reason=data["reason"],
                **_finding_fields(data, finding.review),
            )
            messages.success(request, _("Finding saved."))
            return redirect("findings:review", pk=finding.review_id)
        except DomainError as exc:
            form_error(form, exc)
    return render(
        request,
        "findings/finding_edit.html",
        {"finding": finding, "form": form, "frozen": services.is_frozen(finding)},
        status=422 if form.is_bound and form.errors else 200,
    )


def _finding_fields(data: dict, review: Review) -> dict:
    """What the finding form gives the create and update services (the answered challenge of this review)."""
    answers = Finding.objects.filter(pk=data["answers"], review=review).first() if data["answers"] else None
    fields = ("type", "text", "language", "chapter", "articles", "paragraphs", "categories")
    return {name: data[name] for name in fields} | {"answers": answers}


def create_from_review(request: HttpRequest, review: Review) -> HttpResponse:
    """Add a finding; on a refusal the page comes back with what was typed and each error at its field."""
    form = forms.FindingForm(request.POST, review=review)
    if not form.is_valid():
        return _review_page(request, review, form, status=422)
    data = form.cleaned_data
    try:
        services.create_finding(
            actor=request.user,
            review=review,
            **_finding_fields(data, review),
            primary_category=data["categories"][0] if data["categories"] else None,
        )
    except DomainError as exc:
        return _review_page(request, review, form, status=form_error(form, exc))
    messages.success(request, _("Finding added."))
    return redirect("findings:review", pk=review.pk)


@require_POST
def finding_comment(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding_or_404(request, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(actor=request.user, finding=finding, text=form.cleaned_data["text"])
        except DomainError as exc:
            flash_error(request, exc)
    return redirect("findings:review", pk=finding.review_id)


@require_POST
def finding_translate(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding_or_404(request, pk)
    form = forms.TranslationForm(request.POST)
    if form.is_valid():
        try:
            services.set_translation(actor=request.user, finding=finding, **form.cleaned_data)
            messages.success(request, _("Translation saved."))
        except DomainError as exc:
            flash_error(request, exc)
    return redirect("findings:review", pk=finding.review_id)


def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload; the file is checked and the preview shows what would change (nothing is written)."""
    if not permissions.can_import(request.user):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        content = upload_bytes(upload, kind="import")
        try:
            format_of(upload.name)
            result = _importer(kind)(actor=request.user, content=content, filename=upload.name, dry_run=True)
        except DomainError as exc:
            form_error(form, exc, field="file")
        if result is not None and result.ok:
            IMPORT_DIR.mkdir(parents=True, exist_ok=True)
            token = secrets.token_hex(16)
            suffix = upload.name.rsplit(".", 1)[-1].lower()
            (IMPORT_DIR / f"{token}.{kind}.{suffix}").write_bytes(content)
            request.session[f"import-{token}"] = upload.name
    status = 422 if form.errors or (result is not None and not result.ok) else 200
    return render(
        request, "findings/import.html", {"form": form, "result": result, "token": token}, status=status
    )


def _importer(kind: str):
    return {"reviews": imports.import_reviews, "findings": imports.import_findings}[kind]


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: import the previewed file (checked again: all or nothing)."""
    if not permissions.can_import(request.user):
        raise Http404
    token = request.POST.get("token", "")
    filename = request.session.pop(f"import-{token}", None)
    matches = list(IMPORT_DIR.glob(f"{token}.*")) if token.isalnum() and filename else []
    if not matches:
        messages.error(request, _("This upload expired; upload the file again."))
        return redirect("findings:import")
    path = matches[0]
    kind = path.name.split(".")[1]
    try:
        result = _importer(kind)(actor=request.user, content=path.read_bytes(), filename=filename)
    finally:
        path.unlink(missing_ok=True)
    if result.errors:
        return render(
            request, "findings/import.html", {"form": forms.ImportForm(), "result": result, "token": None}
        )
    messages.success(
        request,
        _("%(file)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {
            "file": filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("findings:import")


def export(request: HttpRequest) -> HttpResponse:
    if not permissions.can_export(request.user):
        raise Http404
    form = forms.ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        exporter = exports.export_findings if data["kind"] == "findings" else exports.export_reviews
        try:
            content = exporter(cycle_number=data["cycle"], fmt=data["format"])
        except DomainError as exc:
            form_error(form, exc, field="cycle")
        else:
            response = HttpResponse(content, content_type=CONTENT_TYPES[data["format"]])
            response["Content-Disposition"] = (
                f'attachment; filename="{data["kind"]}-cycle-{data["cycle"]}.{data["format"]}"'
            )
            return response
    return render(request, "findings/export.html", {"form": form, "cycles": Cycle.objects.all()})


def follow_up_overview(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_follow_up_overview(request.user):
        raise Http404
    cycle = int(
        request.GET.get("cycle")
        or (Cycle.objects.order_by("-number").values_list("number", flat=True).first() or 1)
    )
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    count = None
    try:
        if start and end:
            count = selectors.states_with_follow_up(
                start=date.fromisoformat(start), end=date.fromisoformat(end), cycle_number=cycle
            )
    except ValueError:
        messages.error(request, _("Dates as YYYY-MM-DD."))
    return render(
        request,
        "findings/follow_up_overview.html",
        {
            "cycle": cycle,
            "cycles": Cycle.objects.all(),
            "rows": selectors.follow_up_overview(cycle_number=cycle),
            "totals": selectors.status_totals(cycle_number=cycle),
            "start": start,
            "end": end,
            "count": count,
        },
    )


def _recommendation_for_follow_up(request: HttpRequest, pk: int) -> Finding:
    finding = (
        Finding.objects.select_related("review", "review__state", "review__cycle")
        .filter(pk=pk, type=FindingType.RECOMMENDATION)
        .first()
    )
    if finding is None or not permissions.can_view_follow_up(request.user, finding):
        raise Http404
    return finding


def recommendation_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """One recommendation's follow-up: the history of the State's reports, and its form to report."""
    finding = _recommendation_for_follow_up(request, pk)
    can_report = permissions.can_report_follow_up(request.user, finding)
    form = forms.FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_report:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            document = data.pop("document", None)
            reported_in = (
                review_permissions.confidential_to(request.user)
                .filter(pk=request.POST.get("reported_in") or 0)
                .exclude(pk=finding.review_id)
                .first()
            )
            try:
                report = services.submit_follow_up(
                    actor=request.user, recommendation=finding, reported_in=reported_in, **data
                )
                if document is not None:
                    services.attach_follow_up_evidence(
                        actor=request.user,
                        report=report,
                        filename=document.name,
                        content=upload_bytes(document, kind="follow_up_evidence"),
                    )
                messages.success(request, _("Follow-up submitted."))
                own_page = reverse("findings:recommendation-follow-up", args=[finding.pk])
                return redirect(safe_next(request, request.POST.get("next"), fallback=own_page))
            except DomainError as exc:
                form_error(form, exc)
    in_review = (
        review_permissions.confidential_to(request.user)
        .filter(pk=request.GET.get("in") or 0, state_id=finding.review.state_id)
        .first()
        if str(request.GET.get("in", "")).isdigit()
        else None
    )
    reports = list(
        permissions.follow_up_visible_to(request.user)
        .filter(recommendation=finding)
        .select_related("submitted_by", "acknowledged_by", "reported_in")
        .prefetch_related("documents", "comments__author")
    )
    for report in reports:
        report.may_comment = permissions.can_comment_follow_up(request.user, report)  # type: ignore[attr-defined]
        report.may_acknowledge = (  # type: ignore[attr-defined]
            permissions.can_acknowledge_follow_up(request.user, report) and report.acknowledged_at is None
        )
    return render(
        request,
        "findings/follow_up.html",
        {
            "finding": finding,
            "reports": reports,
            "form": form,
            "can_report": can_report,
            "comment_form": forms.FollowUpCommentForm(),
            "in_review": in_review,
            "acknowledge_form": forms.AcknowledgeForm(),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _report_or_404(request: HttpRequest, pk: int) -> FollowUpReport:
    report = (
        permissions.follow_up_visible_to(request.user)
        .select_related("review__cycle", "reported_in__cycle", "recommendation__review")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


@require_POST
def follow_up_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = forms.AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge_follow_up(actor=request.user, report=report, note=form.cleaned_data["note"])
            messages.success(request, _("Receipt acknowledged."))
        except DomainError as exc:
            flash_error(request, exc)
    return redirect("findings:recommendation-follow-up", pk=report.recommendation_id)


@require_POST
def follow_up_comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = forms.FollowUpCommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_follow_up(actor=request.user, report=report, text=form.cleaned_data["text"])
            messages.success(request, _("Comment added."))
        except DomainError as exc:
            flash_error(request, exc)
    return redirect("findings:recommendation-follow-up", pk=report.recommendation_id)


def follow_up_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence document, to whoever may read its report (always as a download)."""
    document = FollowUpEvidence.objects.filter(
        pk=pk, report__in=permissions.follow_up_visible_to(request.user)
    ).first()
    if document is None:
        raise Http404
    return attachment_response(
        document.file.open("rb"), filename=document.filename, file_type=document.file_type
    )


@require_POST
def follow_up_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """The focal point publishes its State's follow-up of a review, or withdraws it."""
    review = Review.objects.filter(pk=pk).first()
    if review is None or not permissions.can_publish_follow_up(request.user, review):
        raise Http404
    try:
        if request.POST.get("publish") == "1":
            services.publish_follow_up(actor=request.user, review=review)
            if selectors.published_reviews().filter(pk=review.pk).exists():
                messages.success(request, _("Your follow-up is published."))
            else:
                # R-F2: consent alone publishes nothing until the review's outcome is public.
                messages.success(
                    request,
                    _(
                        "Your consent is recorded: your follow-up will be public once the executive "
                        "summary is published."
                    ),
                )
        else:
            services.withdraw_follow_up_publication(actor=request.user, review=review)
            messages.success(request, _("Your follow-up is no longer published."))
    except DomainError as exc:
        flash_error(request, exc)
    back = reverse("findings:review", args=[review.pk])
    return redirect(safe_next(request, request.POST.get("next"), fallback=back))


def follow_up_options(request: HttpRequest) -> HttpResponse:
    """The secretariat sets each cycle's follow-up options (both off by default)."""
    if not permissions.can_set_follow_up_options(request.user):
        raise Http404
    cycles = list(Cycle.objects.order_by("number"))
    if request.method == "POST":
        cycle = next((c for c in cycles if str(c.pk) == request.POST.get("cycle")), None)
        if cycle is None:
            raise Http404
        try:
            services.set_follow_up_options(
                actor=request.user,
                cycle=cycle,
                reviewer_comments=request.POST.get("reviewer_comments") == "on",
                secretariat_acknowledgement=request.POST.get("secretariat_acknowledgement") == "on",
            )
            messages.success(request, _("Options saved."))
        except DomainError as exc:
            flash_error(request, exc)
        return redirect("findings:follow-up-options")
    rows = [(c, permissions.follow_up_options(c)) for c in cycles]
    return render(request, "findings/follow_up_options.html", {"rows": rows})
