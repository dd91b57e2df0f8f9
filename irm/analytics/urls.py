from django.urls import path

from irm.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.process, name="process"),
    path("process.<str:fmt>", views.process_download, name="process-download"),
    path("charts/<slug:key>.<str:fmt>", views.process_chart, name="chart"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_edit, name="proposal-new"),
    path("proposals/<int:pk>/", views.proposal_edit, name="proposal"),
    path("proposals/<int:pk>/delete/", views.proposal_delete, name="proposal-delete"),
    path("proposals/compare/", views.compare, name="compare"),
    path("proposals/compare.<str:fmt>", views.evidence_note, name="evidence-note"),
    path("proposals/compare-chart.<str:fmt>", views.compare_chart, name="compare-chart"),
]
