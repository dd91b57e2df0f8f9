"""Lists of speakers (S002 §1 (f)): the list's settings, requests to speak, changes of speaker, withdrawals, video statements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.meetings.links import check_link
from irm.meetings.models import (
    ACTIVE_STATUSES,
    AgendaItem,
    Delegation,
    EntryStatus,
    Rank,
    Session,
    SpeakerEntry,
    SpeakerMode,
    SpeakersList,
    SwapRequest,
    SwapStatus,
    is_ministerial,
)
from irm.meetings.services.common import (
    apply_changes,
    local_time,
    require_acts_for,
    require_manager,
    time_of_receipt,
    user_of,
)
from irm.parties.models import RegionalGroup

LIST_FIELDS = [
    "opens_at",
    "closes_at",
    "item_closes_at",
    "auto_close",
    "video_deadline",
    "speaking_minutes",
    "speaking_words",
    "group_chair_minutes",
    "offered_item",
]


def _check_list(
    lst: SpeakersList,
) -> None:
    if lst.closes_at <= lst.opens_at:
        raise InvalidInput(_("The list must close after it opens."), code="list_window")
    if lst.item_closes_at is not None and lst.item_closes_at < lst.opens_at:
        raise InvalidInput(_("The item cannot close before the list opens."), code="list_window")
    if lst.auto_close and lst.item_closes_at is None:
        raise InvalidInput(
            _("Set the time at which the item closes, or close it by hand."), code="close_time_missing"
        )
    if min(lst.speaking_minutes, lst.speaking_words, lst.group_chair_minutes) < 1:
        raise InvalidInput(_("Speaking time must be at least one minute."))
    offered = lst.offered_item
    if offered is not None and (offered.session_id != lst.session_id or offered.pk == lst.agenda_item_id):
        raise InvalidInput(_("Offer another item of the same session."), code="offered_item")


@transaction.atomic
def open_speakers_list(
    *,
    actor: Any,
    session: Session,
    agenda_item: AgendaItem,
    opens_at: datetime,
    closes_at: datetime,
    item_closes_at: datetime | None = None,
    video_deadline: datetime | None = None,
    speaking_minutes: int = 4,
    speaking_words: int = 400,
    group_chair_minutes: int = 7,
    offered_item: AgendaItem | None = None,
    auto_close: bool | None = None,
) -> SpeakersList:
    """A list for one item. With a closing time the item closes by itself unless `auto_close=False`."""
    require_manager(actor)
    if agenda_item.session_id != session.pk:
        raise InvalidInput(_("The agenda item belongs to another session."))
    if SpeakersList.objects.filter(session=session, agenda_item=agenda_item).exists():
        raise Conflict(_("This item already has a list of speakers."), code="list_exists")
    lst = SpeakersList(
        session=session,
        agenda_item=agenda_item,
        opens_at=opens_at,
        closes_at=closes_at,
        item_closes_at=item_closes_at,
        auto_close=item_closes_at is not None if auto_close is None else auto_close,
        video_deadline=video_deadline,
        speaking_minutes=speaking_minutes,
        speaking_words=speaking_words,
        group_chair_minutes=group_chair_minutes,
        offered_item=offered_item,
    )
    _check_list(lst)
    lst.save()
    record_event(
        actor=actor,
        action="meetings.speakers_list_opened",
        obj=lst,
        after={"opens_at": opens_at, "closes_at": closes_at, "item_closes_at": item_closes_at},
    )
    return lst


@transaction.atomic
def update_speakers_list(*, actor: Any, speakers_list: SpeakersList, **changes: Any) -> SpeakersList:
    """Change the window, the item's closing time, speaking times or the item offered; not once closed.

    Speakers already inscribed keep their places whatever the new window.
    """
    require_manager(actor)
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    if lst.item_closed_at:
        raise Conflict(_("Consideration of the item has already ended."), code="item_closed")
    return apply_changes(
        actor=actor,
        obj=lst,
        changes=changes,
        allowed=LIST_FIELDS,
        check=_check_list,
        action="meetings.speakers_list_updated",
    )


def _take_seq(lst: SpeakersList) -> int:
    """Next number in order of receipt (the list row is locked by the caller)."""
    seq = lst.next_seq
    SpeakersList.objects.filter(pk=lst.pk).update(next_seq=seq + 1)
    lst.next_seq = seq + 1
    return seq


def _check_window(lst: SpeakersList, at: datetime) -> None:
    """Requests are kept only within the registration window, and not once the item closed."""
    if at < lst.opens_at:
        raise InvalidInput(
            _(
                "The list of speakers opens on %(opens)s. Requests received before it opens are not kept: "
                "please submit your request again once the list is open."
            )
            % {"opens": local_time(lst.opens_at, lst.session)},
            code="list_not_open",
        )
    if at > lst.closes_at or lst.item_closed_at:
        raise InvalidInput(
            _("The list of speakers closed on %(closes)s.")
            % {"closes": local_time(lst.closes_at, lst.session)},
            code="list_closed",
        )


@transaction.atomic
def request_to_speak(
    *,
    actor: Any,
    speakers_list: SpeakersList,
    delegation: Delegation,
    speaker_name: str,
    rank: str,
    speaker_function: str = "",
    on_behalf_of_group: str = "",
    received_at: datetime | None = None,
) -> SpeakerEntry:
    """Inscribe a delegation. Requests outside the registration window are refused, not kept."""
    require_acts_for(actor, delegation)
    lst = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
    at = time_of_receipt(actor, received_at)
    _check_window(lst, at)
    if delegation.session_id != lst.session_id:
        raise InvalidInput(_("The delegation is registered for another session."))
    if not delegation.is_state or not delegation.may_attend:
        raise InvalidInput(
            _("The general discussion is for the representatives of States taking part in the session.")
        )
    if rank not in Rank.values:
        raise InvalidInput(_("Unknown rank."))
    if on_behalf_of_group and on_behalf_of_group not in RegionalGroup.values:
        raise InvalidInput(_("Unknown regional group."))
    if not speaker_name.strip():
        raise InvalidInput(_("Give the speaker's name."))
    if lst.entries.filter(delegation=delegation).exclude(status=EntryStatus.WITHDRAWN).exists():
        raise Conflict(
            _("%(d)s is already on the list.") % {"d": delegation.display_name}, code="already_inscribed"
        )
    entry = SpeakerEntry.objects.create(
        speakers_list=lst,
        delegation=delegation,
        speaker_name=speaker_name.strip(),
        speaker_function=speaker_function,
        rank=rank,
        on_behalf_of_group=on_behalf_of_group,
        requested_at=at,
        sort_at=at,
        sort_seq=_take_seq(lst),
        created_by=user_of(actor),
    )
    record_event(
        actor=actor,
        action="meetings.speaker_inscribed",
        obj=entry,
        after={"delegation": delegation.display_name, "rank": rank, "received_at": at},
    )
    return entry


def _active_entry(entry: SpeakerEntry) -> SpeakerEntry:
    entry = SpeakerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in ACTIVE_STATUSES:
        raise Conflict(_("This inscription is no longer active."))
    return entry


@transaction.atomic
def change_speaker(
    *,
    actor: Any,
    entry: SpeakerEntry,
    speaker_name: str,
    rank: str,
    speaker_function: str = "",
    notified_at: datetime | None = None,
) -> SpeakerEntry:
    """A change of speaker. A ministerial speaker replaced by a non-ministerial one moves to the
    position of the time the change was notified (S002 §1(f)(b)); other changes keep the place."""
    require_acts_for(actor, entry.delegation)
    lst = SpeakersList.objects.select_for_update().get(pk=entry.speakers_list_id)
    entry = _active_entry(entry)
    if rank not in Rank.values:
        raise InvalidInput(_("Unknown rank."))
    at = time_of_receipt(actor, notified_at)
    before = {"speaker": entry.speaker_name, "rank": entry.rank, "sort_at": entry.sort_at}
    demoted = is_ministerial(entry.rank) and not is_ministerial(rank)
    entry.speaker_name = speaker_name.strip() or entry.speaker_name
    entry.speaker_function = speaker_function
    entry.rank = rank
    if demoted:
        entry.sort_at = at
        entry.sort_seq = _take_seq(lst)
    entry.save(
        update_fields=["speaker_name", "speaker_function", "rank", "sort_at", "sort_seq", "updated_at"]
    )
    record_event(
        actor=actor,
        action="meetings.speaker_changed",
        obj=entry,
        before=before,
        after={"speaker": entry.speaker_name, "rank": rank, "sort_at": entry.sort_at, "moved": demoted},
    )
    return entry


@transaction.atomic
def withdraw_from_list(*, actor: Any, entry: SpeakerEntry) -> SpeakerEntry:
    require_acts_for(actor, entry.delegation)
    entry = _active_entry(entry)
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    SwapRequest.objects.filter(status=SwapStatus.PENDING).filter(first=entry).update(
        status=SwapStatus.CANCELLED
    )
    SwapRequest.objects.filter(status=SwapStatus.PENDING).filter(second=entry).update(
        status=SwapStatus.CANCELLED
    )
    record_event(actor=actor, action="meetings.speaker_withdrawn", obj=entry)
    return entry


@transaction.atomic
def submit_video_statement(
    *, actor: Any, entry: SpeakerEntry, url: str, at: datetime | None = None
) -> SpeakerEntry:
    """A pre-recorded video statement, by the deadline, as a link to a protected share — never an attachment."""
    require_acts_for(actor, entry.delegation)
    entry = _active_entry(entry)
    lst = entry.speakers_list
    at = time_of_receipt(actor, at)
    if lst.video_deadline and at > lst.video_deadline:
        raise InvalidInput(
            _("Video statements were due by %(d)s.") % {"d": local_time(lst.video_deadline, lst.session)},
            code="video_deadline_passed",
        )
    url = check_link(
        url,
        code="video_link_required",
        message=_(
            "Send a link to the video on a file-sharing platform (e.g. a password-protected link); "
            "video files are not accepted as attachments."
        ),
    )
    entry.mode = SpeakerMode.VIDEO
    entry.video_url = url
    entry.video_submitted_at = at
    entry.save(update_fields=["mode", "video_url", "video_submitted_at", "updated_at"])
    record_event(actor=actor, action="meetings.video_submitted", obj=entry, after={"url": url})
    return entry
