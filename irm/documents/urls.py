from django.urls import path

from irm.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:job_id>/", views.job, name="job"),
    path("<uuid:job_id>/status/", views.status, name="status"),
    path("<uuid:job_id>/file/", views.download, name="file"),
]
