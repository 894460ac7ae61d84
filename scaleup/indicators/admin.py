"""Back office for the indicator catalogue (audited edits) and the entered values."""

from __future__ import annotations

from django.contrib import admin

from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.core.admin_readonly import ReadOnlyModelAdmin
from scaleup.indicators.models import Indicator, ManualValue


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin[Indicator]):
    list_display = ("code", "name_en", "period", "kind", "unit", "method", "position")
    list_filter = ("period", "kind", "method")
    search_fields = ("code", "name_pl", "name_en")


@admin.register(ManualValue)
class ManualValueAdmin(ReadOnlyModelAdmin[ManualValue]):
    """Entered on the partner's indicator page, where the service checks the semester."""

    list_display = ("indicator", "partner", "semester", "value", "recorded_by", "updated_at")
    list_filter = ("indicator", "partner")
    search_fields = ("indicator__code", "source")
    list_select_related = ("indicator", "partner", "recorded_by")
