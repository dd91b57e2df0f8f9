from django.urls import path

from irm.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<str:iso3>/", views.party_detail, name="party-detail"),
    path("convention/", views.convention, name="convention"),
    path("cycles/", views.cycle_list, name="cycle-list"),
    path("cycles/<int:number>/", views.cycle_detail, name="cycle-detail"),
]
