"""Draft resolutions: due one month before the session (decision 9/1), then the flow to adoption."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied, TooLong
from irm.meetings import permissions
from irm.meetings.models import (
    Delegation,
    Document,
    DraftResolution,
    ParticipationKind,
    ResolutionStatus,
    Session,
)
from irm.meetings.services.common import require_acts_for, require_manager, time_of_receipt
from irm.parties.models import State


def one_month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def draft_resolution_deadline(session: Session) -> date:
    """Decision 9/1: draft resolutions one month before the session (CoSP 10: 13 November 2023)."""
    return session.draft_resolution_deadline or one_month_before(session.starts_on)


def end_of_day(session: Session, day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(session.timezone))


RESOLUTION_FLOW = {
    ResolutionStatus.SUBMITTED: {ResolutionStatus.CONSULTATIONS, ResolutionStatus.WITHDRAWN},
    ResolutionStatus.CONSULTATIONS: {ResolutionStatus.APPROVED, ResolutionStatus.WITHDRAWN},
    ResolutionStatus.APPROVED: {
        ResolutionStatus.ADOPTED,
        ResolutionStatus.CONSULTATIONS,
        ResolutionStatus.WITHDRAWN,
    },
    ResolutionStatus.ADOPTED: set(),
    ResolutionStatus.WITHDRAWN: set(),
}


def late_notice(session: Session) -> str:
    """The warning a late draft carries, for its submitter and the secretariat (decision 9/1)."""
    return _(
        "Received after %(d)s, one month before the session. Decision 9/1 strongly encourages parties "
        "to submit draft resolutions by then so that the other parties have them in advance; the draft "
        "is kept and recorded as late, and the secretariat sees it so."
    ) % {"d": draft_resolution_deadline(session).isoformat()}


@transaction.atomic
def submit_draft_resolution(
    *,
    actor: Any,
    delegation: Delegation,
    title: str,
    sponsors: Iterable[State] = (),
    late_reason: str = "",
    at: datetime | None = None,
) -> DraftResolution:
    """Due one month before the session (decision 9/1 strongly encourages it, S002 item 1 (c)).

    A later draft is not refused: it is kept with `late` set (and the reason, if one is given), the
    audit event says so, and the pages warn its submitter and the secretariat (`late_notice`).
    """
    require_acts_for(actor, delegation)
    session = delegation.session
    if delegation.kind != ParticipationKind.PARTY:
        raise InvalidInput(_("Draft resolutions are submitted by parties."))
    title, late_reason = title.strip(), late_reason.strip()
    if not title:
        raise InvalidInput(_("Give the title of the draft resolution."))
    if len(title) > 500 or len(late_reason) > 500:
        raise TooLong(_("The title and the reason are limited to 500 characters."))
    at = time_of_receipt(actor, at)
    deadline = draft_resolution_deadline(session)
    late = at > end_of_day(session, deadline)
    draft = DraftResolution.objects.create(
        session=session,
        title=title,
        submitted_by=delegation,
        submitted_at=at,
        late=late,
        late_reason=late_reason if late else "",
    )
    draft.sponsors.set([s for s in {delegation.state, *sponsors} if s is not None])
    record_event(
        actor=actor,
        action="meetings.draft_resolution_submitted",
        obj=draft,
        after={
            "late": late,
            "deadline": deadline.isoformat(),
            "sponsors": sorted(s.iso3 for s in draft.sponsors.all()),
        },
        reason=late_reason if late else "",
    )
    return draft


@transaction.atomic
def sponsor_draft_resolution(*, actor: Any, draft: DraftResolution, state: State) -> DraftResolution:
    if not permissions.can_act_for_state(actor, state.pk):
        raise PermissionDenied(_("You may sponsor only on behalf of your own State."))
    if draft.status in {ResolutionStatus.ADOPTED, ResolutionStatus.WITHDRAWN}:
        raise Conflict(_("The draft can no longer be sponsored."))
    draft.sponsors.add(state)
    record_event(
        actor=actor, action="meetings.draft_resolution_sponsored", obj=draft, after={"state": state.iso3}
    )
    return draft


@transaction.atomic
def set_draft_resolution_status(
    *,
    actor: Any,
    draft: DraftResolution,
    status: str,
    document: Document | None = None,
    resolution_number: str = "",
) -> DraftResolution:
    require_manager(actor)
    draft = DraftResolution.objects.select_for_update().get(pk=draft.pk)
    if status not in RESOLUTION_FLOW.get(ResolutionStatus(draft.status), set()):
        raise Conflict(
            _("A draft resolution cannot go from %(a)s to %(b)s.") % {"a": draft.status, "b": status},
            code="invalid_transition",
        )
    before = draft.status
    draft.status = status
    if document is not None:
        if document.session_id != draft.session_id:
            raise InvalidInput(_("The document belongs to another session."))
        draft.document = document
    if resolution_number:
        draft.resolution_number = resolution_number
    draft.save(update_fields=["status", "document", "resolution_number", "updated_at"])
    record_event(
        actor=actor,
        action="meetings.draft_resolution_status",
        obj=draft,
        before={"status": before},
        after={"status": status},
    )
    return draft
