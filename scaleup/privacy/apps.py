from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "scaleup.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from scaleup.privacy.providers import AccountProvider, ConsentProvider
        from scaleup.privacy.registry import register

        register(AccountProvider())
        register(ConsentProvider())
