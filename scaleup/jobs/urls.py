from django.urls import path

from scaleup.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/download/", views.job_download, name="download"),
    path("<uuid:job_id>/retry/", views.job_retry, name="retry"),
    path("<uuid:job_id>/delete/", views.job_delete, name="delete"),
]
