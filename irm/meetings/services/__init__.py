"""Every change to sessions goes through here: validated, in one transaction, with an audit event.

One module per section of a session's business (a newcomer reads one room at a time); callers keep
writing `from irm.meetings import services` and `services.some_function`, re-exported below.
"""

from irm.meetings.services.agenda import add_agenda_item, adopt_agenda, remove_agenda_item, update_agenda_item
from irm.meetings.services.briefings import (
    MAX_INVITED,
    MAX_ORGANIZATION,
    MAX_ROOM,
    MAX_TOPIC,
    record_ngo_briefing,
    remove_ngo_briefing,
    update_ngo_briefing,
)
from irm.meetings.services.bureau import elect_officer, remove_officer
from irm.meetings.services.credentials import (
    adopt_credentials_report,
    challenge_credentials,
    examine_credentials,
    generate_credentials_report,
    submit_credentials,
)
from irm.meetings.services.documents import (
    DOCUMENT_FIELDS,
    attach_document_file,
    delete_document,
    issue_platform_output,
    link_document_output,
    output_generator,
    register_document,
    remove_document_file,
    unlink_document_output,
    update_document,
)
from irm.meetings.services.joint_meetings import add_joint_meeting, remove_joint_meeting
from irm.meetings.services.participation import (
    circulate_ngo_list,
    grant_observer_status,
    object_to_observer,
    record_conference_decision,
    record_written_notification,
    register_delegate,
    register_delegation,
    require_admitted_kind,
    settle_ngo_admissions,
)
from irm.meetings.services.resolutions import (
    RESOLUTION_FLOW,
    draft_resolution_deadline,
    end_of_day,
    late_notice,
    one_month_before,
    set_draft_resolution_status,
    sponsor_draft_resolution,
    submit_draft_resolution,
)
from irm.meetings.services.room import SCHEDULER, answer_offer, call_next_speaker, close_due_items, close_item
from irm.meetings.services.sessions import SESSION_FIELDS, create_session, delete_session, update_session
from irm.meetings.services.speakers import (
    LIST_FIELDS,
    change_speaker,
    open_speakers_list,
    request_to_speak,
    submit_video_statement,
    update_speakers_list,
    withdraw_from_list,
)
from irm.meetings.services.statements import (
    MAX_STATEMENT_CHARS,
    object_to_statement_publication,
    submit_statement,
)
from irm.meetings.services.swaps import cancel_swap, confirm_swap, propose_swap, record_swap
from irm.meetings.services.work import add_work_slot, remove_work_slot, update_work_slot

__all__ = [
    "DOCUMENT_FIELDS",
    "LIST_FIELDS",
    "MAX_INVITED",
    "MAX_ORGANIZATION",
    "MAX_ROOM",
    "MAX_STATEMENT_CHARS",
    "MAX_TOPIC",
    "RESOLUTION_FLOW",
    "SCHEDULER",
    "SESSION_FIELDS",
    "add_agenda_item",
    "add_joint_meeting",
    "add_work_slot",
    "adopt_agenda",
    "adopt_credentials_report",
    "answer_offer",
    "attach_document_file",
    "call_next_speaker",
    "cancel_swap",
    "challenge_credentials",
    "change_speaker",
    "circulate_ngo_list",
    "close_due_items",
    "close_item",
    "confirm_swap",
    "create_session",
    "delete_document",
    "delete_session",
    "draft_resolution_deadline",
    "elect_officer",
    "end_of_day",
    "examine_credentials",
    "generate_credentials_report",
    "grant_observer_status",
    "issue_platform_output",
    "late_notice",
    "link_document_output",
    "object_to_observer",
    "object_to_statement_publication",
    "one_month_before",
    "open_speakers_list",
    "output_generator",
    "propose_swap",
    "record_conference_decision",
    "record_ngo_briefing",
    "record_swap",
    "record_written_notification",
    "register_delegate",
    "register_delegation",
    "register_document",
    "remove_agenda_item",
    "remove_document_file",
    "remove_joint_meeting",
    "remove_ngo_briefing",
    "remove_officer",
    "remove_work_slot",
    "request_to_speak",
    "require_admitted_kind",
    "set_draft_resolution_status",
    "settle_ngo_admissions",
    "sponsor_draft_resolution",
    "submit_credentials",
    "submit_draft_resolution",
    "submit_statement",
    "submit_video_statement",
    "unlink_document_output",
    "update_agenda_item",
    "update_document",
    "update_ngo_briefing",
    "update_session",
    "update_speakers_list",
    "update_work_slot",
    "withdraw_from_list",
]
