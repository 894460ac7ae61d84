"""The participants' pages (namespace `dialogue`, mounted at /<lang>/workshops/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.dialogue import views_participant as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("join/", views.join, name="join"),
    path("<slug:slug>/", views.conversation_page, name="conversation"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/statement/", views.add_statement, name="statement"),
]
