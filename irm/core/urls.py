from django.urls import path

from irm.core import views

app_name = "audit"
urlpatterns = [path("", views.event_list, name="events")]
