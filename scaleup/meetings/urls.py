from django.urls import path

from scaleup.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar.ics", views.meetings_ical, name="ical"),
    path("registration/<uuid:token>/", views.registration_status, name="registration"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
]
