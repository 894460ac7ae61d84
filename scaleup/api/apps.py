from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "scaleup.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from scaleup.api.personal_data import register_providers

        register_providers()
