from django.urls import path

from irm.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("documents/<int:pk>/<str:language>/", views.document_file, name="document-file"),
    path("<slug:slug>/", views.session_detail, name="session-detail"),
    path("<slug:slug>/agenda/adopt/", views.adopt_agenda, name="adopt-agenda"),
    path("<slug:slug>/statements/", views.submit_statement, name="submit-statement"),
    path("<slug:slug>/statements/<int:pk>/unpublish/", views.unpublish_statement, name="unpublish-statement"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/participants/delegates/", views.register_delegate, name="register-delegate"),
    path("<slug:slug>/participants/ngos/", views.circulate_ngos, name="circulate-ngos"),
    path("<slug:slug>/participants/<int:pk>/", views.participation_action, name="participation-action"),
    path("<slug:slug>/credentials/", views.credentials, name="credentials"),
    path("<slug:slug>/credentials/submit/", views.submit_credentials, name="submit-credentials"),
    path("<slug:slug>/credentials/<int:pk>/examine/", views.examine_credentials, name="examine-credentials"),
    path("<slug:slug>/credentials/report/", views.credentials_report, name="credentials-report"),
    path(
        "<slug:slug>/credentials/report.docx", views.credentials_report_docx, name="credentials-report-docx"
    ),
    path("<slug:slug>/bureau/", views.bureau, name="bureau"),
    path("<slug:slug>/resolutions/", views.resolutions, name="resolutions"),
    path("<slug:slug>/resolutions/submit/", views.submit_resolution, name="submit-resolution"),
    path("<slug:slug>/resolutions/<int:pk>/", views.resolution_action, name="resolution-action"),
    path("<slug:slug>/speakers/<int:pk>/", views.speakers, name="speakers"),
    path("<slug:slug>/speakers/<int:pk>/request/", views.request_to_speak, name="request-to-speak"),
    path("<slug:slug>/speakers/<int:pk>/entries/<int:entry_pk>/", views.entry_action, name="entry-action"),
    path("<slug:slug>/speakers/<int:pk>/swaps/<int:swap_pk>/", views.swap_action, name="swap-action"),
    path("<slug:slug>/speakers/<int:pk>/print/", views.speakers_print, name="speakers-print"),
    path("<slug:slug>/speakers/<int:pk>/export.<str:fmt>", views.speakers_export, name="speakers-export"),
    path("<slug:slug>/speakers/<int:pk>/room/", views.room, name="room"),
    path("<slug:slug>/speakers/<int:pk>/room/now/", views.room_fragment, name="room-now"),
    path("<slug:slug>/speakers/<int:pk>/room/action/", views.room_action, name="room-action"),
]
