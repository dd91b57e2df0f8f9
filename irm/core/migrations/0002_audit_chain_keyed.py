"""Re-key a chain written before the audit key existed (unkeyed SHA-256 links) with the HMAC key.

The legacy chain is verified first and its head recorded in a note event at the end of the re-keyed
chain (`audit.chain_rekeyed`, printed by `irm audit verify`), so what was true of the old chain stays
on record; a legacy chain that was already broken is re-keyed too, and the note says where it broke.
Why re-key rather than keep verifying legacy links: a chain mixing keyed and unkeyed links would need
a boundary between them, and a boundary stored in the database is one more thing an intruder could
move; with every link keyed, one rule checks the whole chain.
"""

from django.db import migrations, transaction
from django.utils import timezone

CHUNK = 2000


def _events(AuditEvent):
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:CHUNK])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def _legacy_problem(AuditEvent, legacy_event_hash, genesis):
    prev, expected = genesis, 1
    for event in _events(AuditEvent):
        if event.seq != expected:
            return f"event #{expected} was missing (next was #{event.seq})"
        if event.prev_hash != prev or legacy_event_hash(event) != event.hash:
            return f"event #{event.seq} did not match its link"
        prev, expected = event.hash, expected + 1
    return ""


def _relink(AuditEvent, link, genesis):
    prev, last = genesis, 0
    for event in _events(AuditEvent):
        event.prev_hash = prev
        event.hash = link(event)
        event.save(update_fields=["prev_hash", "hash"])
        prev, last = event.hash, event.seq
    return last, prev


def rekey(apps, schema_editor):
    from irm.core import audit

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    if not AuditEvent.objects.exists():
        return
    legacy_head = AuditEvent.objects.order_by("-seq").first()
    problem = _legacy_problem(AuditEvent, audit.legacy_event_hash, audit.GENESIS)
    key = audit.audit_key(new_chain=True)
    last_seq, prev = _relink(AuditEvent, lambda e: audit.event_hash(e, key), audit.GENESIS)
    note = AuditEvent(
        seq=last_seq + 1,
        created_at=timezone.now(),
        actor_label="system",
        action=audit.REKEYED,
        object_type="core.auditevent",
        object_id="",
        before={"legacy_head": [legacy_head.seq, legacy_head.hash]},
        after={"events": last_seq, "legacy_chain_intact": not problem},
        reason=(
            f"events #1–#{last_seq} were re-keyed with the audit key; the unkeyed chain ended at "
            f"#{legacy_head.seq} {legacy_head.hash} and "
            + (f"was broken: {problem}" if problem else "was intact")
        ),
        prev_hash=prev,
    )
    note.hash = audit.event_hash(note, key)
    note.save()
    AuditChainHead.objects.update_or_create(id=1, defaults={"last_seq": note.seq, "last_hash": note.hash})
    transaction.on_commit(lambda: audit.append_head(note.seq, note.hash))


def unkey(apps, schema_editor):
    from irm.core import audit

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    if AuditEvent.objects.exists():
        last_seq, prev = _relink(AuditEvent, audit.legacy_event_hash, audit.GENESIS)
        AuditChainHead.objects.update_or_create(id=1, defaults={"last_seq": last_seq, "last_hash": prev})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(rekey, unkey)]
