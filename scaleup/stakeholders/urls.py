from django.urls import path

from scaleup.stakeholders import views

app_name = "stakeholders"
urlpatterns = [
    path("", views.join, name="join"),
    path("thanks/", views.join_thanks, name="thanks"),
]
