from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "scaleup.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from scaleup.practices.personal_data import register_providers

        register_providers()
