"""The facilitator's pages of a group's cooperation network (namespace `network`, under
/<lang>/network/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.network import views

app_name = "network"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.network_map, name="map"),
    path("<slug:slug>/map.json", views.map_data, name="map_data"),
    path("<slug:slug>/organisations/<int:pk>/", views.organisation, name="organisation"),
    path("<slug:slug>/gaps/", views.gaps, name="gaps"),
    path("<slug:slug>/network.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/network.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/network.gexf", views.export_gexf, name="export_gexf"),
    path("<slug:slug>/ties.xlsx", views.ties_export, name="ties_export_xlsx"),
    path("<slug:slug>/ties/new/", views.tie_create, name="tie_create"),
    path("<slug:slug>/ties/import/", views.ties_import, name="ties_import"),
    path("<slug:slug>/ties/<int:pk>/edit/", views.tie_edit, name="tie_edit"),
    path("<slug:slug>/ties/<int:pk>/end/", views.tie_end, name="tie_end"),
    path("<slug:slug>/ties/<int:pk>/delete/", views.tie_delete, name="tie_delete"),
]
