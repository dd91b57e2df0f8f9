from django.urls import path

from irm.meetings.views import bureau, credentials, participation, resolutions, room, sessions, speakers
from irm.meetings.views.manage import agenda as manage_agenda
from irm.meetings.views.manage import briefings as manage_briefings
from irm.meetings.views.manage import documents as manage_documents
from irm.meetings.views.manage import participants as manage_participants
from irm.meetings.views.manage import sessions as manage_sessions
from irm.meetings.views.manage import speakers as manage_speakers

app_name = "meetings"
urlpatterns = [
    path("", sessions.session_list, name="session-list"),
    path("new/", manage_sessions.session_create, name="session-create"),
    path("documents/<int:pk>/<str:language>/", sessions.document_file, name="document-file"),
    path("<slug:slug>/", sessions.session_detail, name="session-detail"),
    path("<slug:slug>/calendar.ics", sessions.session_calendar, name="session-calendar"),
    path("<slug:slug>/edit/", manage_sessions.session_edit, name="session-edit"),
    path("<slug:slug>/delete/", manage_sessions.session_delete, name="session-delete"),
    path("<slug:slug>/joint/", manage_sessions.add_joint_meeting, name="add-joint-meeting"),
    path(
        "<slug:slug>/joint/<int:pk>/remove/",
        manage_sessions.remove_joint_meeting,
        name="remove-joint-meeting",
    ),
    path("<slug:slug>/agenda/", manage_agenda.agenda, name="manage-agenda"),
    path("<slug:slug>/agenda/<int:pk>/", manage_agenda.agenda_item_edit, name="agenda-item-edit"),
    path("<slug:slug>/agenda/<int:pk>/remove/", manage_agenda.agenda_item_remove, name="agenda-item-remove"),
    path("<slug:slug>/agenda/adopt/", sessions.adopt_agenda, name="adopt-agenda"),
    path("<slug:slug>/work/", manage_agenda.work, name="manage-work"),
    path("<slug:slug>/work/<int:pk>/", manage_agenda.work_slot_edit, name="work-slot-edit"),
    path("<slug:slug>/work/<int:pk>/remove/", manage_agenda.work_slot_remove, name="work-slot-remove"),
    path("<slug:slug>/documents/", manage_documents.documents, name="manage-documents"),
    path("<slug:slug>/documents/<int:pk>/", manage_documents.document_edit, name="manage-document"),
    path("<slug:slug>/documents/<int:pk>/delete/", manage_documents.document_delete, name="document-delete"),
    path("<slug:slug>/statements/", sessions.submit_statement, name="submit-statement"),
    path("<slug:slug>/statements/<int:pk>/file", sessions.statement_file, name="statement-file"),
    path(
        "<slug:slug>/statements/<int:pk>/unpublish/", sessions.unpublish_statement, name="unpublish-statement"
    ),
    path("<slug:slug>/participants/", participation.participants, name="participants"),
    path("<slug:slug>/participants/delegates/", participation.register_delegate, name="register-delegate"),
    path("<slug:slug>/participants/ngos/", participation.circulate_ngos, name="circulate-ngos"),
    path(
        "<slug:slug>/participants/observers/", manage_participants.register_observer, name="register-observer"
    ),
    path(
        "<slug:slug>/participants/<int:pk>/", participation.participation_action, name="participation-action"
    ),
    path("<slug:slug>/briefings/", manage_briefings.briefings, name="manage-briefings"),
    path("<slug:slug>/briefings/<int:pk>/", manage_briefings.briefing_edit, name="briefing-edit"),
    path("<slug:slug>/briefings/<int:pk>/remove/", manage_briefings.briefing_remove, name="briefing-remove"),
    path("<slug:slug>/credentials/", credentials.credentials, name="credentials"),
    path("<slug:slug>/credentials/submit/", credentials.submit_credentials, name="submit-credentials"),
    path("<slug:slug>/credentials/<int:pk>/file", credentials.credentials_file, name="credentials-file"),
    path(
        "<slug:slug>/credentials/<int:pk>/examine/",
        credentials.examine_credentials,
        name="examine-credentials",
    ),
    path("<slug:slug>/credentials/report/", credentials.credentials_report, name="credentials-report"),
    path(
        "<slug:slug>/credentials/report.docx",
        credentials.credentials_report_docx,
        name="credentials-report-docx",
    ),
    path("<slug:slug>/bureau/", bureau.bureau, name="bureau"),
    path("<slug:slug>/bureau/officers/", manage_participants.elect_officer, name="elect-officer"),
    path(
        "<slug:slug>/bureau/officers/<int:pk>/remove/",
        manage_participants.remove_officer,
        name="remove-officer",
    ),
    path("<slug:slug>/resolutions/", resolutions.resolutions, name="resolutions"),
    path("<slug:slug>/resolutions/submit/", resolutions.submit_resolution, name="submit-resolution"),
    path("<slug:slug>/resolutions/<int:pk>/", resolutions.resolution_action, name="resolution-action"),
    path("<slug:slug>/speakers/new/", manage_speakers.speakers_list_create, name="speakers-list-create"),
    path("<slug:slug>/speakers/<int:pk>/", speakers.speakers, name="speakers"),
    path(
        "<slug:slug>/speakers/<int:pk>/settings/",
        manage_speakers.speakers_list_edit,
        name="speakers-list-edit",
    ),
    path("<slug:slug>/speakers/<int:pk>/record/", manage_speakers.record_request, name="record-request"),
    path("<slug:slug>/speakers/<int:pk>/record-swap/", manage_speakers.record_swap, name="record-swap"),
    path("<slug:slug>/speakers/<int:pk>/request/", speakers.request_to_speak, name="request-to-speak"),
    path("<slug:slug>/speakers/<int:pk>/entries/<int:entry_pk>/", speakers.entry_action, name="entry-action"),
    path("<slug:slug>/speakers/<int:pk>/swaps/<int:swap_pk>/", speakers.swap_action, name="swap-action"),
    path("<slug:slug>/speakers/<int:pk>/print/", speakers.speakers_print, name="speakers-print"),
    path("<slug:slug>/speakers/<int:pk>/export.<str:fmt>", speakers.speakers_export, name="speakers-export"),
    path("<slug:slug>/speakers/<int:pk>/room/", room.room, name="room"),
    path("<slug:slug>/speakers/<int:pk>/room/now/", room.room_fragment, name="room-now"),
    path("<slug:slug>/speakers/<int:pk>/room/action/", room.room_action, name="room-action"),
]
