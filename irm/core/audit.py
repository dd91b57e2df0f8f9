"""The audit trail: append events in the caller's transaction, and verify the hash chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from irm.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def normalise(value: Any) -> Any:
    """What a JSON field gives back after a round trip, so the hash is the same before and after."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default, sort_keys=True))


def event_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    AuditChainHead.objects.get_or_create(id=1)
    head = AuditChainHead.objects.select_for_update().get(id=1)
    event = AuditEvent(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user else (str(actor) if actor else "system"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=(str(obj) if obj is not None else "")[:255],
        before=normalise(before),
        after=normalise(after),
        reason=reason,
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event)
    event.save()
    AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report the first event that does not match."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, event.seq, f"event #{expected_seq} is missing (next is #{event.seq})")
        if event.prev_hash != prev:
            return ChainReport(checked, event.seq, f"event #{event.seq} does not follow the previous event")
        if event_hash(event) != event.hash:
            return ChainReport(checked, event.seq, f"event #{event.seq} was altered ({event.action})")
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head and checked and head.last_seq != checked:
        return ChainReport(
            checked, head.last_seq, f"the chain ends at #{checked} but should end at #{head.last_seq}"
        )
    return ChainReport(checked)
