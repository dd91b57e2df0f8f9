from django.urls import path

from irm.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("status/<int:cycle>/", views.status_page, name="status"),
    path("status/<int:cycle>/chart.svg", views.status_chart, name="status-chart"),
    path("cycle/<int:cycle>/", views.overview, name="overview"),
    path("cycle/<int:cycle>/timeline/", views.timeline_settings, name="timeline-settings"),
    path("cycle/<int:cycle>/reminders/", views.reminder_settings, name="reminder-settings"),
    path("deadlines/", views.my_deadlines, name="deadlines"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<int:cycle>/<str:iso3>/", views.review_public, name="review"),
    path("<int:cycle>/<str:iso3>/workflow/", views.review_workflow, name="workflow"),
    path("<int:cycle>/<str:iso3>/timeline.svg", views.review_timeline_chart, name="timeline-chart"),
    path("<int:cycle>/<str:iso3>/do/<slug:action>/", views.review_action, name="action"),
]
