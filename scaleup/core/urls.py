from django.urls import path

from scaleup.core import views

app_name = "core"
urlpatterns = [
    path("accessibility/", views.accessibility_declaration, name="accessibility"),
]
