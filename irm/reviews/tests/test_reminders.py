"""Reminders before and after due dates: sent once, to the responsible people; and the calendar feed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from icalendar import Calendar

from irm.reviews import services
from irm.reviews.models import DelayReason, Reminder, Stage
from irm.reviews.tasks import send_reminders
from irm.reviews.tests.conftest import START, bring_to

pytestmark = pytest.mark.django_db

FOCAL_DUE = START + timedelta(days=21)


@pytest.fixture
def followed(kenya_review, cast):
    services.assign_officer(actor=cast["secretariat"], review=kenya_review, user=cast["secretariat"])
    services.refresh_due_dates(actor=cast["secretariat"], review=kenya_review)
    return kenya_review


def test_reminder_before_the_due_date_is_sent_once(followed):
    counts = services.send_due_reminders(as_of=FOCAL_DUE - timedelta(days=5))
    assert counts["before"] == 2  # the officer and Kenya's focal point (no one is named yet)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["fp-kenya@example.org", "secretariat@example.org"]
    assert "Focal point nominated" in mail.outbox[0].subject
    again = services.send_due_reminders(as_of=FOCAL_DUE - timedelta(days=4))
    assert again["before"] == 0 and len(mail.outbox) == 2


def test_reminder_after_the_due_date_is_sent_once(followed):
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=3))
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=4))
    assert len(mail.outbox) == 2
    assert all(m.subject.startswith("Overdue") for m in mail.outbox)
    assert Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).count() == 2


def test_overdue_reminders_repeat_every_week_until_the_stage_is_done(followed, cast):
    """R-T3: a stage overdue is reminded every `Cycle.reminder_every_days` (7) as long as it is not
    done — no longer once within 30 days — and a missed run sends only the latest repeat."""
    assert followed.cycle.reminder_every_days == 7
    for day in (1, 3, 7):  # days 1–7: the first repeat, once
        services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=day))
    assert len(mail.outbox) == 2
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=8))  # day 8: the second repeat
    assert len(mail.outbox) == 4
    assert "(8 days ago)" in mail.outbox[-1].body
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=60))  # long after 30 days: still
    assert len(mail.outbox) == 4 + 2 + 1  # the repeat of day 60 to both, the escalation to the secretariat
    repeats = Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).values_list("sequence", flat=True)
    assert sorted(set(repeats)) == [0, 1, 8]  # day 60 is repeat (60 - 1) // 7 = 8: weeks 2–7 were missed
    bring_to(followed, Stage.FOCAL_POINT_NOMINATED, actor=cast["secretariat"])
    sent = len(mail.outbox)
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=67))
    assert all("Focal point nominated" not in m.subject for m in mail.outbox[sent:])


def test_the_period_is_a_setting_of_the_cycle(followed):
    followed.cycle.reminder_every_days = 3
    followed.cycle.save()
    for day in range(1, 10):
        services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=day))
    assert Reminder.objects.filter(kind=Reminder.Kind.OVERDUE, user__username="fp-kenya").count() == 3


def test_a_stage_overdue_for_four_weeks_is_escalated_to_the_secretariat_once(followed, cast, client):
    """R-T3: at `Cycle.escalate_after_days` (28) overdue, every member of the secretariat is alerted
    once per due date; it is audited and listed on the secretariat's home until the stage is done."""
    from irm.core.models import AuditEvent

    assert followed.cycle.escalate_after_days == 28
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=27))
    assert not Reminder.objects.filter(kind=Reminder.Kind.ESCALATED).exists()
    counts = services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=28))
    assert counts["escalated"] == 1
    escalation = mail.outbox[-1]
    assert escalation.to == ["secretariat@example.org"]
    assert escalation.subject.startswith("Escalated: Focal point nominated") and "Kenya" in escalation.subject
    assert "28 days" in escalation.subject
    event = AuditEvent.objects.get(action="review.reminder_escalated")
    assert event.after is not None
    assert event.after["days_late"] == 28 and event.after["stage"] == Stage.FOCAL_POINT_NOMINATED
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=40))
    assert Reminder.objects.filter(kind=Reminder.Kind.ESCALATED).count() == 1  # once, not weekly

    client.force_login(cast["secretariat"])
    home = client.get("/").content.decode()
    assert "Overdue steps escalated to the secretariat" in home
    assert "Kenya" in home and "Focal point nominated" in home
    assert "/reviews/2/KEN/workflow/" in home
    bring_to(followed, Stage.FOCAL_POINT_NOMINATED, actor=cast["secretariat"])
    home = client.get("/").content.decode()
    assert "No step is escalated." in home and "/reviews/2/KEN/workflow/" not in home


def test_a_new_target_date_ends_the_escalation_until_it_is_overdue_again(followed, cast):
    from irm.reviews.selectors import escalated_steps

    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=30))
    assert [e.review for e in escalated_steps(today=FOCAL_DUE + timedelta(days=30))] == [followed]
    services.record_delay(
        actor=cast["secretariat"],
        review=followed,
        stage=Stage.FOCAL_POINT_NOMINATED,
        category=DelayReason.POLITICAL,
        new_due_on=FOCAL_DUE + timedelta(days=50),
    )
    assert escalated_steps(today=FOCAL_DUE + timedelta(days=31)) == []


def test_new_target_date_gives_new_reminders(followed, cast):
    services.send_due_reminders(as_of=FOCAL_DUE + timedelta(days=3))
    new_due = FOCAL_DUE + timedelta(days=20)
    services.record_delay(
        actor=cast["secretariat"],
        review=followed,
        stage=Stage.FOCAL_POINT_NOMINATED,
        category=DelayReason.POLITICAL,
        new_due_on=new_due,
    )
    services.send_due_reminders(as_of=new_due - timedelta(days=2))
    assert len(mail.outbox) == 4


def test_no_reminders_for_suspended_reviews_or_done_stages(followed, cast):
    services.suspend_review(actor=cast["secretariat"], review=followed)
    assert services.send_due_reminders(as_of=FOCAL_DUE)["before"] == 0
    services.resume_review(actor=cast["secretariat"], review=followed)
    bring_to(followed, Stage.FOCAL_POINT_NOMINATED, actor=cast["secretariat"])
    services.send_due_reminders(as_of=FOCAL_DUE)
    assert all("Focal point" not in m.subject for m in mail.outbox)


def test_experts_get_reminders_for_their_stages(kenya_review, cast):
    review = bring_to(
        kenya_review, Stage.CHECKLIST_CIRCULATED, actor=cast["secretariat"], expert=cast["expert-nzl"]
    )
    due = review.milestones.get(stage=Stage.DESK_REVIEW_DONE).due_on
    assert due is not None
    services.send_due_reminders(as_of=due - timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["expert-nzl@example.org"]]


def test_the_task_is_registered_and_runs(followed):
    assert ("irm.reviews.tasks.send_reminders", 3600) in settings.PERIODIC_TASKS
    result = send_reminders.enqueue()
    assert set(result.return_value) == {"before", "overdue", "escalated", "skipped"}


def test_calendar_feed_lists_the_users_deadlines(client, followed, cast):
    feed = services.issue_calendar_feed(actor=cast["fp-kenya"])
    response = client.get(f"/reviews/calendar/{feed.token}.ics", follow=True)  # to the personal feed
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    dtstart: Any = event["dtstart"]  # icalendar types a property as any of its value types
    assert dtstart.dt == FOCAL_DUE
    assert "Kenya" in str(event["summary"])


def test_calendar_feed_with_an_unknown_or_renewed_token_is_404(client, cast):
    old = services.issue_calendar_feed(actor=cast["fp-kenya"]).token
    services.issue_calendar_feed(actor=cast["fp-kenya"])
    assert client.get(f"/reviews/calendar/{old}.ics").status_code == 404
    assert client.get("/reviews/calendar/nope.ics").status_code == 404


def test_deadlines_page_offers_the_subscription(client, followed, cast):
    client.force_login(cast["fp-kenya"])
    client.post("/reviews/deadlines/")
    page = client.get("/reviews/deadlines/").content.decode()
    assert "/calendar/" in page and "Kenya" in page
    assert date.today().year > 2000


def test_reviews_drawn_elsewhere_are_planned_before_reminding(kenya_review, cast):
    assert kenya_review.milestones.count() == 2  # the draw and the notification, nothing planned
    counts = services.send_due_reminders(as_of=FOCAL_DUE - timedelta(days=1))
    assert kenya_review.milestones.count() == len(Stage)
    assert counts["before"] == 1 and mail.outbox[0].to == ["fp-kenya@example.org"]
