from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "scaleup.actionplans"
    label = "actionplans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from scaleup.actionplans.jobs import register_kinds

        register_kinds()
