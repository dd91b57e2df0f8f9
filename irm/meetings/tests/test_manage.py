"""Editing sessions, agenda, organization of work, documents and lists; items closing by themselves."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.meetings import permissions, services
from irm.meetings.models import (
    AgendaItem,
    BureauMember,
    Document,
    DocumentFile,
    EntryStatus,
    Office,
    Rank,
    Session,
    SlotPart,
    SpeakerEntry,
    SpeakersList,
    WorkSlot,
)
from irm.meetings.tests.test_speakers_list import inscribe

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-seq")[0]


def before(action: str) -> dict[str, Any]:
    """What the latest event of this kind recorded before the change."""
    data = last_event(action).before
    assert data is not None, f"{action} recorded no `before`"
    return data


def after(action: str) -> dict[str, Any]:
    """What the latest event of this kind recorded after the change."""
    data = last_event(action).after
    assert data is not None, f"{action} recorded no `after`"
    return data


# -- sessions ---------------------------------------------------------------------------------------


def test_a_session_is_corrected_with_its_old_values_in_the_audit_trail(session, secretariat, state):
    services.update_session(
        actor=secretariat, session=session, city="Doha", host_state=state("QAT"), hybrid=True
    )
    session.refresh_from_db()
    assert (session.city, session.host_state.iso3, session.hybrid) == ("Doha", "QAT", True)
    assert before("meetings.session_updated")["city"] == "Vienna"
    assert after("meetings.session_updated")["city"] == "Doha"
    assert before("meetings.session_updated")["host_state"] == "United States of America"
    # Nothing changed: no event.
    services.update_session(actor=secretariat, session=session, city="Doha")
    assert AuditEvent.objects.filter(action="meetings.session_updated").count() == 1


def test_session_details_that_would_break_the_plan_are_refused(session, secretariat):
    with pytest.raises(InvalidInput) as backwards:
        services.update_session(
            actor=secretariat, session=session, ends_on=session.starts_on - timedelta(days=1)
        )
    assert backwards.value.code == "session_dates"
    with pytest.raises(InvalidInput) as opening:
        services.update_session(
            actor=secretariat, session=session, opens_at=session.opens_at + timedelta(days=30)
        )
    assert opening.value.code == "opening_outside"
    with pytest.raises(InvalidInput) as zone:
        services.update_session(actor=secretariat, session=session, timezone="Mars/Olympus")
    assert zone.value.code == "unknown_timezone"
    last_day = session.ends_on
    services.add_work_slot(
        actor=secretariat,
        session=session,
        date=last_day,
        part=SlotPart.MORNING,
        starts_at=time(10),
        ends_at=time(13),
    )
    services.add_work_slot(
        actor=secretariat,
        session=session,
        date=last_day,
        part=SlotPart.AFTERNOON,
        starts_at=time(15),
        ends_at=time(18),
    )
    with pytest.raises(Conflict) as outside:
        services.update_session(actor=secretariat, session=session, ends_on=last_day - timedelta(days=1))
    assert outside.value.code == "work_outside_dates"
    with pytest.raises(Conflict) as limit:
        services.update_session(actor=secretariat, session=session, interpreted_meetings_limit=1)
    assert limit.value.code == "interpretation_limit"
    with pytest.raises(InvalidInput):
        services.update_session(actor=secretariat, session=session, slug="elsewhere")
    session.refresh_from_db()
    assert session.ends_on == last_day and session.interpreted_meetings_limit == 4


def test_only_the_secretariat_edits_and_an_unused_session_alone_can_be_deleted(
    session, secretariat, make_delegate, party
):
    with pytest.raises(PermissionDenied):
        services.update_session(actor=make_delegate("BRA"), session=session, city="Rio")
    with pytest.raises(PermissionDenied):
        services.delete_session(actor=AnonymousUser(), session=session)
    services.add_agenda_item(actor=secretariat, session=session, number=1, title_en="Opening")
    party("KEN")
    with pytest.raises(Conflict) as in_use:
        services.delete_session(actor=secretariat, session=session)
    assert in_use.value.code == "session_in_use" and "1 participant" in in_use.value.message
    session.delegations.all().delete()
    services.delete_session(actor=secretariat, session=session)
    assert not Session.objects.filter(pk=session.pk).exists() and not AgendaItem.objects.exists()
    assert before("meetings.session_deleted")["slug"] == "cosp-99"


# -- agenda and organization of work ----------------------------------------------------------------


def test_agenda_items_change_until_adoption_and_only_when_nothing_hangs_on_them(session, secretariat):
    item = services.add_agenda_item(actor=secretariat, session=session, number=1, title_en="Opening")
    sub = services.add_agenda_item(
        actor=secretariat, session=session, number=1, letter="a", title_en="Election"
    )
    services.update_agenda_item(
        actor=secretariat,
        item=sub,
        title_en="Election of officers",
        title_zh="选举主席团成员",
        annotation_en="Rule 22.",
    )
    sub.refresh_from_db()
    assert (sub.title_en, sub.title_zh, sub.annotation_en) == (
        "Election of officers",
        "选举主席团成员",
        "Rule 22.",
    )
    assert before("meetings.agenda_item_updated")["title_en"] == "Election"
    with pytest.raises(InvalidInput):
        services.update_agenda_item(actor=secretariat, item=sub, title_en="  ")
    with pytest.raises(Conflict) as children:
        services.remove_agenda_item(actor=secretariat, item=item)
    assert children.value.code == "item_in_use"
    document = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/1", title_en="Agenda", agenda_item=sub
    )
    with pytest.raises(Conflict) as documents:
        services.remove_agenda_item(actor=secretariat, item=sub)
    assert "CAC/COSP/2099/1" in documents.value.message
    services.update_document(
        actor=secretariat,
        document=document,
        symbol=document.symbol,
        title_en="Agenda",
        kind=document.kind,
        access=document.access,
        agenda_item=item,
    )
    services.remove_agenda_item(actor=secretariat, item=sub)
    assert list(session.agenda_items.values_list("number", "letter")) == [(1, "")]
    services.adopt_agenda(actor=secretariat, session=session)
    item.refresh_from_db()
    with pytest.raises(Conflict) as adopted:
        services.update_agenda_item(actor=secretariat, item=item, title_en="Changed")
    assert adopted.value.code == "agenda_adopted"
    with pytest.raises(Conflict):
        services.remove_agenda_item(actor=secretariat, item=item)


def test_a_meeting_is_moved_within_the_interpretation_limit(session, secretariat):
    item = services.add_agenda_item(actor=secretariat, session=session, number=2, title_en="Review")
    day = session.starts_on
    slots = [
        services.add_work_slot(
            actor=secretariat,
            session=session,
            date=day + timedelta(days=i),
            part=SlotPart.MORNING,
            starts_at=time(10),
            ends_at=time(13),
        )
        for i in range(4)
    ]
    # At the limit (4), an interpreted meeting can still be moved: it does not count against itself.
    services.update_work_slot(
        actor=secretariat,
        slot=slots[0],
        date=day,
        part=SlotPart.AFTERNOON,
        starts_at=time(15),
        ends_at=time(18),
        room="Plenary",
        interpreted=True,
        items=[item],
        note="moved",
    )
    slots[0].refresh_from_db()
    assert slots[0].part == SlotPart.AFTERNOON and list(slots[0].items.all()) == [item]
    assert before("meetings.work_slot_updated")["part"] == "morning"
    with pytest.raises(Conflict) as taken:
        services.update_work_slot(
            actor=secretariat,
            slot=slots[1],
            date=day,
            part=SlotPart.AFTERNOON,
            starts_at=time(15),
            ends_at=time(18),
            room="Plenary",
            interpreted=True,
            items=[],
        )
    assert taken.value.code == "room_taken"
    with pytest.raises(InvalidInput) as times:
        services.update_work_slot(
            actor=secretariat,
            slot=slots[1],
            date=day,
            part=SlotPart.EVENING,
            starts_at=time(19),
            ends_at=time(18),
            room="Plenary",
            interpreted=True,
            items=[],
        )
    assert times.value.code == "slot_times"
    services.remove_work_slot(actor=secretariat, slot=slots[3])
    assert WorkSlot.objects.filter(session=session).count() == 3
    services.add_work_slot(
        actor=secretariat,
        session=session,
        date=day,
        part=SlotPart.EVENING,
        starts_at=time(19),
        ends_at=time(21),
    )
    with pytest.raises(Conflict) as full:
        services.add_work_slot(
            actor=secretariat,
            session=session,
            date=day + timedelta(days=1),
            part=SlotPart.EVENING,
            starts_at=time(19),
            ends_at=time(21),
        )
    assert full.value.code == "interpretation_limit"


# -- documents --------------------------------------------------------------------------------------


def test_document_files_are_checked_by_content_and_replacing_one_keeps_one(
    session, secretariat, django_capture_on_commit_callbacks
):
    document = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/10", title_en="TA needs"
    )
    with pytest.raises(InvalidInput) as fake:
        services.attach_document_file(
            actor=secretariat, document=document, language="en", file=ContentFile(b"<html>", name="x.pdf")
        )
    assert fake.value.code == "attachment_content_mismatch" and "x.pdf" in fake.value.message
    with pytest.raises(InvalidInput) as video:
        services.attach_document_file(
            actor=secretariat, document=document, language="en", file=ContentFile(b"\x00" * 10, name="x.mp4")
        )
    assert video.value.code == "attachment_wrong_type"
    with pytest.raises(InvalidInput) as language:
        services.attach_document_file(
            actor=secretariat, document=document, language="de", file=ContentFile(PDF, name="x.pdf")
        )
    assert language.value.code == "unknown_language"
    assert not DocumentFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.attach_document_file(
            actor=secretariat, document=document, language="zh", file=ContentFile(PDF, name="draft.pdf")
        )
    old_name = first.file.name
    assert old_name is not None
    # Stored under a random name (issue 14 §8); the download is named after the symbol.
    assert "draft" not in old_name and len(old_name.rsplit("/", 1)[-1]) == 36 and old_name.endswith(".pdf")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.attach_document_file(
            actor=secretariat,
            document=document,
            language="zh",
            file=ContentFile(docx_bytes(), name="final.docx"),
        )
    assert DocumentFile.objects.filter(document=document).count() == 1
    assert second.file.name is not None
    assert second.file.name.endswith(".docx") and not first.file.storage.exists(old_name)
    assert after("meetings.document_file_attached")["replaced"] is True
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document_file(actor=secretariat, document=document, language="zh")
    assert not DocumentFile.objects.exists() and not second.file.storage.exists(second.file.name)
    with pytest.raises(InvalidInput):
        services.remove_document_file(actor=secretariat, document=document, language="zh")


def test_a_document_record_is_corrected_and_restricting_it_hides_it_from_the_public(session, secretariat):
    document = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/CRP.1", title_en="Draft"
    )
    other = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/CRP.2", title_en="Other"
    )
    assert document in permissions.documents_visible_to(AnonymousUser())
    fields: dict[str, Any] = {"title_en": "Draft", "kind": "crp", "access": "restricted"}
    with pytest.raises(Conflict) as taken:
        services.update_document(actor=secretariat, document=document, symbol=other.symbol, **fields)
    assert taken.value.code == "symbol_taken"
    with pytest.raises(InvalidInput) as wrong:
        services.update_document(actor=secretariat, document=document, symbol="A/RES/58/4", **fields)
    assert wrong.value.code == "symbol_format"
    services.update_document(actor=secretariat, document=document, symbol="CAC/COSP/2099/CRP.3", **fields)
    document.refresh_from_db()
    assert document.symbol == "CAC/COSP/2099/CRP.3"
    assert document not in permissions.documents_visible_to(AnonymousUser())
    assert before("meetings.document_updated")["access"] == "public"
    link = services.link_document_output(
        actor=secretariat, document=document, kind="ta_needs_analysis", identifier="cycle-2@2023-09-15"
    )
    services.unlink_document_output(actor=secretariat, link=link)
    assert not document.links.exists()
    services.delete_document(actor=secretariat, document=other)
    assert not Document.objects.filter(pk=other.pk).exists()


# -- lists of speakers: settings and the scheduled closing ------------------------------------------


def test_list_settings_change_until_the_item_closes(secretariat, open_list, session):
    review = services.add_agenda_item(actor=secretariat, session=session, number=2, title_en="Review")
    later = open_list.item_closes_at + timedelta(hours=2)
    services.update_speakers_list(
        actor=secretariat,
        speakers_list=open_list,
        item_closes_at=later,
        offered_item=review,
        speaking_minutes=5,
    )
    open_list.refresh_from_db()
    assert (open_list.item_closes_at, open_list.offered_item, open_list.speaking_minutes) == (
        later,
        review,
        5,
    )
    with pytest.raises(InvalidInput) as window:
        services.update_speakers_list(
            actor=secretariat, speakers_list=open_list, closes_at=open_list.opens_at - timedelta(hours=1)
        )
    assert window.value.code == "list_window"
    with pytest.raises(InvalidInput) as missing:
        services.update_speakers_list(actor=secretariat, speakers_list=open_list, item_closes_at=None)
    assert missing.value.code == "close_time_missing"
    with pytest.raises(InvalidInput) as same:
        services.update_speakers_list(
            actor=secretariat, speakers_list=open_list, offered_item=open_list.agenda_item
        )
    assert same.value.code == "offered_item"
    services.close_item(actor=secretariat, speakers_list=open_list, offered_item=None, at=later)
    with pytest.raises(Conflict) as closed:
        services.update_speakers_list(actor=secretariat, speakers_list=open_list, speaking_minutes=3)
    assert closed.value.code == "item_closed"


def test_the_item_closes_by_itself_at_its_set_time_and_waiting_speakers_get_the_offer(
    secretariat, open_list, session, party
):
    review = services.add_agenda_item(actor=secretariat, session=session, number=2, title_en="Review")
    services.update_speakers_list(actor=secretariat, speakers_list=open_list, offered_item=review)
    inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 50)
    inscribe(secretariat, open_list, party("FRA"), Rank.OFFICIAL, 40)
    services.call_next_speaker(actor=secretariat, speakers_list=open_list)
    # A second list that the secretariat closes by hand is left alone.
    manual = services.open_speakers_list(
        actor=secretariat,
        session=session,
        agenda_item=review,
        opens_at=open_list.opens_at,
        closes_at=open_list.closes_at,
        item_closes_at=open_list.item_closes_at,
        auto_close=False,
    )
    due = open_list.item_closes_at
    assert services.close_due_items(now=due - timedelta(seconds=1)) == {"closed": 0, "offered": 0}
    assert services.close_due_items(now=due + timedelta(minutes=3)) == {"closed": 1, "offered": 1}
    open_list.refresh_from_db()
    manual.refresh_from_db()
    assert open_list.item_closed_at == due and manual.item_closed_at is None
    statuses = dict(SpeakerEntry.objects.values_list("delegation__state__iso3", "status"))
    assert statuses == {"KEN": EntryStatus.SPOKE, "FRA": EntryStatus.OFFERED}
    assert SpeakerEntry.objects.get(delegation__state__iso3="FRA").offered_item == review
    assert last_event("meetings.item_closed").actor_label == services.SCHEDULER
    assert after("meetings.item_closed")["offered"] == 1
    # Run again (the worker runs every minute): nothing more happens.
    assert services.close_due_items(now=due + timedelta(minutes=4)) == {"closed": 0, "offered": 0}
    assert AuditEvent.objects.filter(action="meetings.item_closed").count() == 1


def test_the_worker_runs_the_closing_every_minute():
    from irm.meetings import tasks

    assert ("irm.meetings.tasks.close_due_items", 60) in settings.PERIODIC_TASKS
    assert tasks.close_due_items.call() == {"closed": 0, "offered": 0}


def test_a_list_with_a_closing_time_closes_automatically_unless_told_otherwise(secretariat, session):
    item = services.add_agenda_item(actor=secretariat, session=session, number=3, title_en="Other")
    now = timezone.now()
    lst = services.open_speakers_list(
        actor=secretariat, session=session, agenda_item=item, opens_at=now, closes_at=now + timedelta(days=1)
    )
    assert lst.auto_close is False  # no time set: closed by hand
    with pytest.raises(InvalidInput) as missing:
        services.open_speakers_list(
            actor=secretariat,
            session=session,
            agenda_item=services.add_agenda_item(actor=secretariat, session=session, number=4, title_en="x"),
            opens_at=now,
            closes_at=now + timedelta(days=1),
            auto_close=True,
        )
    assert missing.value.code == "close_time_missing"
    assert SpeakersList.objects.filter(session=session).count() == 1


# -- bureau -----------------------------------------------------------------------------------------


def test_an_officer_is_removed_only_with_a_reason(session, secretariat, state):
    member = services.elect_officer(
        actor=secretariat, session=session, office=Office.PRESIDENT, state=state("USA")
    )
    with pytest.raises(InvalidInput) as no_reason:
        services.remove_officer(actor=secretariat, member=member, reason=" ")
    assert no_reason.value.code == "reason_required"
    services.remove_officer(actor=secretariat, member=member, reason="Recorded for the wrong session")
    assert not BureauMember.objects.exists()
    assert last_event("meetings.officer_removed").reason == "Recorded for the wrong session"


def test_times_typed_on_the_pages_are_the_venues_wall_clock(session):
    from irm.meetings.forms import SpeakersListForm

    session.timezone = "America/New_York"
    form = SpeakersListForm(
        {
            "agenda_item": "",
            "opens_at": "2023-11-13T00:00",
            "closes_at": "2023-12-11T12:00",
            "speaking_minutes": 4,
            "speaking_words": 400,
            "group_chair_minutes": 7,
        },
        session=session,
    )
    form.is_valid()
    assert form.cleaned_data["closes_at"] == datetime(2023, 12, 11, 12, tzinfo=ZoneInfo("America/New_York"))
    assert form.cleaned_data["closes_at"].astimezone(ZoneInfo("UTC")).hour == 17


def failing_in_chinese(identifier: str, language: str):
    if language == "zh":
        raise InvalidInput("No Chinese today.", code="output_language")
    from types import SimpleNamespace

    return SimpleNamespace(filename="x.pdf", content=PDF, url="/x/", label="X")


def test_a_generated_output_is_issued_in_every_language_or_not_at_all(session, secretariat, settings):
    settings.MEETINGS_OUTPUT_GENERATORS = {"other": f"{__name__}.failing_in_chinese"}
    document = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/3", title_en="X"
    )
    with pytest.raises(InvalidInput):
        services.issue_platform_output(
            actor=secretariat, document=document, kind="other", identifier="x", languages=["en", "zh"]
        )
    assert not document.files.exists() and not document.links.exists()
    services.issue_platform_output(
        actor=secretariat, document=document, kind="other", identifier="x", languages=["en"]
    )
    assert document.files.get().language == "en" and document.links.get().url == "/x/"
    with pytest.raises(InvalidInput) as unknown:
        services.issue_platform_output(
            actor=secretariat, document=document, kind="review", identifier="x", languages=["en"]
        )
    assert unknown.value.code == "no_generator"
