"""Follow-up of recommendations: the State's own report, its evidence, the cycle's options, publication.

The rule (docs/RULES.md, "Follow-up of recommendations"): the terms of reference (para. 40) foresee that
in the next phase a State reports progress on its earlier reports; States share follow-up voluntarily
(resolution 8/2) and the secretariat compiles the replies (CAC/COSP/2023/8). So a report is the State's
own: nothing is validated. Comments of the reviewing States and the secretariat's acknowledgement are
options of the cycle (`FollowUpOptions`), off by default. Every report is kept with its author.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.uploads import validate_upload
from irm.cycles.models import Cycle
from irm.findings import permissions
from irm.findings.models import (
    Finding,
    FindingType,
    FollowUpComment,
    FollowUpEvidence,
    FollowUpOptions,
    FollowUpPublication,
    FollowUpReport,
    FollowUpStatus,
)
from irm.findings.services.common import MAX_BULK_ROWS, summary_agreed
from irm.reviews.models import Review

REPORTABLE = [s for s in FollowUpStatus.values if s]
MAX_LINKS = 20
MAX_AGENCY = 300


def clean_links(links: Sequence[str]) -> list[str]:
    """Evidence links: http and https only (no javascript:, data:, file: …), at most MAX_LINKS."""
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_LINKS:
        raise InvalidInput(f"At most {MAX_LINKS} links.", details={"field": "links"})
    for link in cleaned:
        parts = urlsplit(link)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(link) > 2000:
            raise InvalidInput(
                f"{link[:80]}: only http and https links are accepted.",
                code="invalid_link",
                details={"field": "links"},
            )
    return cleaned


def _check_report(*, status: str, measures: str, responsible_agency: str) -> None:
    if status not in REPORTABLE:
        raise InvalidInput(f"Unknown status {status!r}.", details={"field": "status", "allowed": REPORTABLE})
    if not measures.strip():
        raise InvalidInput("Describe the measures taken.", details={"field": "measures"})
    if len(responsible_agency) > MAX_AGENCY:
        raise InvalidInput(
            f"The agency's name has at most {MAX_AGENCY} characters.", details={"field": "responsible_agency"}
        )


@transaction.atomic
def submit_follow_up(
    *,
    actor: Any,
    recommendation: Finding,
    measures: str,
    status: str,
    evidence: str = "",
    links: Sequence[str] = (),
    responsible_agency: str = "",
    planned_date: date | None = None,
    reported_on: date | None = None,
    reported_in: Review | None = None,
) -> FollowUpReport:
    """The State reports the measures taken on one recommendation (a new report; the history stays)."""
    recommendation = Finding.objects.select_for_update().select_related("review").get(pk=recommendation.pk)
    if not permissions.can_report_follow_up(actor, recommendation):
        raise PermissionDenied("Only the State under review reports follow-up on its recommendations.")
    if recommendation.type != FindingType.RECOMMENDATION:
        raise InvalidInput("Follow-up is reported on recommendations.", details={"field": "recommendation"})
    _check_report(status=status, measures=measures, responsible_agency=responsible_agency)
    cleaned = clean_links(links)
    if not summary_agreed(recommendation.review):
        raise Conflict("Follow-up starts after the executive summary is agreed.", code="review_not_concluded")
    if reported_in is not None and (
        reported_in.state_id != recommendation.review.state_id
        or reported_in.cycle.number <= recommendation.review.cycle.number
    ):
        raise InvalidInput(
            "Follow-up is reported in a later review of the same State.", details={"field": "reported_in"}
        )
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise InvalidInput("The date cannot be in the future.", details={"field": "reported_on"})
    report = FollowUpReport.objects.create(
        recommendation=recommendation,
        review=recommendation.review,
        reported_in=reported_in,
        measures=measures.strip(),
        status=status,
        evidence=evidence.strip(),
        links=cleaned,
        responsible_agency=responsible_agency.strip(),
        planned_date=planned_date,
        reported_on=reported_on,
        submitted_by=actor,
    )
    before = recommendation.follow_up_status
    recommendation.follow_up_status = status
    recommendation.save(update_fields=["follow_up_status", "updated_at"])
    record_event(
        actor=actor,
        action="findings.follow_up_submit",
        obj=recommendation,
        before={"status": before},
        after={
            "status": status,
            "report": report.pk,
            "reported_on": reported_on,
            "responsible_agency": report.responsible_agency,
            "planned_date": planned_date,
            "links": cleaned,
        },
    )
    return report


def attach_follow_up_evidence(
    *, actor: Any, report: FollowUpReport, filename: str, content: bytes
) -> FollowUpEvidence:
    """A document as evidence of a report: checked by `validate_upload`, stored under a random name."""
    if not permissions.can_report_follow_up(actor, report.recommendation):
        raise PermissionDenied("Only the State under review adds evidence to its follow-up.")
    upload = validate_upload(filename, content, kind="follow_up_evidence")
    with transaction.atomic():
        document = FollowUpEvidence(
            report=report,
            filename=upload.filename,
            file_type=upload.file_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=actor,
        )
        document.file.save(upload.stored_name, ContentFile(content), save=False)
        document.save()
        record_event(
            actor=actor,
            action="findings.follow_up_evidence_added",
            obj=report,
            after={"filename": upload.filename, "type": upload.file_type, "sha256": upload.sha256},
        )
    return document


@transaction.atomic
def comment_on_follow_up(*, actor: Any, report: FollowUpReport, text: str) -> FollowUpComment:
    """A reviewing State's expert comments (only where the cycle's options allow it)."""
    if not permissions.can_comment_follow_up(actor, report):
        raise PermissionDenied("Comments on follow-up are not open to you in this cycle.")
    if not text.strip():
        raise InvalidInput("Write the comment.", details={"field": "text"})
    comment = FollowUpComment.objects.create(report=report, author=actor, text=text.strip())
    record_event(actor=actor, action="findings.follow_up_comment", obj=report, after={"text": comment.text})
    return comment


@transaction.atomic
def acknowledge_follow_up(*, actor: Any, report: FollowUpReport, note: str = "") -> FollowUpReport:
    """The secretariat acknowledges receipt (only where the cycle's options allow it): not a validation."""
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if not permissions.can_acknowledge_follow_up(actor, report):
        raise PermissionDenied("Acknowledgement of follow-up is not an option of this cycle.")
    if report.acknowledged_at is not None:
        raise Conflict("This report was already acknowledged.", code="already_decided")
    report.acknowledged_by = actor if getattr(actor, "is_authenticated", False) else None
    report.acknowledged_at = timezone.now()
    report.acknowledgement_note = note.strip()
    report.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
    record_event(
        actor=actor,
        action="findings.follow_up_acknowledge",
        obj=report,
        after={"note": report.acknowledgement_note},
    )
    return report


@transaction.atomic
def set_follow_up_options(
    *, actor: Any, cycle: Cycle, reviewer_comments: bool, secretariat_acknowledgement: bool
) -> FollowUpOptions:
    """The secretariat turns the cycle's options on or off (as the Conference decides)."""
    if actor is not None and not permissions.can_set_follow_up_options(actor):
        raise PermissionDenied("The secretariat sets the follow-up options.")
    options, _created = FollowUpOptions.objects.select_for_update().get_or_create(cycle=cycle)
    before = {
        "reviewer_comments": options.reviewer_comments,
        "secretariat_acknowledgement": options.secretariat_acknowledgement,
    }
    options.reviewer_comments = reviewer_comments
    options.secretariat_acknowledgement = secretariat_acknowledgement
    options.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    options.save()
    record_event(
        actor=actor,
        action="findings.follow_up_options",
        obj=options,
        before=before,
        after={
            "reviewer_comments": reviewer_comments,
            "secretariat_acknowledgement": secretariat_acknowledgement,
        },
    )
    return options


@transaction.atomic
def publish_follow_up(*, actor: Any, review: Review) -> FollowUpPublication:
    """The State consents to publish its follow-up of a review's recommendations (like its summary)."""
    if actor is not None and not permissions.can_publish_follow_up(actor, review):
        raise PermissionDenied("The State's focal point publishes its follow-up.")
    if not summary_agreed(review):
        raise Conflict("Follow-up starts after the executive summary is agreed.", code="review_not_concluded")
    publication, created = FollowUpPublication.objects.get_or_create(
        review=review, defaults={"published_by": actor if getattr(actor, "is_authenticated", False) else None}
    )
    if created:
        record_event(actor=actor, action="findings.follow_up_published", obj=review)
    return publication


@transaction.atomic
def withdraw_follow_up_publication(*, actor: Any, review: Review) -> None:
    """The State withdraws its consent: its follow-up leaves the public record."""
    if actor is not None and not permissions.can_publish_follow_up(actor, review):
        raise PermissionDenied("The State's focal point publishes its follow-up.")
    deleted, _rows = FollowUpPublication.objects.filter(review=review).delete()
    if deleted:
        record_event(actor=actor, action="findings.follow_up_unpublished", obj=review)


@dataclass(frozen=True)
class PastFollowUp:
    """A follow-up report as a record of the past states it (who submitted it, what it said)."""

    recommendation: Finding
    measures: str
    status: str
    reported_on: date
    submitted_by: Any
    evidence: str = ""
    responsible_agency: str = ""
    planned_date: date | None = None
    links: tuple[str, ...] = field(default=())


@transaction.atomic
def record_follow_up_reports(*, actor: Any, reports: Sequence[PastFollowUp], reason: str = "") -> int:
    """Record past follow-up reports in bulk; each recommendation's status becomes that of its latest
    report. One audit event."""
    if len(reports) > MAX_BULK_ROWS:
        raise InvalidInput(f"At most {MAX_BULK_ROWS} reports at a time.")
    for report in reports:
        if report.recommendation.type != FindingType.RECOMMENDATION:
            raise InvalidInput(
                "Follow-up is reported on recommendations.", details={"field": "recommendation"}
            )
        _check_report(
            status=report.status, measures=report.measures, responsible_agency=report.responsible_agency
        )
    FollowUpReport.objects.bulk_create(
        FollowUpReport(
            recommendation=r.recommendation,
            review_id=r.recommendation.review_id,
            measures=r.measures,
            status=r.status,
            evidence=r.evidence,
            links=clean_links(r.links),
            responsible_agency=r.responsible_agency,
            planned_date=r.planned_date,
            reported_on=r.reported_on,
            submitted_by=r.submitted_by,
        )
        for r in reports
    )
    latest: dict[int, PastFollowUp] = {}
    for report in sorted(reports, key=lambda r: r.reported_on):
        latest[report.recommendation.pk] = report
    changed = []
    for report in latest.values():
        report.recommendation.follow_up_status = report.status
        changed.append(report.recommendation)
    Finding.objects.bulk_update(changed, ["follow_up_status"])
    if reports:
        record_event(
            actor=actor,
            action="findings.follow_up_recorded",
            object_type="findings.followupreport",
            after={"reports": len(reports), "recommendations": len(changed)},
            reason=reason,
        )
    return len(reports)
