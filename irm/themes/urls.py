from django.urls import path

from irm.themes import views

app_name = "themes"
urlpatterns = [
    path("", views.theme_list, name="list"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:review_id>/", views.review_suggestions, name="review-suggestions"),
]
