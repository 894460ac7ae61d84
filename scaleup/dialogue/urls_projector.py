"""The facilitator's pages of a conversation (namespace `dialogue`, under /<lang>/workshops/)."""

from django.urls import URLPattern, URLResolver, path

from scaleup.dialogue import views_projector as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/projector/", views.projector, name="projector"),
    path("<slug:slug>/projector/live/", views.projector_live, name="projector_live"),
    path("<slug:slug>/projector/events/", views.projector_events, name="projector_events"),
    path("<slug:slug>/moderation/", views.moderation, name="moderation"),
    path("<slug:slug>/close/", views.conversation_close, name="conversation_close"),
    path("<slug:slug>/open/", views.conversation_open, name="conversation_open"),
]
