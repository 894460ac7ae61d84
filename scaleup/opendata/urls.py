"""Open data (namespace `opendata`, under /<lang>/open-data/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.opendata import views

app_name = "opendata"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<slug:slug>.csv", views.download, name="download"),
    path("workshops/<slug:slug>/<slug:file>.csv", views.workshop_file, name="workshop_file"),
]
