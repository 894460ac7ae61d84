"""Back office for action plans (audited edits)."""

from __future__ import annotations

from django.contrib import admin

from scaleup.actionplans.models import Action, ActionPlan, MonitoringNote
from scaleup.core.admin_audit import AuditedModelAdmin


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedModelAdmin[ActionPlan]):
    list_display = ("partner", "instrument", "instrument_type", "updated_at")
    list_filter = ("instrument_type", "partner")
    search_fields = ("partner__name", "instrument__code", "contact_name")
    list_select_related = ("partner", "instrument")


@admin.register(Action)
class ActionAdmin(AuditedModelAdmin[Action]):
    list_display = ("title_pl", "plan", "position", "starts_on", "ends_on")
    list_filter = ("plan",)
    search_fields = ("title_pl", "title_en", "description_pl")
    list_select_related = ("plan__partner", "plan__instrument")
    filter_horizontal = ("recommendations", "practices")


@admin.register(MonitoringNote)
class MonitoringNoteAdmin(AuditedModelAdmin[MonitoringNote]):
    list_display = ("action", "phase", "noted_on", "progress")
    list_filter = ("phase", "progress")
    search_fields = ("text", "action__title_pl")
    list_select_related = ("action",)
