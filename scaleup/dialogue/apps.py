from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "scaleup.dialogue"
    label = "dialogue"
    verbose_name = _("Live workshops")

    def ready(self) -> None:
        from scaleup.dialogue.jobs import register_kinds
        from scaleup.dialogue.personal_data import register_providers

        register_providers()
        register_kinds()
