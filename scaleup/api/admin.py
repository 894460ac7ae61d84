from __future__ import annotations

from django.contrib import admin

from scaleup.api.models import ApiToken
from scaleup.core.admin_readonly import ReadOnlyModelAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyModelAdmin[ApiToken]):
    """Read-only: tokens are made and revoked by their owners; the key is never stored."""

    list_display = ("name", "user", "key_start", "created_at", "expires_at", "last_used_at")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "user__email", "key_start")
    list_select_related = ("user",)
    fields = (
        "user",
        "name",
        "key_start",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
