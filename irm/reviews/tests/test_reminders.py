"""Reminders before and after due dates: sent once, to the responsible people; and the calendar feed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail

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
    assert set(result.return_value) == {"before", "overdue", "skipped"}


def test_calendar_feed_lists_the_users_deadlines(client, followed, cast):
    feed = services.issue_calendar_feed(actor=cast["fp-kenya"])
    response = client.get(f"/reviews/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.rstrip().endswith("END:VCALENDAR")
    assert f"DTSTART;VALUE=DATE:{FOCAL_DUE:%Y%m%d}" in body
    assert "Kenya" in body


def test_calendar_feed_with_an_unknown_or_renewed_token_is_404(client, cast):
    old = services.issue_calendar_feed(actor=cast["fp-kenya"]).token
    services.issue_calendar_feed(actor=cast["fp-kenya"])
    assert client.get(f"/reviews/calendar/{old}.ics").status_code == 404
    assert client.get("/reviews/calendar/nope.ics").status_code == 404


def test_deadlines_page_offers_the_subscription(client, followed, cast):
    client.force_login(cast["fp-kenya"])
    client.post("/reviews/deadlines/")
    page = client.get("/reviews/deadlines/").content.decode()
    assert "/reviews/calendar/" in page and "Kenya" in page
    assert date.today().year > 2000


def test_reviews_drawn_elsewhere_are_planned_before_reminding(kenya_review, cast):
    assert kenya_review.milestones.count() == 2  # the draw and the notification, nothing planned
    counts = services.send_due_reminders(as_of=FOCAL_DUE - timedelta(days=1))
    assert kenya_review.milestones.count() == len(Stage)
    assert counts["before"] == 1 and mail.outbox[0].to == ["fp-kenya@example.org"]
