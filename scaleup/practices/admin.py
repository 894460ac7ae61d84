"""Back office for good practices and lessons learnt (audited edits)."""

from __future__ import annotations

from django.contrib import admin

from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.practices.models import GoodPractice, Lesson


@admin.register(GoodPractice)
class GoodPracticeAdmin(AuditedModelAdmin[GoodPractice]):
    list_display = ("title", "partner", "country", "sector", "is_published")
    list_filter = ("is_published", "country", "partner")
    search_fields = ("title", "summary", "region", "sector")
    list_select_related = ("partner",)
    filter_horizontal = ("themes",)


@admin.register(Lesson)
class LessonAdmin(AuditedModelAdmin[Lesson]):
    list_display = ("meeting", "created_at")
    list_filter = ("meeting__format",)
    search_fields = ("text", "meeting__title_pl")
    list_select_related = ("meeting",)
    filter_horizontal = ("practices",)
