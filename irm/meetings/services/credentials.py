"""Credentials (rules 18-20): submission, the bureau's examination, challenges and its report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.uploads import read_upload
from irm.meetings import permissions
from irm.meetings.models import (
    Credential,
    CredentialsReport,
    CredentialStatus,
    Delegation,
    Issuer,
    ParticipationKind,
    Session,
)
from irm.meetings.selectors import credentials_overview
from irm.meetings.services.common import require_acts_for, require_manager, time_of_receipt, user_of
from irm.parties.models import State


@transaction.atomic
def submit_credentials(
    *,
    actor: Any,
    delegation: Delegation,
    issuer: str,
    is_original: bool = True,
    file: File[bytes] | None = None,
    at: datetime | None = None,
) -> Credential:
    """Rule 18: due 24 hours before the opening; a late submission is kept and flagged."""
    require_acts_for(actor, delegation)
    _check_issuer(delegation, issuer)
    at = time_of_receipt(actor, at)
    upload = read_upload(file, kind="credentials") if file is not None else None
    credential = Credential.objects.create(
        delegation=delegation,
        issuer=issuer,
        is_original=is_original,
        submitted_at=at,
        submitted_by=user_of(actor),
        late=at > delegation.session.credentials_due_at,
    )
    if upload is not None:
        credential.file.save(upload.stored_name, ContentFile(upload.data), save=True)
    record_event(
        actor=actor,
        action="meetings.credentials_submitted",
        obj=delegation,
        after={"credential": credential.pk, "issuer": issuer, "late": credential.late},
    )
    return credential


@dataclass(frozen=True)
class CredentialRecord:
    """Credentials as the secretariat's records state them: received, and examined or not yet."""

    delegation: Delegation
    issuer: str
    submitted_at: datetime
    is_original: bool = True
    accepted: bool | None = None  # None: not examined yet
    examined_at: datetime | None = None


def _check_issuer(delegation: Delegation, issuer: str) -> None:
    if delegation.kind != ParticipationKind.PARTY:
        raise InvalidInput(_("Credentials are submitted by the delegations of parties."))
    if issuer not in Issuer.values:
        raise InvalidInput(_("Unknown issuing authority."))
    is_reio = delegation.state is not None and delegation.state.iso3 == "EUU"
    if (issuer == Issuer.REIO_AUTHORITY) != is_reio:
        raise InvalidInput(
            _(
                "Credentials of a regional economic integration organization come from its competent authority; "
                "those of a State from its Head of State or Government, Minister for Foreign Affairs or "
                "Permanent Representative (rule 18)."
            )
        )


@transaction.atomic
def record_credentials(*, actor: Any, session: Session, records: Sequence[CredentialRecord]) -> int:
    """The secretariat records many credentials at once (received, and the bureau's decision where it
    was taken), each checked as `submit_credentials` checks it; one insert, one audit event."""
    require_manager(actor)
    now = timezone.now()
    rows = []
    for record in records:
        if record.delegation.session_id != session.pk:
            raise InvalidInput(_("These credentials are for another session."))
        _check_issuer(record.delegation, record.issuer)
        if record.submitted_at > now:
            raise InvalidInput(_("The time of receipt cannot be in the future."))
        examined = record.accepted is not None
        rows.append(
            Credential(
                delegation=record.delegation,
                issuer=record.issuer,
                is_original=record.is_original,
                submitted_at=record.submitted_at,
                submitted_by=user_of(actor),
                late=record.submitted_at > session.credentials_due_at,
                status=(CredentialStatus.ACCEPTED if record.accepted else CredentialStatus.NOT_IN_ORDER)
                if examined
                else CredentialStatus.SUBMITTED,
                examined_at=(record.examined_at or now) if examined else None,
            )
        )
    Credential.objects.bulk_create(rows)
    if rows:
        record_event(
            actor=actor,
            action="meetings.credentials_recorded",
            obj=session,
            after={
                "credentials": len(rows),
                "late": sum(1 for r in rows if r.late),
                "statuses": {s: sum(1 for r in rows if r.status == s) for s in CredentialStatus.values},
            },
        )
    return len(rows)


@transaction.atomic
def examine_credentials(*, actor: Any, credential: Credential, accept: bool, note: str = "") -> Credential:
    """The bureau examines credentials (rule 19); the secretariat records its decision."""
    require_manager(actor)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.status == CredentialStatus.CHALLENGED:
        raise Conflict(_("Challenged credentials are decided by the Conference."))
    before = credential.status
    credential.status = CredentialStatus.ACCEPTED if accept else CredentialStatus.NOT_IN_ORDER
    credential.examined_at = timezone.now()
    credential.examination_note = note
    credential.save(update_fields=["status", "examined_at", "examination_note", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.credentials_examined",
        obj=credential.delegation,
        before={"status": before},
        after={"status": credential.status},
        reason=note,
    )
    return credential


@transaction.atomic
def challenge_credentials(
    *, actor: Any, credential: Credential, by_state: State, note: str = ""
) -> Credential:
    """Rule 20: a party objects; the representative stays seated provisionally until the Conference decides."""
    if not permissions.can_act_for_state(actor, by_state.pk):
        raise PermissionDenied(_("You may object only on behalf of your own State."))
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.delegation.state_id == by_state.pk:
        raise InvalidInput(_("A State does not object to its own credentials."))
    before = credential.status
    credential.status = CredentialStatus.CHALLENGED
    credential.examination_note = note
    credential.save(update_fields=["status", "examination_note", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.credentials_challenged",
        obj=credential.delegation,
        before={"status": before},
        after={"by": by_state.iso3},
        reason=note,
    )
    return credential


@transaction.atomic
def generate_credentials_report(*, actor: Any, session: Session) -> CredentialsReport:
    """The bureau's report (rule 19), generated from the records; regenerated until adopted."""
    require_manager(actor)
    existing = CredentialsReport.objects.select_for_update().filter(session=session).first()
    if existing and existing.adopted_at:
        raise Conflict(_("The credentials report was adopted."))
    data = credentials_overview(session, as_json=True)
    report, _created = CredentialsReport.objects.update_or_create(
        session=session,
        defaults={
            "generated_at": timezone.now(),
            "data": data,
            "generated_by": user_of(actor),
        },
    )
    record_event(
        actor=actor, action="meetings.credentials_report_generated", obj=session, after=data["counts"]
    )
    return report


@transaction.atomic
def adopt_credentials_report(*, actor: Any, session: Session) -> CredentialsReport:
    require_manager(actor)
    report = CredentialsReport.objects.select_for_update().filter(session=session).first()
    if report is None:
        raise InvalidInput(_("Generate the report first."))
    if report.adopted_at:
        raise Conflict(_("The credentials report was adopted."))
    report.adopted_at = timezone.now()
    report.save(update_fields=["adopted_at"])
    record_event(actor=actor, action="meetings.credentials_report_adopted", obj=session)
    return report
