from django.urls import path

from irm.web import calendar, reference_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<str:iso3>/", views.party_detail, name="party-detail"),
    path("parties/<str:iso3>/correct/", reference_views.party_correct, name="party-correct"),
    path("convention/", views.convention, name="convention"),
    path("cycles/", views.cycle_list, name="cycle-list"),
    path("cycles/<int:number>/", views.cycle_detail, name="cycle-detail"),
    path("calendar/<str:token>.ics", calendar.personal_feed, name="calendar-feed"),
]
