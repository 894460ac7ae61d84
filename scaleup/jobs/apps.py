from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "scaleup.jobs"
    label = "jobs"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from scaleup.jobs import signals  # noqa: F401 - connects the receivers
        from scaleup.jobs.personal_data import register_providers

        register_providers()
