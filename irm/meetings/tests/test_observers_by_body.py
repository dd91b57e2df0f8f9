"""Each body admits its own observers (issue 16 §7), and NGOs get briefings on the margins of the IRG.

The Conference: rules 14-17 of its rules of procedure (S002 item 1 (d)). The Implementation Review
Group: signatories and observer States (S000 ¶12), intergovernmental organizations and UN entities under
rule 2 of resolution 4/5 (S000 ¶9) — not NGOs, for which resolution 4/6 provides briefings.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.forms import ChoiceField
from django.urls import reverse
from django.utils import timezone

from irm.accounts.models import Membership, Role, User
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.meetings import forms, services
from irm.meetings.models import (
    Body,
    BriefingInvitation,
    Delegation,
    NgoBriefing,
    ParticipationKind,
    ParticipationStatus,
    Session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def irg(secretariat):
    """An IRG session starting in 20 days, in Vienna."""
    start = timezone.localdate() + timedelta(days=20)
    return services.create_session(
        actor=secretariat,
        body=Body.IRG,
        number=98,
        title_en="Implementation Review Group, ninety-eighth session",
        city="Vienna",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        opens_at=datetime.combine(start, time(10), tzinfo=ZoneInfo("Europe/Vienna")),
    )


def briefing_of(irg, **changes):
    values = {
        "date": irg.starts_on + timedelta(days=1),
        "starts_at": time(13, 15),
        "ends_at": time(14, 30),
        "room": "Room M3",
        "topic_en": "The review of chapters II and V",
        "organizations": ["Transparency NGO", "Citizens against Corruption", "transparency ngo "],
    }
    return values | changes


def observer_of(organization: str, username: str) -> User:
    user = User.objects.create_user(username=username, password="x-demo-pass-1")
    Membership.objects.create(user=user, role=Role.OBSERVER, organization=organization)
    return user


# -- who is admitted ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ParticipationKind.NGO_ECOSOC, ParticipationKind.NGO_OTHER])
def test_the_irg_refuses_ngos_as_observers_naming_the_rule(kind, irg, secretariat):
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.register_delegation(actor=secretariat, session=irg, kind=kind, name="Transparency NGO")
    assert refused.value.code == "observer_not_admitted"
    assert "rule 2 of resolution 4/5" in refused.value.message and "Resolution 4/6" in refused.value.message
    assert not Delegation.objects.filter(session=irg).exists()
    assert AuditEvent.objects.count() == events


def test_the_irg_admits_signatories_observer_states_igos_and_un_entities(irg, secretariat, today):
    admitted = {
        kind: services.register_delegation(
            actor=secretariat, session=irg, kind=kind, name=name, notified_on=today
        )
        for kind, name in [
            (ParticipationKind.SIGNATORY, "Syrian Arab Republic"),
            (ParticipationKind.NON_SIGNATORY, "Andorra"),
            (ParticipationKind.UN_BODY, "World Bank"),
            (ParticipationKind.IGO, "Council of Europe"),
        ]
    }
    assert admitted[ParticipationKind.IGO].basis == "resolution 4/5, rule 2"
    assert admitted[ParticipationKind.UN_BODY].basis == "resolution 4/5, rule 2"
    assert admitted[ParticipationKind.NON_SIGNATORY].basis == "resolution 4/5"
    assert admitted[ParticipationKind.IGO].rule == ""  # the Conference's rule 16 does not apply
    services.grant_observer_status(actor=secretariat, delegation=admitted[ParticipationKind.NON_SIGNATORY])
    statuses = set(Delegation.objects.filter(session=irg).values_list("status", flat=True))
    assert statuses == {ParticipationStatus.ADMITTED}


def test_the_conference_admits_ngos_under_rule_17(session, secretariat):
    ngo = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.NGO_OTHER, name="Transparency NGO"
    )
    assert (ngo.status, ngo.rule, ngo.basis) == (ParticipationStatus.LISTED, "17", "rule 17")


def test_the_irg_circulates_no_list_of_ngos(irg, secretariat):
    with pytest.raises(InvalidInput) as refused:
        services.circulate_ngo_list(actor=secretariat, session=irg, on=irg.starts_on - timedelta(days=40))
    assert refused.value.code == "observer_not_admitted"


def test_the_observer_form_offers_only_what_the_body_admits(irg, session):
    def kinds_offered(body_session: Session) -> set[str]:
        field = forms.ObserverForm(session=body_session).fields["kind"]
        assert isinstance(field, ChoiceField)
        return {kind for kind in ParticipationKind.values if field.valid_value(kind)}

    irg_kinds, cosp_kinds = kinds_offered(irg), kinds_offered(session)
    assert irg_kinds == {"signatory", "non_signatory", "un_body", "igo"}
    assert cosp_kinds == irg_kinds | {"ngo_ecosoc", "ngo_other"}
    assert not forms.ObserverForm({"kind": "ngo_other", "name": "X"}, session=irg).is_valid()


def test_the_participants_page_of_the_irg_says_why_ngos_are_not_listed(client, cast, irg):
    client.force_login(cast["secretariat"])
    page = client.get(reverse("meetings:participants", args=[irg.slug])).text
    assert 'id="ngo-rule"' in page and "resolution 4/6" in page
    assert 'value="circulate"' not in page and 'value="ngo_other"' not in page
    refused = client.post(
        reverse("meetings:register-observer", args=[irg.slug]),
        {"kind": "ngo_other", "name": "Transparency NGO"},
        follow=True,
    )
    assert refused.status_code == 200 and not Delegation.objects.filter(session=irg).exists()


# -- briefings --------------------------------------------------------------------------------------


def test_the_secretariat_records_a_briefing_with_its_invitations(irg, secretariat):
    briefing = services.record_ngo_briefing(actor=secretariat, session=irg, **briefing_of(irg))
    assert sorted(briefing.invitations.values_list("organization", flat=True)) == [
        "Citizens against Corruption",
        "Transparency NGO",
    ]
    event = AuditEvent.objects.get(action="meetings.ngo_briefing_recorded")
    assert event.after is not None
    assert event.after["room"] == "Room M3" and len(event.after["organizations"]) == 2
    services.update_ngo_briefing(
        actor=secretariat, briefing=briefing, **briefing_of(irg, organizations=["Open Ownership"])
    )
    updated = AuditEvent.objects.get(action="meetings.ngo_briefing_updated")
    assert updated.before is not None and updated.after is not None
    assert updated.before["organizations"] == ["Citizens against Corruption", "Transparency NGO"]
    assert updated.after["organizations"] == ["Open Ownership"]
    services.remove_ngo_briefing(actor=secretariat, briefing=briefing, reason="Postponed")
    removed = AuditEvent.objects.get(action="meetings.ngo_briefing_removed")
    assert removed.before is not None
    assert removed.reason == "Postponed" and removed.before["organizations"] == ["Open Ownership"]
    assert not NgoBriefing.objects.exists() and not BriefingInvitation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"date": None}, "briefing_outside_dates"),
        ({"ends_at": time(13)}, "briefing_times"),
        ({"organizations": [" ", ""]}, "briefing_invitations"),
        ({"organizations": ["N" * 201]}, "briefing_invitations"),
        ({"topic_en": "T" * 501}, "too_long"),
    ],
)
def test_a_briefing_that_breaks_a_rule_is_refused_and_nothing_is_saved(changes, code, irg, secretariat):
    if "date" in changes:
        changes = {"date": irg.ends_on + timedelta(days=3)}
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.record_ngo_briefing(actor=secretariat, session=irg, **briefing_of(irg, **changes))
    assert refused.value.code == code
    assert not NgoBriefing.objects.exists() and AuditEvent.objects.count() == events


def test_briefings_are_for_the_irg_and_need_a_free_room(irg, session, secretariat):
    with pytest.raises(InvalidInput) as other_body:
        services.record_ngo_briefing(
            actor=secretariat, session=session, **briefing_of(session, date=session.starts_on)
        )
    assert other_body.value.code == "briefing_body"
    services.add_work_slot(
        actor=secretariat,
        session=irg,
        date=irg.starts_on + timedelta(days=1),
        part="afternoon",
        starts_at=time(14),
        ends_at=time(17),
        room="Room M3",
    )
    with pytest.raises(Conflict) as taken:
        services.record_ngo_briefing(actor=secretariat, session=irg, **briefing_of(irg))
    assert taken.value.code == "room_taken"
    assert services.record_ngo_briefing(actor=secretariat, session=irg, **briefing_of(irg, room="Room M7"))
    assert NgoBriefing.objects.count() == 1


def test_only_the_secretariat_records_briefings(irg, cast, make_delegate):
    for actor in [make_delegate("KEN"), cast["observer"]]:
        with pytest.raises(PermissionDenied):
            services.record_ngo_briefing(actor=actor, session=irg, **briefing_of(irg))
    assert not NgoBriefing.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="meetings.ngo_briefing").exists()


def test_the_session_page_shows_briefings_to_states_and_to_the_ngos_invited(client, cast, irg, make_delegate):
    briefing = services.record_ngo_briefing(actor=cast["secretariat"], session=irg, **briefing_of(irg))
    page = reverse("meetings:session-detail", args=[irg.slug])
    marker = f'id="briefing-{briefing.pk}"'
    assert marker not in client.get(page).text  # the public
    invited = cast["observer"]  # "Transparency NGO" in the demo cast
    for user in [cast["secretariat"], make_delegate("KEN"), invited]:
        client.force_login(user)
        shown = client.get(page).text
        assert marker in shown and "The review of chapters II and V" in shown, user.username
    client.force_login(observer_of("Another NGO", "observer-other"))
    assert marker not in client.get(page).text


def test_the_briefing_pages_record_edit_and_cancel(client, cast, irg, make_delegate):
    manage = reverse("meetings:manage-briefings", args=[irg.slug])
    post = {
        "date": (irg.starts_on + timedelta(days=1)).isoformat(),
        "starts_at": "13:15",
        "ends_at": "14:30",
        "room": "Room M3",
        "topic_en": "Chapter V",
        "organizations": "Transparency NGO\nOpen Ownership\n",
    }
    for user in [make_delegate("KEN"), cast["observer"]]:
        client.force_login(user)
        assert client.post(manage, post).status_code == 403
    assert not NgoBriefing.objects.exists()
    client.force_login(cast["secretariat"])
    assert manage in client.get(reverse("meetings:session-detail", args=[irg.slug])).text
    wrong = client.post(manage, {**post, "ends_at": "13:00"})
    assert wrong.status_code == 422 and "must end after it starts" in wrong.text
    assert not NgoBriefing.objects.exists()
    assert client.post(manage, post).status_code == 302
    briefing = NgoBriefing.objects.get()
    assert sorted(briefing.invitations.values_list("organization", flat=True)) == [
        "Open Ownership",
        "Transparency NGO",
    ]
    edit = reverse("meetings:briefing-edit", args=[irg.slug, briefing.pk])
    assert "Open Ownership" in client.get(edit).text
    client.post(edit, {**post, "room": "Room M7"})
    briefing.refresh_from_db()
    assert briefing.room == "Room M7"
    client.post(reverse("meetings:briefing-remove", args=[irg.slug, briefing.pk]))
    assert not NgoBriefing.objects.exists()
