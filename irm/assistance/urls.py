from django.urls import path

from irm.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.report, name="report"),
    path("report.<str:fmt>", views.download, name="download"),
    path("charts/<slug:name>.svg", views.chart, name="chart"),
    path("activities/", views.register, name="register"),
    path("activities/new/", views.edit, name="new"),
    path("activities/<int:pk>/", views.detail, name="detail"),
    path("activities/<int:pk>/edit/", views.edit, name="edit"),
    path("activities/<int:pk>/validate/", views.validate, name="validate"),
    path("import/", views.import_file, name="import"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
]
