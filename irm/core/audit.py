"""The audit trail: append events in the caller's transaction, and verify the chain.

Each event carries an HMAC-SHA256 of its content and of the previous event's HMAC, keyed with a key
kept outside the database (`$IRM_DATA_DIR/audit_key`): someone who can write the database but not
the data directory can neither alter an event nor rewrite the chain from some point on.

Truncation (deleting the newest events, or every event, and rewinding `AuditChainHead`) is caught by
the head file (`$IRM_DATA_DIR/audit_head`): after each commit the newest `seq hash` is appended to it
(O_APPEND, one short line per write, so concurrent processes never interleave inside a line; lines
may arrive out of order, so the file's highest seq is the anchor). `irm audit verify` checks that the
database still holds that event with that hash, and prints the head so it can be copied elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models.signals import post_save
from django.db.models.sql import InsertQuery
from django.utils import timezone

from irm.core.events import is_shared
from irm.core.keys import cached_key, key_path, read_or_create_key
from irm.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
KEY_FILE = "audit_key"
HEAD_FILE = "audit_head"
#: Action of the event written when a legacy (unkeyed SHA-256) chain was re-keyed (core migration 0002).
REKEYED = "audit.chain_rekeyed"


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


def _payload(event: Any) -> bytes:
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
    return canonical.encode()


def legacy_event_hash(event: Any) -> str:
    """The unkeyed SHA-256 link of chains written before the key existed (verified by migration 0002)."""
    return hashlib.sha256(_payload(event)).hexdigest()


@cached_key
@lru_cache(maxsize=4)
def _key(path: str) -> bytes:
    return bytes.fromhex(read_or_create_key(KEY_FILE))


class AuditKeyMissing(ImproperlyConfigured):
    pass


def audit_key(*, new_chain: bool = False) -> bytes:
    """The HMAC key (0600, cached per process and location). It is created with the chain's first
    event, or when a legacy chain is re-keyed (`new_chain`); a key missing while the database holds
    events is a lost key, not a new one: writing on with a fresh key would break the chain for good."""
    path = key_path(KEY_FILE)
    if not new_chain and not path.exists() and AuditEvent.objects.exists():
        raise AuditKeyMissing(
            f"the audit key {path} is missing while the database holds audit events: "
            "restore it from the backup (irm restore)"
        )
    return _key(str(path))


def event_hash(event: Any, key: bytes | None = None) -> str:
    return hmac.new(key or audit_key(), _payload(event), hashlib.sha256).hexdigest()


# --- the head file ---------------------------------------------------------------------------------


def append_head(seq: int, digest: str) -> None:
    """Append `seq hash` to the head file (run after commit). One write() of one short line with
    O_APPEND: atomic against other processes appending at the same time."""
    path = key_path(HEAD_FILE)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{seq} {digest}\n".encode())
    finally:
        os.close(fd)


#: Lines arrive out of order only between writers that commit at the same moment: the file's last
#: few kilobytes always hold its highest seq.
_TAIL = 64 * 1024


def read_head() -> tuple[int, str] | None:
    """The highest (seq, hash) of the head file, or None when there is no head file yet."""
    path = key_path(HEAD_FILE)
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - _TAIL))
            tail = handle.read().decode(errors="replace")
    except FileNotFoundError:
        return None
    best: tuple[int, str] | None = None
    for line in tail.splitlines():
        seq, _, digest = line.strip().partition(" ")
        if seq.isdigit() and len(digest) == 64 and (best is None or int(seq) > best[0]):
            best = (int(seq), digest)
    return best


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
    event = AuditEvent(
        actor=user,
        actor_label=user.get_username() if user else (str(actor) if actor else "system"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=(str(obj) if obj is not None else "")[:255],
        before=normalise(before),
        after=normalise(after),
        reason=reason,
    )
    key = audit_key()
    # Everything above runs before the chain's head is locked: the lock is held from here to the
    # commit by every writer in turn, so what happens under it is kept to two statements.
    event.seq, event.prev_hash = _advance_head()
    event.created_at = timezone.now()
    event.hash = event_hash(event, key)
    _insert_linked(event, shared=is_shared(action))
    transaction.on_commit(lambda: append_head(event.seq, event.hash), robust=True)
    return event


_HEAD_TABLE = AuditChainHead._meta.db_table


def _advance_head() -> tuple[int, str]:
    """Lock the head row and take the next seq in one statement; returns (seq, previous hash)."""
    sql = f"UPDATE {_HEAD_TABLE} SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:  # the chain's very first event
            AuditChainHead.objects.get_or_create(id=1)
            cursor.execute(sql)
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


def _insert_linked(event: AuditEvent, *, shared: bool = True) -> None:
    """Insert the event and record its hash as the head's (and as the content version's when the event
    is shared): one statement on PostgreSQL."""
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        head = {"last_hash": event.hash, **({"shared_hash": event.hash} if shared else {})}
        AuditChainHead.objects.filter(id=1).update(**head)
        return
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    query = InsertQuery(AuditEvent)
    query.insert_values(fields, [event])
    ((insert, params),) = query.get_compiler(connection=connection).as_sql()
    # The model's table and Django's own INSERT; every value is a parameter.
    sql = f"WITH inserted AS ({insert} RETURNING id) UPDATE {_HEAD_TABLE} SET last_hash = %s, "  # noqa: S608
    sql += "shared_hash = COALESCE(%s, shared_hash) WHERE id = 1 RETURNING (SELECT id FROM inserted)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, event.hash, event.hash if shared else None])
        event.pk = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias
    # The raw INSERT bypasses Model.save(): send its signal so that a listener of AuditEvent's post_save
    # (the tests' collector of emitted events) sees the event on both databases.
    post_save.send(
        sender=AuditEvent, instance=event, created=True, update_fields=None, raw=False, using=connection.alias
    )


# Before the first shared event after migration 0004 the newest event's hash stands in.
_VERSION_SQL = f"SELECT COALESCE(NULLIF(shared_hash, ''), last_hash) FROM {_HEAD_TABLE} WHERE id = 1"  # noqa: S608


def content_version() -> str:
    """The platform's content version: the hash of the newest shared event (one indexed read).

    Every change goes through a service that records its event in the change's own transaction, so a
    change that commits moves this in the same commit: a cache keyed on it (public answers, reports) is
    never read stale after a write. Events marked `shared=False` (an answer saved in a checklist, a
    user's own tokens) leave it alone. A chain started anew (a restored or re-created database) has
    other hashes, so a version is never reused for other content.
    """
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return str(row[0]) if row else ""


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    head: tuple[int, str] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _anchor_problem(anchor: tuple[int, str], last_seq: int, hashes: dict[int, str], where: str) -> str:
    seq, digest = anchor
    if last_seq == 0:
        return f"the database holds no audit events but {where} records event #{seq}: every event was deleted"
    if seq > last_seq:
        return (
            f"events #{last_seq + 1}–#{seq} are missing: {where} records event #{seq} "
            f"but the chain ends at #{last_seq}"
        )
    if hashes.get(seq) != digest:
        return f"event #{seq} is not the one {where} records: the chain was rewritten"
    return ""


def verify_chain(*, expected_head: tuple[int, str] | None = None) -> ChainReport:
    """Recompute every HMAC in order; report the first event that does not match, then check the chain
    still reaches the head file's newest event (and `expected_head`, a head copied elsewhere)."""
    try:
        key = audit_key()
    except AuditKeyMissing as error:
        return ChainReport(0, 1, str(error))
    anchors = [(a, w) for a, w in [(read_head(), "the head file"), (expected_head, "the given head")] if a]
    wanted = {a[0] for a, _ in anchors}
    hashes: dict[int, str] = {}
    notes: list[str] = []
    prev, checked = GENESIS, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != checked + 1:
            return ChainReport(checked, event.seq, f"event #{checked + 1} is missing (next is #{event.seq})")
        if event.prev_hash != prev:
            return ChainReport(checked, event.seq, f"event #{event.seq} does not follow the previous event")
        if event_hash(event, key) != event.hash:
            return ChainReport(checked, event.seq, f"event #{event.seq} was altered ({event.action})")
        if event.seq in wanted:
            hashes[event.seq] = event.hash
        if event.action == REKEYED:
            notes.append(f"event #{event.seq}: {event.reason}")
        prev, checked = event.hash, checked + 1
    for anchor, where in anchors:
        if problem := _anchor_problem(anchor, checked, hashes, where):
            return ChainReport(checked, anchor[0], problem, notes=notes)
    head = AuditChainHead.objects.filter(id=1).first()
    if head and checked and head.last_seq != checked:
        return ChainReport(
            checked, head.last_seq, f"the chain ends at #{checked} but should end at #{head.last_seq}"
        )
    if checked and not anchors:
        return ChainReport(
            checked,
            checked,
            f"there is no head file ({key_path(HEAD_FILE)}): deleted newest events could not be noticed",
        )
    return ChainReport(checked, head=(checked, prev) if checked else None, notes=notes)
