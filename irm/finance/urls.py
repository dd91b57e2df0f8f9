from django.urls import path

from irm.finance import published, views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("charts/<slug:name>.svg", views.chart, name="chart"),
    path("report.<str:fmt>", views.download, name="download"),
    path("donors/", views.donor_list, name="donors"),
    path("donors/<int:pk>/", views.donor, name="donor"),
    path("contributions/<str:reference>/", views.contribution, name="contribution"),
    path("record/<slug:kind>/", views.record, name="record"),
    path("reports/", published.report_list, name="published"),
    path("reports/<str:as_of>/", published.report_page, name="published-report"),
    path("reports/<str:as_of>/report.<str:fmt>", published.report_file, name="published-file"),
    path("reports/<str:as_of>/publish/", published.publish, name="publish-report"),
]
