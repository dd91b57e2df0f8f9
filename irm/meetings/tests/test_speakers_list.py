"""The rules of the general-discussion list of speakers (S002 §1(f))."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.meetings import selectors, services
from irm.meetings.models import EntryStatus, Rank, SpeakerEntry, SpeakerMode, SwapStatus

pytestmark = pytest.mark.django_db


def order(lst) -> list[str]:
    return [row.entry.delegation.iso3 for row in selectors.speakers_rows(lst, include_done=False)]


def inscribe(secretariat, lst, delegation, rank, minutes_ago, name="Speaker", **kw):
    return services.request_to_speak(
        actor=secretariat,
        speakers_list=lst,
        delegation=delegation,
        speaker_name=name,
        rank=rank,
        received_at=timezone.now() - timedelta(minutes=minutes_ago),
        **kw,
    )


def test_ministers_speak_first_then_first_come_first_served(secretariat, open_list, party):
    inscribe(secretariat, open_list, party("KEN"), Rank.AMBASSADOR, 50)
    inscribe(secretariat, open_list, party("FRA"), Rank.OFFICIAL, 40)
    inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 30)
    inscribe(secretariat, open_list, party("CHN"), Rank.HEAD_OF_GOVERNMENT, 20)
    inscribe(secretariat, open_list, party("MEX"), Rank.DEPUTY_MINISTER, 10)
    assert order(open_list) == ["BRA", "CHN", "KEN", "FRA", "MEX"]


def test_requests_received_at_the_same_moment_keep_their_order_of_receipt(secretariat, open_list, party):
    moment = timezone.now() - timedelta(minutes=5)
    for iso3 in ["MEX", "ARG", "BRA"]:
        services.request_to_speak(
            actor=secretariat,
            speakers_list=open_list,
            delegation=party(iso3),
            speaker_name="X",
            rank=Rank.MINISTER,
            received_at=moment,
        )
    assert order(open_list) == ["MEX", "ARG", "BRA"]


def test_a_request_before_the_list_opens_is_refused_and_not_kept(
    secretariat, open_list, party, make_delegate
):
    open_list.opens_at = timezone.now() + timedelta(days=1)
    open_list.save()
    user = make_delegate("KEN")
    with pytest.raises(InvalidInput) as refused:
        services.request_to_speak(
            actor=user,
            speakers_list=open_list,
            delegation=party("KEN"),
            speaker_name="Minister",
            rank=Rank.MINISTER,
        )
    assert refused.value.code == "list_not_open"
    assert "submit your request again" in refused.value.message
    assert not SpeakerEntry.objects.exists()


def test_a_request_after_the_list_closes_is_refused(secretariat, open_list, party):
    open_list.closes_at = timezone.now() - timedelta(minutes=1)
    open_list.opens_at = timezone.now() - timedelta(days=3)
    open_list.save()
    with pytest.raises(InvalidInput) as refused:
        inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 0)
    assert refused.value.code == "list_closed"


def test_an_e_mail_received_before_opening_and_transcribed_later_is_refused(secretariat, open_list, party):
    with pytest.raises(InvalidInput):
        inscribe(
            secretariat, open_list, party("KEN"), Rank.MINISTER, 60 * 24 * 3
        )  # 3 days ago, list opened 2 days ago


def test_only_the_secretariat_backdates_a_request(open_list, party, make_delegate):
    user = make_delegate("KEN")
    with pytest.raises(PermissionDenied):
        services.request_to_speak(
            actor=user,
            speakers_list=open_list,
            delegation=party("KEN"),
            speaker_name="X",
            rank=Rank.MINISTER,
            received_at=timezone.now() - timedelta(hours=1),
        )


def test_a_delegate_inscribes_only_their_own_delegation(open_list, party, make_delegate):
    user = make_delegate("KEN")
    with pytest.raises(PermissionDenied):
        services.request_to_speak(
            actor=user, speakers_list=open_list, delegation=party("FRA"), speaker_name="X", rank=Rank.MINISTER
        )
    assert not SpeakerEntry.objects.exists()


def test_one_place_per_delegation(secretariat, open_list, party):
    kenya = party("KEN")
    inscribe(secretariat, open_list, kenya, Rank.MINISTER, 5)
    with pytest.raises(Conflict):
        inscribe(secretariat, open_list, kenya, Rank.OFFICIAL, 1)


def test_minister_replaced_by_non_minister_moves_to_the_time_of_the_change_notice(
    secretariat, open_list, party
):
    kenya = inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 50)
    inscribe(secretariat, open_list, party("FRA"), Rank.OFFICIAL, 40)
    inscribe(secretariat, open_list, party("BRA"), Rank.AMBASSADOR, 30)
    inscribe(secretariat, open_list, party("MEX"), Rank.OFFICIAL, 10)
    services.change_speaker(
        actor=secretariat,
        entry=kenya,
        speaker_name="Deputy",
        rank=Rank.DEPUTY_MINISTER,
        notified_at=timezone.now() - timedelta(minutes=20),
    )
    # Kenya's change was notified 20 minutes ago: after France and Brazil, before Mexico.
    assert order(open_list) == ["FRA", "BRA", "KEN", "MEX"]
    assert AuditEvent.objects.filter(action="meetings.speaker_changed").exists()


def test_a_late_change_notice_goes_to_the_end(secretariat, open_list, party, make_delegate):
    kenya = inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 50)
    inscribe(secretariat, open_list, party("FRA"), Rank.OFFICIAL, 40)
    inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 30)
    services.change_speaker(
        actor=make_delegate("KEN"), entry=kenya, speaker_name="Official", rank=Rank.OFFICIAL
    )
    assert order(open_list) == ["BRA", "FRA", "KEN"]


def test_minister_replaced_by_another_minister_keeps_the_place(secretariat, open_list, party):
    kenya = inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 50)
    inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 30)
    services.change_speaker(
        actor=secretariat, entry=kenya, speaker_name="Other minister", rank=Rank.HEAD_OF_GOVERNMENT
    )
    assert order(open_list) == ["KEN", "BRA"]


def test_two_delegations_at_the_same_level_swap_with_both_written_confirmations(
    secretariat, open_list, party, make_delegate
):
    bra = inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 50)
    inscribe(secretariat, open_list, party("CHN"), Rank.MINISTER, 40)
    mex = inscribe(secretariat, open_list, party("MEX"), Rank.MINISTER, 30)
    swap = services.propose_swap(
        actor=make_delegate("MEX"), first=mex, second=bra, confirmation="Note verbale 12"
    )
    assert order(open_list) == ["BRA", "CHN", "MEX"]  # not until Brazil confirms
    with pytest.raises(PermissionDenied):
        services.confirm_swap(actor=make_delegate("CHN"), swap=swap, confirmation="ok")
    services.confirm_swap(actor=make_delegate("BRA"), swap=swap, confirmation="Letter of 3 Dec")
    assert order(open_list) == ["MEX", "CHN", "BRA"]
    swap.refresh_from_db()
    assert swap.status == SwapStatus.DONE and swap.first_confirmation and swap.second_confirmation


def test_a_swap_across_levels_is_refused(secretariat, open_list, party, make_delegate):
    bra = inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 50)
    mex = inscribe(secretariat, open_list, party("MEX"), Rank.AMBASSADOR, 30)
    with pytest.raises(InvalidInput) as refused:
        services.propose_swap(actor=make_delegate("MEX"), first=mex, second=bra, confirmation="please")
    assert refused.value.code == "swap_levels_differ"
    assert order(open_list) == ["BRA", "MEX"]


def test_a_swap_needs_written_confirmation(secretariat, open_list, party, make_delegate):
    bra = inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 50)
    mex = inscribe(secretariat, open_list, party("MEX"), Rank.MINISTER, 30)
    with pytest.raises(InvalidInput):
        services.propose_swap(actor=make_delegate("MEX"), first=mex, second=bra, confirmation=" ")


def test_a_swap_is_refused_at_confirmation_if_a_rank_changed_meanwhile(
    secretariat, open_list, party, make_delegate
):
    bra = inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 50)
    mex = inscribe(secretariat, open_list, party("MEX"), Rank.MINISTER, 30)
    swap = services.propose_swap(actor=make_delegate("MEX"), first=mex, second=bra, confirmation="yes")
    services.change_speaker(actor=secretariat, entry=bra, speaker_name="Adviser", rank=Rank.OFFICIAL)
    with pytest.raises(InvalidInput):
        services.confirm_swap(actor=make_delegate("BRA"), swap=swap, confirmation="yes")
    assert order(open_list) == ["MEX", "BRA"]


def test_the_secretariat_records_a_swap_notified_by_both(secretariat, open_list, party):
    ken = inscribe(secretariat, open_list, party("KEN"), Rank.OFFICIAL, 50)
    fra = inscribe(secretariat, open_list, party("FRA"), Rank.AMBASSADOR, 30)
    services.record_swap(
        actor=secretariat, first=fra, second=ken, first_confirmation="e-mail", second_confirmation="e-mail"
    )
    assert order(open_list) == ["FRA", "KEN"]


def test_speaking_time_is_four_minutes_and_seven_for_regional_group_chairs(secretariat, open_list, party):
    a = inscribe(secretariat, open_list, party("KEN"), Rank.AMBASSADOR, 5, on_behalf_of_group="AFRICA")
    b = inscribe(secretariat, open_list, party("FRA"), Rank.MINISTER, 4)
    assert (a.minutes, b.minutes) == (7, 4)
    assert open_list.speaking_words == 400


def test_video_statement_is_a_link_submitted_by_the_deadline(secretariat, open_list, party, make_delegate):
    entry = inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 5)
    user = make_delegate("KEN")
    with pytest.raises(InvalidInput) as refused:
        services.submit_video_statement(actor=user, entry=entry, url="statement.mp4")
    assert refused.value.code == "video_link_required"
    services.submit_video_statement(actor=user, entry=entry, url="https://share.example.org/s/abc?pw=1")
    entry.refresh_from_db()
    assert entry.mode == SpeakerMode.VIDEO and entry.video_url.startswith("https://")


def test_video_statement_after_the_deadline_is_refused(secretariat, open_list, party, make_delegate):
    entry = inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 5)
    open_list.video_deadline = timezone.now() - timedelta(hours=1)
    open_list.save()
    with pytest.raises(InvalidInput) as refused:
        services.submit_video_statement(
            actor=make_delegate("KEN"), entry=entry, url="https://share.example.org/x"
        )
    assert refused.value.code == "video_deadline_passed"


def test_the_item_closes_at_its_set_time_and_remaining_speakers_are_offered_another_item(
    secretariat, open_list, party, session, make_delegate
):
    other = services.add_agenda_item(actor=secretariat, session=session, number=2, title_en="Review")
    inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 50)
    inscribe(secretariat, open_list, party("FRA"), Rank.MINISTER, 40)
    inscribe(secretariat, open_list, party("BRA"), Rank.OFFICIAL, 30)
    first = services.call_next_speaker(actor=secretariat, speakers_list=open_list)
    assert first is not None and first.delegation.iso3 == "KEN"
    with pytest.raises(InvalidInput) as early:
        services.close_item(actor=secretariat, speakers_list=open_list, offered_item=other)
    assert early.value.code == "item_not_due"
    offered = services.close_item(
        actor=secretariat, speakers_list=open_list, offered_item=other, at=open_list.item_closes_at
    )
    assert offered == 2
    statuses = dict(SpeakerEntry.objects.values_list("delegation__state__iso3", "status"))
    assert statuses == {"KEN": EntryStatus.SPOKE, "FRA": EntryStatus.OFFERED, "BRA": EntryStatus.OFFERED}
    bra = SpeakerEntry.objects.get(delegation__state__iso3="BRA")
    services.answer_offer(actor=make_delegate("BRA"), entry=bra, accept=True)
    bra.refresh_from_db()
    assert bra.status == EntryStatus.MOVED and bra.offered_item == other


def test_the_room_calls_speakers_in_order(secretariat, open_list, party):
    inscribe(secretariat, open_list, party("KEN"), Rank.OFFICIAL, 50)
    inscribe(secretariat, open_list, party("FRA"), Rank.MINISTER, 40)
    called = [services.call_next_speaker(actor=secretariat, speakers_list=open_list) for _ in range(3)]
    assert [entry.delegation.iso3 if entry else None for entry in called] == ["FRA", "KEN", None]
    assert SpeakerEntry.objects.filter(status=EntryStatus.SPOKE).count() == 2


def test_withdrawal_cancels_pending_swaps(secretariat, open_list, party, make_delegate):
    bra = inscribe(secretariat, open_list, party("BRA"), Rank.MINISTER, 50)
    mex = inscribe(secretariat, open_list, party("MEX"), Rank.MINISTER, 30)
    swap = services.propose_swap(actor=make_delegate("MEX"), first=mex, second=bra, confirmation="yes")
    services.withdraw_from_list(actor=secretariat, entry=mex)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CANCELLED
    assert order(open_list) == ["BRA"]
