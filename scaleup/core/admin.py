"""Back office for the portal's configuration and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.core.admin_readonly import ReadOnlyModelAdmin
from scaleup.core.models import AuditEntry, SiteConfiguration

# Addresses typed without a scheme are taken as https (Django 6.0's default).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(SiteConfiguration)
class SiteConfigurationAdmin(AuditedModelAdmin):
    """The portal has exactly one configuration row (id 1): it can be added once, never deleted."""

    list_display = (
        "portal_name_pl",
        "operator_name",
        "contact_email",
        "shows_demo_data",
        "a11y_status",
    )
    list_filter = ("shows_demo_data", "a11y_status")
    search_fields = ("portal_name_pl", "portal_name_en", "operator_name")
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "portal_name_pl",
                    "portal_name_en",
                    "operator_name",
                    "contact_email",
                    "shows_demo_data",
                )
            },
        ),
        (_("Social media"), {"fields": ("facebook_url", "x_url", "youtube_url")}),
        (
            _("Accessibility declaration"),
            {
                "fields": (
                    "a11y_status",
                    ("a11y_published_on", "a11y_updated_on"),
                    ("a11y_prepared_on", "a11y_reviewed_on"),
                    "a11y_notes_pl",
                    "a11y_notes_en",
                    "a11y_assessment_pl",
                    "a11y_assessment_en",
                    "a11y_contact_person",
                    "a11y_contact_email",
                    "a11y_contact_phone",
                    "a11y_architecture_pl",
                    "a11y_architecture_en",
                )
            },
        ),
        (_("History"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SiteConfiguration.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: SiteConfiguration, form: Any, change: bool
    ) -> None:
        if not change:
            obj.pk = 1  # a check constraint allows only this id
        super().save_model(request, obj, form, change)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin[AuditEntry]):
    """The audit log is written by services only; here it can be read, never altered."""

    list_display = ("created_at", "action", "target_repr", "target_type", "actor")
    list_filter = ("action", "target_type", "created_at")
    search_fields = ("target_repr", "action", "target_id")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "target_type")
    fields = ("created_at", "actor", "action", "target_type", "target_id", "target_repr", "data")
    readonly_fields = fields
