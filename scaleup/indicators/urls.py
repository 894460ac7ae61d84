"""Indicators (namespace `indicators`, under /<lang>/indicators/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.indicators import views

app_name = "indicators"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("partners/<int:pk>/values/", views.record_value, name="record_value"),
    path("values/<int:pk>/delete/", views.delete_value, name="delete_value"),
    path("report/", views.report, name="report"),
    path("export.xlsx", views.export, name="export"),
]
