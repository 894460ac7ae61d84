from __future__ import annotations

from django.contrib import admin

from scaleup.core.admin_readonly import ReadOnlyModelAdmin
from scaleup.privacy.models import ConsentRecord


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyModelAdmin[ConsentRecord]):
    """Consents are proof: given and withdrawn by the person only (services), read here."""

    list_display = ("email", "purpose", "context", "text_version", "given_at", "withdrawn_at")
    list_filter = ("purpose", "text_version", "given_at", "withdrawn_at")
    search_fields = ("email", "context", "user__email")
    date_hierarchy = "given_at"
    list_select_related = ("user",)
    fields = ("user", "email", "purpose", "context", "text_version", "given_at", "withdrawn_at")
    readonly_fields = fields
