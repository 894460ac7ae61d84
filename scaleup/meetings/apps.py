from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "scaleup.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from scaleup.meetings import signals  # noqa: F401 - connects the receivers
        from scaleup.meetings.personal_data import register_providers

        register_providers()
