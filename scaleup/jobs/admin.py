from __future__ import annotations

from django.contrib import admin

from scaleup.core.admin_readonly import ReadOnlyModelAdmin
from scaleup.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyModelAdmin[Job]):
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
