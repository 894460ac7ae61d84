from django.urls import path

from scaleup.stakeholders import views, views_public

app_name = "stakeholders"
urlpatterns = [
    path("", views.join, name="join"),
    path("thanks/", views.join_thanks, name="thanks"),
    path("invitation/", views_public.invitation_code, name="invitation_code"),
    path("invitation/<str:token>/", views_public.invitation, name="invitation"),
    path("groups/<slug:slug>/", views_public.group, name="group"),
]
