from django.urls import path

from irm.lots import views

app_name = "lots"
urlpatterns = [
    path("", views.index, name="index"),
    path("cycle/<int:number>/", views.cycle_page, name="cycle"),
    path("cycle/<int:number>/pairings.<str:fmt>", views.pairings_export, name="pairings-export"),
    path("cycle/<int:number>/live/", views.live, name="live"),
    path("cycle/<int:number>/live/draw/", views.live_draw, name="live-draw"),
    path("cycle/<int:number>/redraw/", views.redraw_requests, name="redraw-requests"),
    path("cycle/<int:number>/redraw/<int:pk>/", views.redraw_request_action, name="redraw-request-action"),
]
