from django.urls import path

from irm.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ta-needs.<str:fmt>", views.needs_download, name="needs-download"),
    path("charts/<slug:key>.<str:fmt>", views.chart, name="chart"),
    path("report.docx", views.needs_report, name="needs-report"),
    path("thematic/", views.thematic_page, name="thematic"),
    path("thematic.<str:fmt>", views.thematic_download, name="thematic-download"),
]
