from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "scaleup.policy"
    label = "policy"
    verbose_name = _("From insights to policy")

    def ready(self) -> None:
        from scaleup.policy.personal_data import register_providers
        from scaleup.policy.selectors import recommendations_inspired_by
        from scaleup.practices import links

        register_providers()
        links.register(recommendations_inspired_by)
