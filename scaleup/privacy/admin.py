from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scaleup.privacy.models import ConsentRecord


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin[ConsentRecord]):
    """Consents are proof: given and withdrawn by the person only (services), read here."""

    list_display = ("email", "purpose", "context", "text_version", "given_at", "withdrawn_at")
    list_filter = ("purpose", "text_version", "given_at", "withdrawn_at")
    search_fields = ("email", "context", "user__email")
    date_hierarchy = "given_at"
    list_select_related = ("user",)
    fields = ("user", "email", "purpose", "context", "text_version", "given_at", "withdrawn_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
