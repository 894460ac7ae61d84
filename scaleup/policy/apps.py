from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "scaleup.policy"
    label = "policy"
    verbose_name = _("From insights to policy")

    def ready(self) -> None:
        from scaleup.policy.personal_data import register_providers

        register_providers()
