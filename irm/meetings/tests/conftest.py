"""Fixtures of the meetings app: a session with an open general-discussion list, and delegates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from irm.accounts.models import Membership, Role, User
from irm.meetings import services
from irm.meetings.models import Body, ParticipationKind
from irm.parties.models import State


@pytest.fixture
def secretariat(cast):
    return cast["secretariat"]


@pytest.fixture
def state():
    def get(iso3: str) -> State:
        return State.objects.get(iso3=iso3)

    return get


@pytest.fixture
def make_delegate(db):
    def make(iso3: str, username: str | None = None) -> User:
        user, created = User.objects.get_or_create(username=username or f"delegate-{iso3.lower()}")
        if created:  # else a demo user of the cast (delegate-mex)
            user.set_password("x-demo-pass-1")
            user.save()
        Membership.objects.get_or_create(user=user, role=Role.DELEGATE, state=State.objects.get(iso3=iso3))
        return user

    return make


@pytest.fixture
def session(secretariat):
    """A session starting in 20 days (so deadlines are in the future unless a test moves them)."""
    start = timezone.localdate() + timedelta(days=20)
    return services.create_session(
        actor=secretariat,
        body=Body.COSP,
        number=99,
        title_en="Ninety-ninth session",
        city="Vienna",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        opens_at=datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo("Europe/Vienna")).replace(
            hour=10
        ),
        interpreted_meetings_limit=4,
        host_state=State.objects.get(iso3="USA"),
    )


@pytest.fixture
def general_discussion(session, secretariat):
    services.add_agenda_item(actor=secretariat, session=session, number=1, title_en="Organizational matters")
    return services.add_agenda_item(
        actor=secretariat, session=session, number=1, letter="f", title_en="General discussion"
    )


@pytest.fixture
def open_list(session, general_discussion, secretariat):
    now = timezone.now()
    return services.open_speakers_list(
        actor=secretariat,
        session=session,
        agenda_item=general_discussion,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=10),
        item_closes_at=now + timedelta(days=12),
        video_deadline=now + timedelta(days=5),
    )


@pytest.fixture
def party(session, secretariat):
    def register(iso3: str):
        return services.register_delegation(
            actor=secretariat,
            session=session,
            kind=ParticipationKind.PARTY,
            state=State.objects.get(iso3=iso3),
        )

    return register


@pytest.fixture
def today() -> date:
    return timezone.localdate()
