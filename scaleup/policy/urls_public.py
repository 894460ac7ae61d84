"""The public accountability pages (namespace `accountability`, under /<lang>/instruments/):
what the groups recommended for each policy instrument and what became of it."""

from django.urls import URLPattern, URLResolver, path

from scaleup.policy import views

app_name = "accountability"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.instruments, name="instruments"),
    path("<int:pk>/", views.instrument, name="instrument"),
    path("recommendations/<int:pk>/", views.public_recommendation, name="recommendation"),
    path("statements/<int:pk>/", views.public_statement, name="statement"),
]
