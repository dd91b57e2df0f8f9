"""The audit trail: a keyed chain anchored by a head file outside the database.

Each attack of issue 14 §10 — deleting the newest events (and rewinding the head row), deleting every
event, altering one, rewriting the chain from some point without the key — makes `irm audit verify`
fail and say what is missing or altered. Runs on SQLite and PostgreSQL alike.
"""

import hashlib
import itertools
import json
import shutil
import stat
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from irm.core import audit
from irm.core.audit import record_event, verify_chain
from irm.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


@pytest.fixture(autouse=True)
def key_dir(settings, tmp_path):
    """A data directory of this test's own: the session's key (the reference data's events were
    linked with it) and an empty head file."""
    audit.audit_key()
    shutil.copy(Path(settings.KEY_DIR) / "audit_key", tmp_path / "audit_key")
    settings.KEY_DIR = tmp_path
    return tmp_path


@pytest.fixture
def events(django_capture_on_commit_callbacks):
    """Five events, committed (so the head file got its lines)."""
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            with transaction.atomic():
                record_event(
                    actor=None, action="test.event", object_type="test", object_id=str(n), after={"n": n}
                )
    return list(AuditEvent.objects.order_by("seq"))


def verify_fails(match: str) -> str:
    with pytest.raises(CommandError, match=match) as error:
        call_command("audit", "verify")
    return str(error.value)


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_events_form_a_keyed_chain_anchored_in_the_head_file(events, key_dir, run_irm):
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert verify_chain().ok
    last = events[-1]
    assert audit.read_head() == (last.seq, last.hash)
    assert f"{last.seq} {last.hash}" in (key_dir / "audit_head").read_text()
    out = run_irm("audit", "verify")
    assert f"{len(events)} events verified" in out and f"head: {last.seq} {last.hash}" in out


def test_the_key_and_the_head_file_are_readable_by_their_owner_only(events, key_dir):
    for name in ("audit_key", "audit_head"):
        assert stat.S_IMODE((key_dir / name).stat().st_mode) == 0o600, name


def test_a_link_is_an_hmac_not_a_plain_hash(events):
    first = events[0]
    assert first.hash != audit.legacy_event_hash(first)  # a bare SHA-256 of the content is not enough


def test_deleting_the_newest_events_and_rewinding_the_head_row_is_noticed(events):
    keep = events[2]
    sql(f"DELETE FROM {TABLE} WHERE seq > %s", [keep.seq])
    AuditChainHead.objects.filter(id=1).update(last_seq=keep.seq, last_hash=keep.hash)
    message = verify_fails(f"events #{keep.seq + 1}–#{events[-1].seq} are missing")
    assert "head file" in message


def test_deleting_every_event_is_noticed(events):
    sql(f"DELETE FROM {TABLE}")
    AuditChainHead.objects.all().delete()
    verify_fails("holds no audit events .* every event was deleted")


def test_altering_any_event_is_noticed(events):
    for target in (events[0], events[2], events[-1]):
        sql(f"UPDATE {TABLE} SET reason = %s WHERE seq = %s", ["tampered", target.seq])
        verify_fails(f"event #{target.seq} was altered")
        sql(f"UPDATE {TABLE} SET reason = %s WHERE seq = %s", ["", target.seq])
    assert verify_chain().ok


def test_rewriting_the_chain_from_some_point_without_the_key_is_noticed(events):
    """The intruder recomputes every link after their change with a key of their own (or none)."""
    start = events[2]
    prev = events[1].hash
    for event in AuditEvent.objects.filter(seq__gte=start.seq).order_by("seq"):
        event.after = {"n": "rewritten"} if event.seq == start.seq else event.after
        event.prev_hash = prev
        event.hash = audit.event_hash(event, b"the intruder's own key")
        AuditEvent.objects.filter(pk=event.pk).update(after=event.after, prev_hash=prev, hash=event.hash)
        prev = event.hash
    AuditChainHead.objects.filter(id=1).update(last_hash=prev)
    verify_fails(f"event #{start.seq} was altered")


def test_a_chain_rewritten_with_the_key_still_misses_the_head_kept_elsewhere(events, key_dir, run_irm):
    """With the key and the head file in hand, an intruder could rewrite everything; a head copied
    elsewhere from an earlier `irm audit verify` still catches it."""
    kept = run_irm("audit", "verify").split("head: ")[1].strip()
    last = events[-1]
    event = AuditEvent.objects.get(seq=last.seq)
    event.reason = "rewritten with the key"
    event.hash = audit.event_hash(event)
    AuditEvent.objects.filter(pk=event.pk).update(reason=event.reason, hash=event.hash)
    AuditChainHead.objects.filter(id=1).update(last_hash=event.hash)
    (key_dir / "audit_head").write_text(f"{event.seq} {event.hash}\n")
    assert verify_chain().ok
    with pytest.raises(CommandError, match=f"event #{last.seq} is not the one the given head records"):
        call_command("audit", "verify", "--head", kept)


def test_a_chain_without_its_head_file_does_not_pass(events, key_dir):
    (key_dir / "audit_head").unlink()
    verify_fails("there is no head file")


def test_an_empty_trail_with_no_head_file_verifies(run_irm):
    sql(f"DELETE FROM {TABLE}")
    AuditChainHead.objects.all().delete()
    assert "0 events verified" in run_irm("audit", "verify")


def test_concurrent_writers_append_whole_lines_and_the_highest_seq_is_the_head(key_dir):
    def write(start: int) -> None:
        for seq in range(start, 2000, 4):
            audit.append_head(seq, f"{seq:064x}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = (key_dir / "audit_head").read_text().splitlines()
    assert len(lines) == 2000 and all(len(line.split(" ")[1]) == 64 for line in lines)
    assert audit.read_head() == (1999, f"{1999:064x}")


def test_a_legacy_unkeyed_chain_is_re_keyed_with_a_note(key_dir, run_irm, django_capture_on_commit_callbacks):
    """Migration core 0002: the old SHA-256 chain is checked, re-keyed, and a note records its head."""
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    sql(f"DELETE FROM {TABLE}")
    AuditChainHead.objects.all().delete()
    prev = audit.GENESIS
    for seq in (1, 2, 3):
        event = AuditEvent(
            seq=seq,
            created_at=timezone.now(),
            actor_label="system",
            action="legacy.event",
            object_type="test",
            object_id=str(seq),
            after={"n": seq},
            prev_hash=prev,
        )
        event.hash = hashlib.sha256(audit._payload(event)).hexdigest()
        event.save()
        prev = event.hash
    legacy_head = prev
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        import_module("irm.core.migrations.0002_audit_chain_keyed").rekey(apps, None)
    out = run_irm("audit", "verify")
    assert "4 events verified" in out
    assert "note: event #4: events #1–#3 were re-keyed" in out and legacy_head in out and "was intact" in out
    note = AuditEvent.objects.get(seq=4)
    assert (
        note.action == audit.REKEYED
        and json.dumps(note.after) == '{"events": 3, "legacy_chain_intact": true}'
    )


@pytest.mark.django_db(transaction=True)
def test_events_are_only_written_inside_a_transaction():
    with pytest.raises(RuntimeError):
        record_event(actor=None, action="test.event", object_type="test")


def test_a_lost_key_is_not_silently_replaced_by_a_new_one(events, key_dir):
    (key_dir / "audit_key").unlink()
    with pytest.raises(audit.AuditKeyMissing, match="restore it from the backup"), transaction.atomic():
        record_event(actor=None, action="test.event", object_type="test")
    assert not (key_dir / "audit_key").exists()
    verify_fails("audit key .* is missing")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_form_one_chain_on_postgresql():
    """The head row is locked and advanced in one statement and the event inserted with its hash in
    another (fewer steps under the lock): writers in parallel still get consecutive seqs, each linked
    to the one before, and the head ends at the last."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    from django.db import connections

    start = AuditChainHead.objects.filter(id=1).values_list("last_seq", flat=True).first() or 0
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                with transaction.atomic():
                    record_event(actor=None, action="test.event", object_type="test", object_id=f"{n}-{i}")
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    new = list(AuditEvent.objects.filter(seq__gt=start).order_by("seq"))
    assert [e.seq for e in new] == list(range(start + 1, start + 31))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(new))
    head = AuditChainHead.objects.get(id=1)
    assert (head.last_seq, head.last_hash) == (new[-1].seq, new[-1].hash)
    assert all(audit.event_hash(e) == e.hash for e in new)


@pytest.mark.django_db
def test_a_recorded_event_sends_post_save_on_every_database():
    """The PostgreSQL path inserts with raw SQL; its listeners (the tests' event collector) must still hear it."""
    from django.db import transaction
    from django.db.models.signals import post_save

    from irm.core.audit import record_event
    from irm.core.models import AuditEvent

    heard: list[str] = []

    def listen(sender, instance, created, **kwargs):
        heard.append(instance.action)

    post_save.connect(listen, sender=AuditEvent, weak=False, dispatch_uid="test-heard")
    try:
        with transaction.atomic():
            record_event(actor=None, action="reference.parties_loaded")
    finally:
        post_save.disconnect(sender=AuditEvent, dispatch_uid="test-heard")
    assert heard == ["reference.parties_loaded"]
