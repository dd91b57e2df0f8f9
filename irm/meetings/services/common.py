"""What every section of the services uses: who may act, times in the session's zone, audited field changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, PermissionDenied
from irm.meetings import permissions
from irm.meetings.models import AgendaItem, Delegation, Session, SpeakersList
from irm.parties.models import State


def require_manager(actor: Any) -> None:
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the secretariat manages sessions."))


def require_acts_for(actor: Any, delegation: Delegation) -> None:
    if not permissions.can_act_for(actor, delegation):
        raise PermissionDenied(_("You do not act for this delegation."))


def local_time(moment: datetime, session: Session) -> str:
    return timezone.localtime(moment, ZoneInfo(session.timezone)).strftime("%Y-%m-%d %H:%M %Z")


def time_of_receipt(actor: Any, received_at: datetime | None) -> datetime:
    now = timezone.now()
    if received_at is None:
        return now
    # Only the secretariat transcribes requests received by e-mail with their time of receipt.
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the secretariat records the time of receipt of a request."))
    if received_at > now:
        raise InvalidInput(_("The time of receipt cannot be in the future."))
    return received_at


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """Field values for the audit trail (related objects by their string form)."""
    out = {}
    for field in fields:
        value = getattr(obj, field)
        out[field] = str(value) if isinstance(value, State | AgendaItem) else value
    return out


def apply_changes[M: (Session, SpeakersList)](
    *,
    actor: Any,
    obj: M,
    changes: dict[str, Any],
    allowed: Iterable[str],
    check: Callable[[M], None],
    action: str,
) -> M:
    """Set the changed fields of a locked row, check the result, save and audit (before/after)."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidInput(_("These details cannot be changed: %(f)s.") % {"f": ", ".join(unknown)})
    changed = [f for f, v in changes.items() if getattr(obj, f) != v]
    if not changed:
        return obj
    before = snapshot(obj, changed)
    for field in changed:
        setattr(obj, field, changes[field])
    check(obj)
    obj.save()
    record_event(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, changed))
    return obj


def user_of(actor: Any) -> Any:
    """The user to store as the author of a row (None for the scheduler or an anonymous actor)."""
    return actor if getattr(actor, "is_authenticated", False) else None
