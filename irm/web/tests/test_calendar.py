"""Calendar feeds (issue 17 §2): the personal feed (my deadlines and my sessions) and a session's feed,
made with the icalendar library and read back with it."""

from __future__ import annotations

import typing
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from irm.meetings import services as meeting_services
from irm.meetings.models import Body, ParticipationKind
from irm.parties.models import State
from irm.reviews import services
from irm.reviews.models import DelayReason, Review, Stage
from tests.factories import MilestoneFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

START = date(2024, 6, 3)
TITLE = "Implementation Review Group, seventeenth session"


@pytest.fixture
def kenya(cast):
    """Kenya's cycle-2 review, notified on START, followed by the secretariat: its next step is due."""
    review = typing.cast(Review, ReviewFactory(iso3="KEN", year=5, reviewers=("UGA", "NZL")))
    MilestoneFactory(review=review, stage=Stage.LOTS_DRAWN, done_on=START)
    MilestoneFactory(review=review, stage=Stage.REVIEW_NOTIFIED, done_on=START)
    services.assign_officer(actor=cast["secretariat"], review=review, user=cast["secretariat"])
    services.refresh_due_dates(actor=cast["secretariat"], review=review)
    return review


@pytest.fixture
def irg(cast):
    """A coming session with a comma in its title and its place, and two meetings in Vienna."""
    start = timezone.localdate() + timedelta(days=30)
    actor = cast["secretariat"]
    session = meeting_services.create_session(
        actor=actor,
        body=Body.IRG,
        number=17,
        title_en=TITLE,
        city="Vienna",
        venue="Vienna International Centre, Board Room",
        starts_on=start,
        ends_on=start + timedelta(days=2),
        opens_at=datetime.combine(start, time(10), tzinfo=ZoneInfo("Europe/Vienna")),
        timezone_name="Europe/Vienna",
    )
    item = meeting_services.add_agenda_item(actor=actor, session=session, number=2, title_en="Performance")
    for part, hours in (("morning", (time(10), time(13))), ("afternoon", (time(15), time(18)))):
        meeting_services.add_work_slot(
            actor=actor,
            session=session,
            date=start,
            part=part,
            starts_at=hours[0],
            ends_at=hours[1],
            items=[item],
        )
    return session


def _feed(client, url: str) -> tuple[str, Calendar]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    return body, Calendar.from_ical(body)


def _events(calendar: Calendar) -> dict[str, Any]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_personal_feed_holds_my_deadlines_and_my_sessions(client, cast, kenya, irg):
    token = services.issue_calendar_feed(actor=cast["secretariat"]).token
    body, calendar = _feed(client, f"/calendar/{token}.ics")
    events = _events(calendar)
    assert str(calendar["x-wr-calname"]) == "irm — secretariat"
    deadline = next(e for e in events.values() if "Kenya" in str(e["summary"]))
    due = kenya.milestones.get(stage=Stage.FOCAL_POINT_NOMINATED).due_on
    assert str(deadline["summary"]) == "Focal point nominated — Kenya (cycle 2)"
    # A deadline is an all-day event on its due day: DATE values, not times.
    assert deadline["dtstart"].dt == due and not isinstance(deadline["dtstart"].dt, datetime)
    assert deadline["dtend"].dt == due + timedelta(days=1)
    assert str(deadline["url"]).endswith("/reviews/2/KEN/workflow/")
    session = events[f"irm-session-{irg.pk}@irm.unodc"]
    assert str(session["summary"]) == TITLE
    assert session["dtstart"].dt == irg.starts_on and session["dtend"].dt == irg.ends_on + timedelta(days=1)
    # Commas are escaped in the file and read back as commas.
    assert "SUMMARY:Implementation Review Group\\, seventeenth session" in body
    assert str(session["location"]) == "Vienna International Centre, Board Room, Vienna"


def test_a_uid_names_the_row_and_stays_when_the_deadline_moves(client, cast, kenya):
    token = services.issue_calendar_feed(actor=cast["secretariat"]).token
    milestone = kenya.milestones.get(stage=Stage.FOCAL_POINT_NOMINATED)
    first = _events(_feed(client, f"/calendar/{token}.ics")[1])
    uid = f"irm-milestone-{milestone.pk}@irm.unodc"
    assert uid in first
    new_due = milestone.due_on + timedelta(days=40)
    services.record_delay(
        actor=cast["secretariat"],
        review=kenya,
        stage=Stage.FOCAL_POINT_NOMINATED,
        category=DelayReason.POLITICAL,
        new_due_on=new_due,
    )
    again = _events(_feed(client, f"/calendar/{token}.ics")[1])
    assert set(again) == set(first)
    assert again[uid]["dtstart"].dt == new_due


def test_a_delegate_sees_the_sessions_of_their_delegation_only(client, cast, irg):
    other = meeting_services.create_session(
        actor=cast["secretariat"],
        body=Body.COSP,
        number=98,
        title_en="Ninety-eighth session",
        city="Doha",
        starts_on=irg.starts_on,
        ends_on=irg.ends_on,
        opens_at=irg.opens_at,
    )
    meeting_services.register_delegation(
        actor=cast["secretariat"],
        session=irg,
        kind=ParticipationKind.PARTY,
        state=State.objects.get(iso3="BRA"),
    )
    token = services.issue_calendar_feed(actor=cast["delegate"]).token
    summaries = {str(e["summary"]) for e in _feed(client, f"/calendar/{token}.ics")[1].walk("VEVENT")}
    assert summaries == {TITLE}
    assert other.title not in summaries
    # Someone with neither deadlines nor sessions gets an empty, valid calendar.
    nobody = UserFactory(role="observer")
    token = services.issue_calendar_feed(actor=nobody).token
    assert _feed(client, f"/calendar/{token}.ics")[1].walk("VEVENT") == []


def test_the_secret_address_is_the_only_key(client, cast):
    old = services.issue_calendar_feed(actor=cast["fp-kenya"]).token
    new = services.issue_calendar_feed(actor=cast["fp-kenya"]).token
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get("/calendar/nope.ics").status_code == 404
    assert client.get(f"/calendar/{'x' * 200}.ics").status_code == 404
    cast["fp-kenya"].is_active = False
    cast["fp-kenya"].save()
    assert client.get(f"/calendar/{new}.ics").status_code == 404


def test_the_first_address_leads_to_the_feed(client, cast):
    token = services.issue_calendar_feed(actor=cast["fp-kenya"]).token
    response = client.get(f"/reviews/calendar/{token}.ics")
    assert response.status_code == 301 and response["Location"] == f"/calendar/{token}.ics"
    assert client.get("/reviews/calendar/nope.ics").status_code == 404


def test_a_sessions_feed_is_public_with_its_meetings_at_local_times(client, irg):
    body, calendar = _feed(client, f"/meetings/{irg.slug}/calendar.ics")
    events = _events(calendar)
    assert len(events) == 3
    meeting = next(e for e in events.values() if str(e["summary"]).endswith("Morning"))
    start = meeting["dtstart"].dt
    assert start.tzinfo is not None and start.utcoffset() == ZoneInfo("Europe/Vienna").utcoffset(start)
    assert (start.hour, meeting["dtend"].dt.hour) == (10, 13)
    assert str(meeting["description"]) == "Agenda items: 2"
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Vienna" in body
    assert client.get("/meetings/no-such-session/calendar.ics").status_code == 404


def test_pages_offer_the_addresses(client, cast, irg):
    page = client.get(f"/meetings/{irg.slug}/").content.decode()
    assert f'href="/meetings/{irg.slug}/calendar.ics"' in page
    client.force_login(cast["fp-kenya"])
    client.post("/reviews/deadlines/")
    page = client.get("/reviews/deadlines/").content.decode()
    # The address shown is the personal feed's, not the first one.
    assert "/calendar/" in page and "/reviews/calendar/" not in page
    assert "your deadlines and your sessions" in page
    home = client.get("/").content.decode()
    assert 'id="home-calendar"' in home and "/calendar/" in home
