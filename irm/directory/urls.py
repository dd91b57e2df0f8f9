from django.urls import path

from irm.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export.<str:fmt>", views.export, name="export"),
    path("states/<str:iso3>/", views.state_page, name="state"),
    path("states/<str:iso3>/propose/", views.propose, name="propose"),
    path("entries/<int:pk>/versions/", views.history, name="history"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
    path("import/", views.import_page, name="import"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
]
