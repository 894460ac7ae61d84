"""The phones' vote API under /live/v1/ (no language prefix): Django's server of it.
On PostgreSQL `scaleup.asgi` answers these paths before Django (`live_api`)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.dialogue import views_live

app_name = "live"
urlpatterns: list[URLPattern | URLResolver] = [
    path("conversations/<slug:slug>/next", views_live.next_statement, name="next"),
    path("conversations/<slug:slug>/votes", views_live.vote, name="votes"),
]
