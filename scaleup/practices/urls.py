"""Good practices (namespace `practices`, under /<lang>/practices/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.practices import views

app_name = "practices"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library, name="library"),
    path("manage/", views.manage, name="manage"),
    path("manage/practices.xlsx", views.manage_export, name="manage_export_xlsx"),
    path("manage/new/", views.practice_create, name="practice_create"),
    path("manage/<slug:slug>/edit/", views.practice_edit, name="practice_edit"),
    path("events/<int:pk>/lessons/", views.lessons, name="lessons"),
    path("events/<int:pk>/lessons.xlsx", views.lessons_export, name="lessons_export_xlsx"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
    path("<slug:slug>/", views.detail, name="detail"),
]
