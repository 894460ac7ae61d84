from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "scaleup.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from scaleup.core.backup import register_seeded_table
        from scaleup.indicators.jobs import register_kinds
        from scaleup.indicators.models import Indicator

        register_kinds()
        register_seeded_table(Indicator._meta.db_table)
