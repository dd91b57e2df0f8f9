from django.urls import path

from irm.followup import views

app_name = "followup"
urlpatterns = [
    path("reviews/<int:pk>/", views.review_follow_up, name="review"),
    path("compilations/", views.compilations, name="compilations"),
    path("compilations/chart.svg", views.compilations_chart, name="compilations-chart"),
    path("compilations/export.<str:fmt>", views.compilations_export, name="compilations-export"),
]
