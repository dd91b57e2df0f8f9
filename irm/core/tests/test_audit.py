import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from irm.core.audit import record_event, verify_chain
from irm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _three_events():
    with transaction.atomic():
        for n in range(3):
            record_event(
                actor=None, action="test.event", object_type="test", object_id=str(n), after={"n": n}
            )


def test_events_form_a_chain_that_verifies():
    _three_events()
    events = list(AuditEvent.objects.filter(action="test.event"))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert verify_chain().ok


def test_verify_names_the_event_altered_by_hand_in_sql():
    _three_events()
    target = AuditEvent.objects.filter(action="test.event").order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET reason = %s WHERE seq = %s", ["tampered", target.seq]
        )
    report = verify_chain()
    assert report.broken_seq == target.seq
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit", "verify")


def test_verify_notices_a_deleted_event():
    _three_events()
    target = AuditEvent.objects.filter(action="test.event").order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [target.seq])
    assert verify_chain().broken_seq == target.seq + 1


@pytest.mark.django_db(transaction=True)
def test_events_are_only_written_inside_a_transaction():
    with pytest.raises(RuntimeError):
        record_event(actor=None, action="test.event", object_type="test")
