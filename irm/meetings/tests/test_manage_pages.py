"""The secretariat's pages: who reaches them, and that each one saves through its service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from irm.core.models import AuditEvent
from irm.meetings import services
from irm.meetings.models import (
    AgendaItem,
    BureauMember,
    Delegation,
    Document,
    DocumentFile,
    ParticipationStatus,
    Session,
    SpeakersList,
    WorkSlot,
)
from irm.meetings.tests.test_manage import PDF

pytestmark = pytest.mark.django_db


def manage_urls(session: Session, item: AgendaItem, document: Document, lst: SpeakersList) -> list[str]:
    slug = session.slug
    slot = session.work_slots.get()
    return [
        reverse("meetings:session-create"),
        reverse("meetings:session-edit", args=[slug]),
        reverse("meetings:session-delete", args=[slug]),
        reverse("meetings:manage-agenda", args=[slug]),
        reverse("meetings:agenda-item-edit", args=[slug, item.pk]),
        reverse("meetings:agenda-item-remove", args=[slug, item.pk]),
        reverse("meetings:manage-work", args=[slug]),
        reverse("meetings:work-slot-edit", args=[slug, slot.pk]),
        reverse("meetings:work-slot-remove", args=[slug, slot.pk]),
        reverse("meetings:manage-documents", args=[slug]),
        reverse("meetings:manage-document", args=[slug, document.pk]),
        reverse("meetings:document-delete", args=[slug, document.pk]),
        reverse("meetings:speakers-list-create", args=[slug]),
        reverse("meetings:speakers-list-edit", args=[slug, lst.pk]),
        reverse("meetings:record-request", args=[slug, lst.pk]),
        reverse("meetings:record-swap", args=[slug, lst.pk]),
        reverse("meetings:elect-officer", args=[slug]),
        reverse("meetings:register-observer", args=[slug]),
    ]


@pytest.fixture
def furnished(session, secretariat, general_discussion, open_list):
    services.add_work_slot(
        actor=secretariat,
        session=session,
        date=session.starts_on,
        part="morning",
        starts_at=datetime.min.time().replace(hour=10),
        ends_at=datetime.min.time().replace(hour=13),
    )
    document = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/1", title_en="Provisional agenda"
    )
    return session, general_discussion, document, open_list


def test_only_the_secretariat_reaches_the_management_pages(client, cast, furnished):
    session, item, document, lst = furnished
    urls = manage_urls(session, item, document, lst)
    events = AuditEvent.objects.count()
    for url in urls:
        response = client.post(url, {"title_en": "Hijacked", "action": "details"})
        assert response.status_code == 302 and "/login" in response["Location"], url
    for role in ["delegate", "fp-kenya", "expert-nzl", "observer"]:
        client.force_login(cast[role])
        for url in urls:
            assert client.get(url).status_code in {403, 405}, (role, url)
            assert client.post(url, {"title_en": "Hijacked", "action": "details"}).status_code == 403, (
                role,
                url,
            )
    assert AuditEvent.objects.count() == events
    assert Session.objects.filter(pk=session.pk).exists() and document.title_en == "Provisional agenda"
    # The public pages carry no management links for them.
    assert "manage-nav" not in client.get(reverse("meetings:session-detail", args=[session.slug])).text
    client.force_login(cast["secretariat"])
    assert "manage-nav" in client.get(reverse("meetings:session-detail", args=[session.slug])).text
    for url in urls:
        if not url.endswith(
            ("/delete/", "/remove/", "/officers/", "/observers/", "/record/", "/record-swap/")
        ):
            assert client.get(url).status_code == 200, url


SESSION_POST = {
    "body": "irg",
    "number": "16",
    "resumed_part": "0",
    "title_en": "Implementation Review Group, sixteenth session",
    "title_zh": "实施情况审议组第十六届会议",
    "city": "Vienna",
    "venue": "Vienna International Centre",
    "host_state": "",
    "starts_on": "2027-06-14",
    "ends_on": "2027-06-18",
    "timezone": "Europe/Vienna",
    "opens_at": "2027-06-14T10:00",
    "hybrid": "on",
    "interpreted_meetings_limit": "10",
    "draft_resolution_deadline": "",
}


def test_the_secretariat_creates_and_corrects_a_session(client, cast):
    client.force_login(cast["secretariat"])
    assert reverse("meetings:session-create") in client.get(reverse("meetings:session-list")).text
    backwards = client.post(reverse("meetings:session-create"), {**SESSION_POST, "ends_on": "2027-06-10"})
    assert backwards.status_code == 422 and "cannot end before it starts" in backwards.text
    assert not Session.objects.filter(body="irg", number=16).exists()
    response = client.post(reverse("meetings:session-create"), SESSION_POST)
    session = Session.objects.get(body="irg", number=16)
    assert response["Location"] == reverse("meetings:manage-agenda", args=[session.slug])
    # 10:00 in Vienna in June is 08:00 UTC, whatever the server's or the browser's zone.
    assert session.opens_at == datetime(2027, 6, 14, 8, tzinfo=UTC) and session.hybrid
    assert client.post(reverse("meetings:session-create"), SESSION_POST).status_code == 422  # exists
    edit = {k: v for k, v in SESSION_POST.items() if k not in {"body", "number", "resumed_part"}}
    form = client.get(reverse("meetings:session-edit", args=[session.slug])).text
    assert 'value="2027-06-14T10:00"' in form
    client.post(reverse("meetings:session-edit", args=[session.slug]), {**edit, "city": "Wien", "hybrid": ""})
    session.refresh_from_db()
    assert session.city == "Wien" and not session.hybrid and session.slug == "irg-16"
    client.post(reverse("meetings:session-delete", args=[session.slug]))
    assert not Session.objects.filter(pk=session.pk).exists()


def test_the_agenda_and_organization_of_work_are_built_on_pages(client, cast, session):
    client.force_login(cast["secretariat"])
    agenda = reverse("meetings:manage-agenda", args=[session.slug])
    client.post(agenda, {"number": "1", "letter": "", "title_en": "Organizational matters"})
    client.post(agenda, {"number": "1", "letter": "a", "title_en": "Opening", "title_zh": "开幕"})
    orphan = client.post(agenda, {"number": "5", "letter": "b", "title_en": "Orphan"})
    assert orphan.status_code == 422 and "before its sub-items" in orphan.text
    assert [i.label for i in session.agenda_items.all()] == ["1", "1 (a)"]
    sub = session.agenda_items.get(letter="a")
    client.post(
        reverse("meetings:agenda-item-edit", args=[session.slug, sub.pk]),
        {
            "title_en": "Opening of the session",
            "title_zh": "会议开幕",
            "annotation_en": "The President opens.",
        },
    )
    sub.refresh_from_db()
    assert sub.title_en == "Opening of the session" and sub.annotation_en == "The President opens."
    client.post(reverse("meetings:agenda-item-remove", args=[session.slug, sub.pk]))
    assert session.agenda_items.count() == 1
    item = session.agenda_items.get()
    work = reverse("meetings:manage-work", args=[session.slug])
    slot_post = {
        "date": session.starts_on.isoformat(),
        "part": "morning",
        "starts_at": "10:00",
        "ends_at": "13:00",
        "room": "Plenary",
        "interpreted": "on",
        "items": [str(item.pk)],
    }
    client.post(work, slot_post)
    slot = WorkSlot.objects.get(session=session)
    assert list(slot.items.all()) == [item]
    outside = client.post(work, {**slot_post, "date": (session.ends_on + timedelta(days=1)).isoformat()})
    assert outside.status_code == 422 and "within the session" in outside.text
    client.post(
        reverse("meetings:work-slot-edit", args=[session.slug, slot.pk]),
        {**slot_post, "room": "Board Room", "interpreted": ""},
    )
    slot.refresh_from_db()
    assert slot.room == "Board Room" and not slot.interpreted
    client.post(reverse("meetings:adopt-agenda", args=[session.slug]))
    adopted = client.get(agenda).text
    assert "can no longer change" in adopted and 'id="add-item"' not in adopted


def test_documents_are_registered_with_a_file_per_language(client, cast, session):
    client.force_login(cast["secretariat"])
    documents = reverse("meetings:manage-documents", args=[session.slug])
    wrong = client.post(
        documents, {"symbol": "CAC/COSP/IRG/2099/1", "title_en": "x", "kind": "note", "access": "public"}
    )
    assert wrong.status_code == 422 and "CAC/COSP/&lt;year&gt;" in wrong.text
    response = client.post(
        documents, {"symbol": "CAC/COSP/2099/10", "title_en": "TA needs", "kind": "note", "access": "public"}
    )
    document = Document.objects.get(symbol="CAC/COSP/2099/10")
    page = reverse("meetings:manage-document", args=[session.slug, document.pk])
    assert response["Location"] == page
    fake = client.post(
        page, {"action": "upload", "language": "zh", "file": SimpleUploadedFile("v.pdf", b"MZ not a pdf")}
    )
    assert fake.status_code == 422 and "content is not a PDF" in fake.text
    assert not DocumentFile.objects.exists()
    client.post(page, {"action": "upload", "language": "zh", "file": SimpleUploadedFile("v.pdf", PDF)})
    served = client.get(reverse("meetings:document-file", args=[document.pk, "zh"]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert "CAC_COSP_2099_10-zh.pdf" in served["Content-Disposition"]
    client.post(page, {"action": "link", "kind": "ta_needs_analysis", "identifier": "cycle-2@2023-09-15"})
    link = document.links.get()
    client.post(page, {"action": "unlink", "link": str(link.pk)})
    assert not document.links.exists()
    client.post(
        page,
        {
            "action": "details",
            "symbol": "CAC/COSP/2099/10",
            "title_en": "TA needs",
            "kind": "note",
            "access": "restricted",
        },
    )
    document.refresh_from_db()
    assert document.access == "restricted"
    client.logout()
    assert client.get(reverse("meetings:document-file", args=[document.pk, "zh"])).status_code == 404
    client.force_login(cast["secretariat"])
    client.post(page, {"action": "remove_file", "language": "zh"})
    assert not DocumentFile.objects.exists()
    client.post(reverse("meetings:document-delete", args=[session.slug, document.pk]))
    assert not Document.objects.exists()


def test_lists_officers_and_observers_are_managed_on_pages(client, cast, session, general_discussion):
    client.force_login(cast["secretariat"])
    review = services.add_agenda_item(actor=cast["secretariat"], session=session, number=2, title_en="Review")
    created = client.post(
        reverse("meetings:speakers-list-create", args=[session.slug]),
        {
            "agenda_item": str(general_discussion.pk),
            "opens_at": "2026-11-01T09:00",
            "closes_at": (session.starts_on.isoformat() + "T12:00"),
            "item_closes_at": (session.starts_on.isoformat() + "T18:00"),
            "auto_close": "on",
            "speaking_minutes": "4",
            "speaking_words": "400",
            "group_chair_minutes": "7",
            "offered_item": str(review.pk),
        },
    )
    lst = SpeakersList.objects.get(session=session)
    assert created["Location"] == reverse("meetings:speakers", args=[session.slug, lst.pk])
    assert lst.auto_close and lst.offered_item == review
    assert lst.opens_at == datetime(2026, 11, 1, 8, tzinfo=UTC)  # Vienna, winter time
    page = client.get(created["Location"]).text
    assert "automatically" in page and "Settings of the list" in page
    settings_url = reverse("meetings:speakers-list-edit", args=[session.slug, lst.pk])
    form = client.get(settings_url).text
    assert 'value="2026-11-01T09:00"' in form
    bad = client.post(
        settings_url,
        {
            "opens_at": "2026-11-01T09:00",
            "closes_at": "2026-10-01T09:00",
            "speaking_minutes": "4",
            "speaking_words": "400",
            "group_chair_minutes": "7",
        },
    )
    assert bad.status_code == 422 and "close after it opens" in bad.text
    client.post(
        reverse("meetings:elect-officer", args=[session.slug]), {"office": "president", "state": "230"}
    )
    assert not BureauMember.objects.exists()  # unknown State id refused by the form
    from irm.parties.models import State

    usa = State.objects.get(iso3="USA")
    client.post(
        reverse("meetings:elect-officer", args=[session.slug]),
        {"office": "president", "state": str(usa.pk), "person_name": "A. President"},
    )
    member = BureauMember.objects.get()
    assert member.regional_group == usa.regional_group
    second = client.post(
        reverse("meetings:elect-officer", args=[session.slug]),
        {"office": "president", "state": str(State.objects.get(iso3="KEN").pk)},
        follow=True,
    )
    assert "That office is filled" in second.text and BureauMember.objects.count() == 1
    client.post(reverse("meetings:remove-officer", args=[session.slug, member.pk]), {"reason": "Typo"})
    assert not BureauMember.objects.exists()
    client.post(
        reverse("meetings:register-observer", args=[session.slug]),
        {"kind": "ngo_other", "name": "Citizens against Corruption"},
    )
    ngo = Delegation.objects.get(name="Citizens against Corruption")
    assert ngo.status == ParticipationStatus.LISTED


def test_a_joint_meeting_with_another_body_is_recorded_and_removed(client, cast, session):
    secretariat = cast["secretariat"]
    working_group = services.create_session(
        actor=secretariat,
        body="wg_asset_recovery",
        number=30,
        title_en="Working Group on Asset Recovery, thirtieth meeting",
        city="Vienna",
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        opens_at=session.opens_at,
    )
    client.force_login(secretariat)
    url = reverse("meetings:add-joint-meeting", args=[session.slug])
    backwards = {
        "others": [str(working_group.pk)],
        "title_en": "Joint meeting on asset recovery",
        "held_from": session.ends_on.isoformat(),
        "held_to": session.starts_on.isoformat(),
        "items_note": "items 4 and 5",
    }
    refused = client.post(url, backwards, follow=True)
    assert "cannot end before it starts" in refused.text and not session.joint_meetings.exists()
    client.post(url, {**backwards, "held_from": session.starts_on.isoformat()})
    joint = session.joint_meetings.get()
    assert set(joint.sessions.all()) == {session, working_group}
    page = client.get(reverse("meetings:session-detail", args=[working_group.slug])).text
    assert "Joint meeting on asset recovery" in page
    client.post(reverse("meetings:remove-joint-meeting", args=[session.slug, joint.pk]))
    assert not session.joint_meetings.exists()
    assert AuditEvent.objects.filter(action="meetings.joint_meeting_removed").count() == 1
    client.force_login(cast["delegate"])
    assert client.post(url, {**backwards, "held_from": session.starts_on.isoformat()}).status_code == 403


def test_the_secretariat_transcribes_written_requests_and_swaps(client, cast, open_list, party):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from irm.meetings.models import SpeakerEntry

    kenya, france = party("KEN"), party("FRA")
    client.force_login(cast["secretariat"])
    url = reverse("meetings:record-request", args=[open_list.session.slug, open_list.pk])
    vienna = ZoneInfo("Europe/Vienna")

    def wall(moment):
        return timezone.localtime(moment, vienna).strftime("%Y-%m-%dT%H:%M")

    early = open_list.opens_at - timedelta(hours=2)
    request = {"delegation": str(kenya.pk), "speaker_name": "Minister A", "rank": "minister"}
    refused = client.post(url, {**request, "received_at": wall(early)}, follow=True)
    assert "are not kept" in refused.text and not SpeakerEntry.objects.exists()
    received = (open_list.opens_at + timedelta(hours=3)).replace(second=0, microsecond=0)
    client.post(url, {**request, "received_at": wall(received)})
    client.post(
        url,
        {
            "delegation": str(france.pk),
            "speaker_name": "Minister B",
            "rank": "minister",
            "received_at": wall(received + timedelta(hours=1)),
        },
    )
    kenya_entry = SpeakerEntry.objects.get(delegation=kenya)
    assert kenya_entry.requested_at == received
    page = client.get(reverse("meetings:speakers", args=[open_list.session.slug, open_list.pk])).text
    assert 'id="written-requests"' in page
    france_entry = SpeakerEntry.objects.get(delegation=france)
    client.post(
        reverse("meetings:record-swap", args=[open_list.session.slug, open_list.pk]),
        {
            "first": str(france_entry.pk),
            "first_confirmation": "E-mail of France, 10:02",
            "second": str(kenya_entry.pk),
            "second_confirmation": "E-mail of Kenya, 10:15",
        },
    )
    from irm.meetings import selectors

    assert [r.entry.delegation.iso3 for r in selectors.speakers_rows(open_list)] == ["FRA", "KEN"]


def test_the_ta_needs_analysis_is_issued_as_the_note_for_an_item(client, cast, session):
    """S002: the analysis of technical-assistance needs is the note for its item (CAC/COSP/2023/10)."""
    client.force_login(cast["secretariat"])
    document = services.register_document(
        actor=cast["secretariat"], session=session, symbol="CAC/COSP/2099/10", title_en="TA needs"
    )
    page = reverse("meetings:manage-document", args=[session.slug, document.pk])
    assert 'id="generate"' in client.get(page).text
    none = client.post(page, {"action": "generate", "cycle": "2", "as_of": "2023-09-15"})
    assert none.status_code == 422 and not DocumentFile.objects.exists()
    client.post(page, {"action": "generate", "cycle": "2", "as_of": "2023-09-15", "languages": ["en", "zh"]})
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "zh"]
    link = document.links.get()
    assert (link.kind, link.identifier, link.url) == (
        "ta_needs_analysis",
        "cycle-2@2023-09-15",
        "/analysis/?cycle=2&as_of=2023-09-15",
    )
    served = client.get(reverse("meetings:document-file", args=[document.pk, "zh"]))
    assert served["Content-Disposition"].endswith('CAC_COSP_2099_10-zh.docx"')
    # A cycle that does not exist: refused on the form, nothing replaced.
    unknown = client.post(
        page, {"action": "generate", "cycle": "9", "as_of": "2023-09-15", "languages": ["en"]}
    )
    assert unknown.status_code == 422 and "no review cycle 9" in unknown.text
    assert document.links.count() == 1
