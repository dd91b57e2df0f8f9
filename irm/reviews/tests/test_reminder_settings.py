"""The secretariat's page for a cycle's reminder settings (docs/RULES.md R-T3): bounds with errors beside
the fields, saved through `irm.cycles.services` with an audit event, the secretariat only, not stored."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from irm.core.exceptions import InvalidInput
from irm.core.models import AuditEvent
from irm.cycles import services as cycle_services
from irm.cycles.models import Cycle

pytestmark = pytest.mark.django_db

PAGE = "/reviews/cycle/2/reminders/"


def _cycle2() -> Cycle:
    return Cycle.objects.get(number=2)


def test_the_secretariat_sees_the_settings_and_the_rules_source_in_an_answer_not_stored(client, cast):
    client.force_login(cast["secretariat"])
    answer = client.get(PAGE)
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    page = answer.content.decode()
    assert "reminded every 7 days until it is done" in page and "28 days overdue" in page
    assert "Rule R-T3 and its source" in page and "Resolution 8/2" in page
    assert escape(_cycle2().reminders_source) in page
    assert 'name="reminder_every_days" value="7"' in page


def test_saving_changes_the_cycle_and_writes_the_audit_event(client, cast):
    client.force_login(cast["secretariat"])
    answer = client.post(
        PAGE, {"reminder_every_days": "14", "escalate_after_days": "60", "reason": "Fewer mails"}
    )
    assert answer.status_code == 302 and answer["Location"] == PAGE
    cycle = _cycle2()
    assert (cycle.reminder_every_days, cycle.escalate_after_days) == (14, 60)
    event = AuditEvent.objects.get(action="cycles.reminder_settings_changed")
    assert event.actor == cast["secretariat"] and event.reason == "Fewer mails"
    assert event.before == {"reminder_every_days": 7, "escalate_after_days": 28}
    assert event.after == {"reminder_every_days": 14, "escalate_after_days": 60}
    assert "reminded every 14 days" in client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("every", "escalate", "wrong"),
    [
        ("0", "28", "reminder_every_days"),
        ("91", "28", "reminder_every_days"),
        ("7", "366", "escalate_after_days"),
    ],
)
def test_a_value_out_of_bounds_is_refused_beside_its_field(client, cast, every, escalate, wrong):
    client.force_login(cast["secretariat"])
    answer = client.post(PAGE, {"reminder_every_days": every, "escalate_after_days": escalate})
    assert answer.status_code == 422
    form = answer.context["form"]
    assert list(form.errors) == [wrong]
    bounds = "1 to 90" if wrong == "reminder_every_days" else "1 to 365"
    assert form.errors[wrong] == [f"Give a whole number of days from {bounds}."]
    page = answer.content.decode()
    field_block = page[page.index(f'id="id_{wrong}"') - 600 : page.index(f'id="id_{wrong}"') + 200]
    assert "Give a whole number of days" in field_block
    assert (_cycle2().reminder_every_days, _cycle2().escalate_after_days) == (7, 28)
    assert not AuditEvent.objects.filter(action="cycles.reminder_settings_changed").exists()


@pytest.mark.parametrize("username", ["fp-kenya", "expert-nzl", "delegate", "observer"])
def test_everyone_else_is_refused_with_403(client, cast, username):
    client.force_login(cast[username])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"reminder_every_days": "1", "escalate_after_days": "1"}).status_code == 403
    assert _cycle2().reminder_every_days == 7


def test_the_page_is_linked_where_the_secretariat_finds_the_cycles_settings(client, cast):
    client.force_login(cast["secretariat"])
    assert f'href="{PAGE}"' in client.get("/cycles/2/").content.decode()
    assert f'href="{PAGE}"' in client.get("/reviews/cycle/2/").content.decode()
    client.force_login(cast["fp-kenya"])
    cycle_page = client.get("/cycles/2/").content.decode()
    assert f'href="{PAGE}"' not in cycle_page
    assert "every 7 days; escalated to the secretariat after 28 days" in cycle_page


def test_the_service_checks_the_bounds_and_a_reload_of_the_data_keeps_the_change(cast):
    with pytest.raises(InvalidInput) as refused:
        cycle_services.set_reminder_settings(
            actor=cast["secretariat"], cycle=_cycle2(), reminder_every_days=7, escalate_after_days=0
        )
    assert refused.value.code == "escalation_delay_out_of_range"
    assert refused.value.details == {"field": "escalate_after_days"}
    cycle_services.set_reminder_settings(
        actor=cast["secretariat"], cycle=_cycle2(), reminder_every_days=3, escalate_after_days=10
    )
    cycle_services.load_reference_cycles()
    assert (_cycle2().reminder_every_days, _cycle2().escalate_after_days) == (3, 10)
    assert Cycle.objects.get(number=1).reminder_every_days == 7  # the other cycle still follows the file
