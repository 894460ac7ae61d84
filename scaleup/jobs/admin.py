from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scaleup.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Read-only: jobs change state through their services and the worker alone."""

    list_display = ("title", "kind", "owner", "state", "attempts", "created_at", "finished_at")
    list_filter = ("state", "kind", "created_at")
    search_fields = ("title", "owner__email")
    date_hierarchy = "created_at"
    list_select_related = ("owner",)
    fields = (
        "title",
        "kind",
        "params",
        "owner",
        "language",
        "state",
        "attempts",
        "max_attempts",
        "done",
        "total",
        "error",
        "created_at",
        "started_at",
        "heartbeat_at",
        "retry_at",
        "finished_at",
        "filename",
        "content_type",
        "size",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
