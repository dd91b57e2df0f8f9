from django.urls import path

from irm.library import views

app_name = "library"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/files/", views.add_file, name="add-file"),
    path("<int:pk>/files/<int:file_id>/", views.file_download, name="file"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]
