from django.urls import path

from irm.public import views

app_name = "public"
urlpatterns = [
    path("findings/", views.findings, name="findings"),
    path("findings/<int:pk>/", views.finding, name="finding"),
    path("findings/export.<str:fmt>", views.export, name="export"),
    path("findings/dictionary/", views.dictionary, name="dictionary"),
    path("findings/bulk/<str:fmt>/", views.bulk_download, name="bulk"),
    path("summaries/<int:pk>/", views.summary, name="summary"),
    path("summaries/<int:pk>/<str:language>/", views.summary, name="summary-language"),
    path("follow-up/", views.follow_up, name="follow-up"),
    path("follow-up/export.<str:fmt>", views.follow_up_export, name="follow-up-export"),
    path("follow-up/<str:iso3>/", views.follow_up_state, name="follow-up-state"),
]
