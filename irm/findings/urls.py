from django.urls import path

from irm.findings import views

app_name = "findings"
urlpatterns = [
    path("", views.index, name="index"),
    path("states/<str:iso3>/", views.state_outcomes, name="state-outcomes"),
    path("reviews/<int:pk>/", views.review_findings, name="review"),
    path("reviews/<int:pk>/documents/<str:kind>/", views.document, name="document"),
    path("reviews/<int:pk>/freeze/", views.freeze, name="freeze"),
    path("reviews/<int:pk>/share-drafts/", views.share_drafts, name="share-drafts"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/comment/", views.finding_comment, name="finding-comment"),
    path("findings/<int:pk>/translate/", views.finding_translate, name="finding-translate"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
    path("export/", views.export, name="export"),
    path("follow-up/", views.follow_up_overview, name="follow-up"),
    path(
        "recommendations/<int:pk>/follow-up/", views.recommendation_follow_up, name="recommendation-follow-up"
    ),
    path("follow-up/<int:pk>/acknowledge/", views.follow_up_acknowledge, name="follow-up-acknowledge"),
    path("follow-up/<int:pk>/comment/", views.follow_up_comment, name="follow-up-comment"),
    path("follow-up/evidence/<int:pk>/", views.follow_up_evidence, name="follow-up-evidence"),
    path("follow-up/options/", views.follow_up_options, name="follow-up-options"),
    path(
        "reviews/<int:pk>/follow-up/publication/", views.follow_up_publication, name="follow-up-publication"
    ),
]
