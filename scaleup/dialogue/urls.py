"""Workshop pages: the participants' phones and the facilitator's projector."""

from django.urls import URLPattern, URLResolver

from scaleup.dialogue.urls_participant import urlpatterns as participant_urls
from scaleup.dialogue.urls_projector import urlpatterns as projector_urls

app_name = "dialogue"
urlpatterns: list[URLPattern | URLResolver] = [*participant_urls, *projector_urls]
