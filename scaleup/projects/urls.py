from django.urls import path

from scaleup.projects import views

app_name = "projects"
urlpatterns = [path("", views.project_detail, name="detail")]
