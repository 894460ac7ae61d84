"""Action plans (namespace `actionplans`, under /<lang>/action-plans/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.actionplans import views

app_name = "actionplans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("plans.xlsx", views.index_export, name="index_export_xlsx"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("<int:pk>/export.<str:file_format>", views.export, name="export"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("actions/<int:pk>/notes/", views.note_add, name="note_add"),
]
