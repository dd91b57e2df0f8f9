"""Joint meetings: items considered together by sessions of several bodies (S000 ¶3, ¶35)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput
from irm.meetings.models import JointMeeting, Session
from irm.meetings.services.common import require_manager


@transaction.atomic
def add_joint_meeting(
    *,
    actor: Any,
    sessions: Iterable[Session],
    title_en: str,
    held_from: date,
    held_to: date,
    title_zh: str = "",
    items_note: str = "",
) -> JointMeeting:
    require_manager(actor)
    sessions = list(sessions)
    if len(sessions) < 2:
        raise InvalidInput(_("A joint meeting brings together at least two bodies."))
    if held_to < held_from:
        raise InvalidInput(_("A meeting cannot end before it starts."))
    joint = JointMeeting.objects.create(
        title_en=title_en, title_zh=title_zh, held_from=held_from, held_to=held_to, items_note=items_note
    )
    joint.sessions.set(sessions)
    record_event(
        actor=actor,
        action="meetings.joint_meeting_added",
        obj=joint,
        after={"sessions": [s.slug for s in sessions]},
    )
    return joint


@transaction.atomic
def remove_joint_meeting(*, actor: Any, joint: JointMeeting) -> None:
    require_manager(actor)
    record_event(
        actor=actor,
        action="meetings.joint_meeting_removed",
        obj=joint,
        before={"title_en": joint.title_en, "sessions": [s.slug for s in joint.sessions.all()]},
    )
    joint.delete()
