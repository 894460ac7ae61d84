"""Back office for recommendations: read-only. Drafting, editing and every move of the
lifecycle go through the group's pages (`policy.services`), which keep the history."""

from __future__ import annotations

from django.contrib import admin

from scaleup.core.admin_audit import ReadOnlyModelAdmin
from scaleup.policy.models import (
    Endorsement,
    Recommendation,
    RecommendationStatement,
    Transition,
)


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyModelAdmin):
    list_display = ("title_pl", "group", "instrument", "measure", "state", "updated_at")
    list_filter = ("state", "group", "instrument")
    search_fields = ("title_pl", "title_en", "text_pl")
    list_select_related = ("group", "instrument", "measure")


@admin.register(Transition)
class TransitionAdmin(ReadOnlyModelAdmin):
    list_display = ("recommendation", "from_state", "to_state", "actor_name", "created_at")
    list_filter = ("to_state",)
    search_fields = ("recommendation__title_pl", "comment")
    list_select_related = ("recommendation",)


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyModelAdmin):
    list_display = ("recommendation", "membership", "created_at")
    list_filter = ("recommendation__state",)
    search_fields = ("recommendation__title_pl", "membership__organisation__name")
    list_select_related = ("recommendation", "membership__organisation")


@admin.register(RecommendationStatement)
class RecommendationStatementAdmin(ReadOnlyModelAdmin):
    list_display = ("recommendation", "statement", "position")
    list_filter = ("recommendation__state",)
    search_fields = ("recommendation__title_pl", "statement__text")
    list_select_related = ("recommendation", "statement")
