"""Participation (rules 14–17), credentials (18–20), bureau (22), agenda, documents, draft resolutions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.meetings import permissions, selectors, services
from irm.meetings.models import (
    Body,
    CredentialStatus,
    Delegation,
    DraftResolution,
    Issuer,
    Office,
    ParticipationKind,
    ParticipationStatus,
    ResolutionStatus,
    Session,
    SlotPart,
)

pytestmark = pytest.mark.django_db


# -- participation ------------------------------------------------------------------------------


def test_parties_participate_and_signatories_after_written_notification(session, secretariat, party, today):
    assert party("KEN").status == ParticipationStatus.PARTICIPATING
    signatory = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.SIGNATORY, name="Syrian Arab Republic"
    )
    assert signatory.status == ParticipationStatus.PENDING and signatory.rule == "14"
    services.record_written_notification(actor=secretariat, delegation=signatory, on=today)
    signatory.refresh_from_db()
    assert signatory.status == ParticipationStatus.ADMITTED


def test_un_bodies_and_igos_are_admitted_on_written_notification(session, secretariat, today):
    igo = services.register_delegation(
        actor=secretariat,
        session=session,
        kind=ParticipationKind.IGO,
        name="Council of Europe",
        notified_on=today,
    )
    assert igo.status == ParticipationStatus.ADMITTED and igo.rule == "16"


def test_non_signatory_states_and_ecosoc_ngos_apply_to_the_bureau(session, secretariat):
    andorra = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.NON_SIGNATORY, name="Andorra"
    )
    ngo = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.NGO_ECOSOC, name="Transparency NGO"
    )
    assert andorra.status == ngo.status == ParticipationStatus.APPLIED
    services.grant_observer_status(actor=secretariat, delegation=ngo)
    ngo.refresh_from_db()
    assert ngo.status == ParticipationStatus.ADMITTED


def test_other_ngos_circulated_30_days_before_are_admitted_without_objection(session, secretariat):
    ngo = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.NGO_OTHER, name="Local NGO"
    )
    assert ngo.status == ParticipationStatus.LISTED
    with pytest.raises(InvalidInput) as late:
        services.circulate_ngo_list(
            actor=secretariat, session=session, on=session.starts_on - timedelta(days=29)
        )
    assert late.value.code == "circulation_too_late"
    assert (
        services.circulate_ngo_list(
            actor=secretariat, session=session, on=session.starts_on - timedelta(days=30)
        )
        == 1
    )
    assert services.settle_ngo_admissions(actor=secretariat, session=session) == 1
    ngo.refresh_from_db()
    assert ngo.status == ParticipationStatus.ADMITTED


def test_an_objection_refers_the_ngo_to_the_conference(session, secretariat, make_delegate, state):
    ngo = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.NGO_OTHER, name="Contested NGO"
    )
    services.circulate_ngo_list(actor=secretariat, session=session, on=session.starts_on - timedelta(days=40))
    user = make_delegate("CHN")
    with pytest.raises(PermissionDenied):
        services.object_to_observer(actor=user, delegation=ngo, objecting_state=state("FRA"))
    services.object_to_observer(
        actor=user, delegation=ngo, objecting_state=state("CHN"), reason="Not relevant"
    )
    assert services.settle_ngo_admissions(actor=secretariat, session=session) == 0
    ngo.refresh_from_db()
    assert ngo.status == ParticipationStatus.REFERRED
    services.record_conference_decision(
        actor=secretariat, delegation=ngo, admitted=False, note="Decision of the Conference"
    )
    ngo.refresh_from_db()
    assert ngo.status == ParticipationStatus.REFUSED


def test_a_delegate_registers_their_own_delegation_and_its_members(session, make_delegate, state):
    user = make_delegate("BRA")
    delegation = services.register_delegation(
        actor=user, session=session, kind=ParticipationKind.PARTY, state=state("BRA")
    )
    services.register_delegate(
        actor=user, delegation=delegation, full_name="Ana Minister", role="head", rank="minister"
    )
    with pytest.raises(Conflict):
        services.register_delegate(actor=user, delegation=delegation, full_name="Other Head", role="head")
    with pytest.raises(PermissionDenied):
        services.register_delegation(
            actor=user, session=session, kind=ParticipationKind.PARTY, state=state("ARG")
        )
    assert delegation.members.count() == 1


# -- credentials ----------------------------------------------------------------------------------


def test_credentials_are_due_24_hours_before_opening_and_late_ones_are_flagged(session, secretariat, party):
    kenya, france = party("KEN"), party("FRA")
    assert session.credentials_due_at == session.opens_at - timedelta(hours=24)
    on_time = services.submit_credentials(
        actor=secretariat, delegation=kenya, issuer=Issuer.FOREIGN_MINISTER, at=timezone.now()
    )
    assert on_time.late is False
    session.opens_at = timezone.now() + timedelta(hours=10)
    session.save()
    france.refresh_from_db()
    late = services.submit_credentials(actor=secretariat, delegation=france, issuer=Issuer.HEAD_OF_STATE)
    assert late.late is True


def test_delegations_participate_provisionally_until_the_bureau_decides(
    session, secretariat, party, make_delegate
):
    kenya = party("KEN")
    assert selectors.participates_provisionally(kenya)  # nothing yet
    credential = services.submit_credentials(
        actor=make_delegate("KEN"),
        delegation=kenya,
        issuer=Issuer.PERMANENT_REPRESENTATIVE,
        file=ContentFile(b"%PDF-1.4", name="cred.pdf"),
    )
    assert selectors.credentials_status(kenya) == "provisional"
    assert selectors.participates_provisionally(kenya)
    services.examine_credentials(actor=secretariat, credential=credential, accept=True)
    assert selectors.credentials_status(kenya) == "accepted"
    assert not selectors.participates_provisionally(kenya)


def test_challenged_credentials_stay_provisional_until_the_conference_decides(
    session, secretariat, party, make_delegate, state
):
    kenya = party("KEN")
    credential = services.submit_credentials(actor=secretariat, delegation=kenya, issuer=Issuer.HEAD_OF_STATE)
    services.challenge_credentials(
        actor=make_delegate("FRA"), credential=credential, by_state=state("FRA"), note="x"
    )
    assert selectors.credentials_status(kenya) == "challenged"
    assert selectors.participates_provisionally(kenya)
    with pytest.raises(Conflict):
        services.examine_credentials(actor=secretariat, credential=credential, accept=True)


def test_credentials_of_the_eu_come_from_its_competent_authority(session, secretariat, party):
    eu = party("EUU")
    with pytest.raises(InvalidInput):
        services.submit_credentials(actor=secretariat, delegation=eu, issuer=Issuer.HEAD_OF_STATE)
    services.submit_credentials(actor=secretariat, delegation=eu, issuer=Issuer.REIO_AUTHORITY)


def test_the_credentials_report_is_generated_from_the_records(session, secretariat, party):
    a = services.submit_credentials(actor=secretariat, delegation=party("KEN"), issuer=Issuer.HEAD_OF_STATE)
    b = services.submit_credentials(
        actor=secretariat, delegation=party("FRA"), issuer=Issuer.FOREIGN_MINISTER, is_original=False
    )
    services.submit_credentials(actor=secretariat, delegation=party("BRA"), issuer=Issuer.FOREIGN_MINISTER)
    party("MEX")
    services.examine_credentials(actor=secretariat, credential=a, accept=True)
    services.examine_credentials(actor=secretariat, credential=b, accept=True)
    report = services.generate_credentials_report(actor=secretariat, session=session)
    assert report.data["counts"] == {
        "formal": 1,
        "copies": 1,
        "provisional": 1,
        "not_in_order": 0,
        "challenged": 0,
        "none": 1,
        "late": 0,
        "parties": 4,
    }
    assert report.data["formal"] == ["Kenya (KEN)"]
    services.adopt_credentials_report(actor=secretariat, session=session)
    with pytest.raises(Conflict):
        services.generate_credentials_report(actor=secretariat, session=session)


# -- bureau ------------------------------------------------------------------------------------------


def _past_cosp(secretariat, number: int, year: int, **kwargs) -> Session:
    start = date(year, 11, 1)
    return services.create_session(
        actor=secretariat,
        body=Body.COSP,
        number=number,
        title_en=f"Session {number}",
        city="X",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        opens_at=datetime.combine(start, time(10), tzinfo=ZoneInfo("UTC")),
        **kwargs,
    )


def test_bureau_has_one_member_per_regional_group_and_three_vice_presidents(session, secretariat, state):
    services.elect_officer(actor=secretariat, session=session, office=Office.PRESIDENT, state=state("USA"))
    with pytest.raises(Conflict) as same_group:
        services.elect_officer(
            actor=secretariat, session=session, office=Office.VICE_PRESIDENT, state=state("FRA")
        )
    assert same_group.value.code == "group_represented"
    for iso3 in ["CHN", "BRA", "RUS"]:
        services.elect_officer(
            actor=secretariat, session=session, office=Office.VICE_PRESIDENT, state=state(iso3)
        )
    with pytest.raises(Conflict):
        services.elect_officer(
            actor=secretariat, session=session, office=Office.VICE_PRESIDENT, state=state("KEN")
        )
    services.elect_officer(actor=secretariat, session=session, office=Office.RAPPORTEUR, state=state("KEN"))
    assert session.officers.count() == 5
    with pytest.raises(InvalidInput):
        services.elect_officer(
            actor=secretariat, session=session, office=Office.RAPPORTEUR, state=state("EUU")
        )


def test_rotation_proposes_the_next_group_for_president_and_rapporteur(session, secretariat, state):
    # CoSP 10 pattern: Egypt (African Group) presided last; no rapporteur on record.
    past = _past_cosp(secretariat, 9, 2021)
    services.elect_officer(actor=secretariat, session=past, office=Office.PRESIDENT, state=state("EGY"))
    proposal = selectors.rotation_proposal(session)
    assert proposal["president_group"] == "ASIA_PACIFIC"
    assert proposal["rapporteur_group"] == "AFRICA"
    assert proposal["rapporteur_basis"] == "previous_president"
    # Host-country practice: the United States (WEOG) presides; Africa still nominates the rapporteur.
    assert proposal["host_practice"]["president_group"] == "WEOG"
    assert proposal["host_practice"]["rapporteur_group"] == "AFRICA"


def test_rotation_follows_the_rapporteur_history_and_never_doubles_a_group(session, secretariat, state):
    past = _past_cosp(secretariat, 9, 2021)
    services.elect_officer(actor=secretariat, session=past, office=Office.PRESIDENT, state=state("EGY"))
    services.elect_officer(actor=secretariat, session=past, office=Office.RAPPORTEUR, state=state("IND"))
    proposal = selectors.rotation_proposal(session)
    # After Asia-Pacific comes EEG for rapporteur; president goes to Asia-Pacific.
    assert (proposal["president_group"], proposal["rapporteur_group"]) == ("ASIA_PACIFIC", "EEG")
    services.elect_officer(actor=secretariat, session=past, office=Office.VICE_PRESIDENT, state=state("BRA"))
    older = _past_cosp(secretariat, 8, 2019)
    services.elect_officer(actor=secretariat, session=older, office=Office.PRESIDENT, state=state("ARE"))
    assert selectors.rotation_proposal(session)["last_president"]["session"] == past


def test_rotation_without_history_proposes_nothing(session):
    proposal = selectors.rotation_proposal(session)
    assert proposal["president_group"] is None and proposal["rapporteur_basis"] == "no_history"


# -- agenda, organization of work, documents ------------------------------------------------------


def test_adoption_records_the_final_agenda_and_freezes_it(session, secretariat, general_discussion):
    services.adopt_agenda(actor=secretariat, session=session)
    session.refresh_from_db()
    assert [i["label"] for i in session.final_agenda] == ["1", "1 (f)"]
    with pytest.raises(Conflict):
        services.add_agenda_item(actor=secretariat, session=session, number=2, title_en="Late item")


def test_interpreted_meetings_may_not_exceed_the_limit_and_parallel_meetings_show(
    session, secretariat, general_discussion
):
    day = session.starts_on
    slots = [
        (day, SlotPart.MORNING, "Plenary"),
        (day, SlotPart.MORNING, "Room B"),
        (day, SlotPart.AFTERNOON, "Plenary"),
        (day + timedelta(days=1), SlotPart.MORNING, "Plenary"),
    ]
    for when, part, room in slots:
        services.add_work_slot(
            actor=secretariat,
            session=session,
            date=when,
            part=part,
            starts_at=time(10),
            ends_at=time(13),
            room=room,
            items=[general_discussion],
        )
    with pytest.raises(Conflict) as full:
        services.add_work_slot(
            actor=secretariat,
            session=session,
            date=day + timedelta(days=1),
            part=SlotPart.AFTERNOON,
            starts_at=time(15),
            ends_at=time(18),
        )
    assert full.value.code == "interpretation_limit"
    services.add_work_slot(
        actor=secretariat,
        session=session,
        date=day + timedelta(days=1),
        part=SlotPart.AFTERNOON,
        starts_at=time(15),
        ends_at=time(18),
        interpreted=False,
        room="Informal",
    )
    work = selectors.organization_of_work(session)
    assert work["interpreted_used"] == 4 and work["parallel"] is True


def test_documents_carry_the_session_symbol_and_restricted_ones_are_hidden_from_the_public(
    session, secretariat, cast, make_delegate
):
    with pytest.raises(InvalidInput):
        services.register_document(
            actor=secretariat, session=session, symbol="CAC/COSP/IRG/2023/1", title_en="x"
        )
    public = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/10", title_en="TA needs"
    )
    restricted = services.register_document(
        actor=secretariat,
        session=session,
        symbol="CAC/COSP/2099/CRP.1",
        title_en="Draft",
        access="restricted",
    )
    services.attach_document_file(
        actor=secretariat, document=public, language="zh", file=ContentFile(b"%PDF-1.4 x", name="a.pdf")
    )
    services.link_document_output(
        actor=secretariat, document=public, kind="ta_needs_analysis", identifier="cycle-2"
    )
    from django.contrib.auth.models import AnonymousUser

    assert list(permissions.documents_visible_to(AnonymousUser())) == [public]
    assert set(permissions.documents_visible_to(cast["delegate"])) == {public, restricted}
    assert set(permissions.documents_visible_to(cast["fp-kenya"])) == {public, restricted}
    assert list(permissions.documents_visible_to(cast["observer"])) == [public]
    services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.NGO_ECOSOC, name="Transparency NGO"
    )
    services.grant_observer_status(
        actor=secretariat, delegation=Delegation.objects.get(name="Transparency NGO")
    )
    assert set(permissions.documents_visible_to(cast["observer"])) == {public, restricted}


# -- draft resolutions and statements ---------------------------------------------------------------


def test_draft_resolutions_are_due_one_month_before_the_session(
    session, secretariat, party, make_delegate, state
):
    """Decision 9/1 (S002 item 1 (c)): parties are strongly encouraged to submit one month before."""
    brazil = party("BRA")
    user = make_delegate("BRA")
    assert services.draft_resolution_deadline(session) == services.one_month_before(session.starts_on)
    session.draft_resolution_deadline = timezone.localdate() + timedelta(days=1)
    session.save()
    draft = services.submit_draft_resolution(
        actor=user, delegation=brazil, title="On prevention", sponsors=[state("ARG")]
    )
    assert not draft.late and {s.iso3 for s in draft.sponsors.all()} == {"BRA", "ARG"}


def test_a_late_draft_resolution_is_kept_and_marked_late_not_refused(
    session, secretariat, party, make_delegate
):
    """Issue 16 §7, S002 item 1 (c): "strongly encouraged" to be on time — warn, don't reject."""
    brazil = party("BRA")
    session.draft_resolution_deadline = timezone.localdate() - timedelta(days=2)
    session.save()
    brazil.refresh_from_db()
    late = services.submit_draft_resolution(
        actor=make_delegate("BRA"), delegation=brazil, title="Late but welcome", late_reason="Consultations"
    )
    assert late.late and late.late_reason == "Consultations"
    event = AuditEvent.objects.filter(action="meetings.draft_resolution_submitted").latest("id")
    assert event.after is not None
    assert (
        event.after["late"] is True
        and event.after["deadline"] == session.draft_resolution_deadline.isoformat()
    )
    assert event.reason == "Consultations"
    by_secretariat = services.submit_draft_resolution(actor=secretariat, delegation=brazil, title="Also late")
    assert by_secretariat.late and by_secretariat.late_reason == ""
    assert DraftResolution.objects.filter(late=True).count() == 2


def test_draft_resolution_status_moves_forward_only(session, secretariat, party):
    draft = services.submit_draft_resolution(
        actor=secretariat, delegation=party("BRA"), title="T", late_reason="x"
    )
    for status in [ResolutionStatus.CONSULTATIONS, ResolutionStatus.APPROVED, ResolutionStatus.ADOPTED]:
        services.set_draft_resolution_status(actor=secretariat, draft=draft, status=status)
    with pytest.raises(Conflict):
        services.set_draft_resolution_status(
            actor=secretariat, draft=draft, status=ResolutionStatus.CONSULTATIONS
        )


def test_statements_are_posted_unless_the_delegation_objects(session, party, make_delegate):
    user = make_delegate("KEN")
    statement = services.submit_statement(
        actor=user, delegation=party("KEN"), title="Kenya", text="Full text"
    )
    from django.contrib.auth.models import AnonymousUser

    assert statement in permissions.statements_visible_to(AnonymousUser())
    services.object_to_statement_publication(actor=user, statement=statement)
    assert statement not in permissions.statements_visible_to(AnonymousUser())
    assert statement in permissions.statements_visible_to(user)


def test_denied_actions_change_nothing(session, party, make_delegate):
    kenya = party("KEN")
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(actor=make_delegate("KEN"), session=session, number=5, title_en="x")
    with pytest.raises(PermissionDenied):
        services.submit_credentials(actor=make_delegate("FRA"), delegation=kenya, issuer=Issuer.HEAD_OF_STATE)
    assert AuditEvent.objects.count() == before
    assert kenya.credentials.count() == 0
    assert CredentialStatus.SUBMITTED  # enum importable


def test_the_late_warning_is_shown_to_the_submitter_and_the_secretariat_only(
    client, cast, session, party, make_delegate
):
    brazil, kenya = party("BRA"), party("KEN")
    session.draft_resolution_deadline = timezone.localdate() - timedelta(days=2)
    session.save()
    delegate = make_delegate("BRA")
    client.force_login(delegate)
    response = client.post(
        reverse("meetings:submit-resolution", args=[session.slug]),
        {"title": "Late draft", "sponsors": "", "late_reason": ""},
        follow=True,
    )
    draft = DraftResolution.objects.get(title="Late draft")
    assert draft.late and draft.submitted_by == brazil
    assert "Decision 9/1 strongly encourages" in response.text  # the warning after submitting
    page = reverse("meetings:resolutions", args=[session.slug])
    assert f'id="late-{draft.pk}"' in client.get(page).text
    client.force_login(cast["secretariat"])
    secretariat_page = client.get(page).text
    assert f'id="late-{draft.pk}"' in secretariat_page and 'id="late-drafts"' in secretariat_page
    client.force_login(make_delegate("KEN"))
    other = client.get(page).text
    assert "Late draft" in other and f'id="late-{draft.pk}"' not in other
    assert kenya.draft_resolutions.count() == 0
