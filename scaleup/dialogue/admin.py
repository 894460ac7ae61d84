"""Back office for live workshops. Conversations are edited here; statements are moderated
with actions that call the services; participants, votes and snapshots are read-only
(they come from the workshop itself)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scaleup.core.admin_audit import AuditedModelAdmin, ReadOnlyModelAdmin
from scaleup.dialogue import services
from scaleup.dialogue.models import (
    Conversation,
    OpinionSnapshot,
    Participant,
    RecomputeState,
    Statement,
    Vote,
    VoteEvent,
)


@admin.register(Conversation)
class ConversationAdmin(AuditedModelAdmin[Conversation]):
    list_display = ("question", "group", "meeting", "is_open", "moderation", "join_code")
    list_filter = ("is_open", "moderation", "group", "language")
    search_fields = ("question", "slug", "join_code")
    list_select_related = ("group", "meeting")
    autocomplete_fields = ("group",)
    raw_id_fields = ("meeting",)
    readonly_fields = ("join_code", "created_by", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("question",)}
    actions = ("close", "reopen")

    def save_model(self, request: HttpRequest, obj: Conversation, form: Any, change: bool) -> None:
        if obj.meeting is not None:
            obj.group = obj.meeting.group
        if not change:
            obj.join_code = services.new_join_code()
            obj.created_by = cast(Any, request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Close the selected conversations"))
    def close(self, request: HttpRequest, queryset: QuerySet[Conversation]) -> None:
        for conversation in queryset:
            services.close_conversation(conversation=conversation, actor=request.user)

    @admin.action(description=_("Reopen the selected conversations"))
    def reopen(self, request: HttpRequest, queryset: QuerySet[Conversation]) -> None:
        for conversation in queryset:
            services.open_conversation(conversation=conversation, actor=request.user)


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin[Statement]):
    list_display = ("__str__", "conversation", "kind", "state", "is_seed", "created_at")
    list_filter = ("state", "kind", "is_seed", "conversation")
    search_fields = ("text", "external_id", "conversation__question")
    list_select_related = ("conversation",)
    fields = (
        "conversation",
        "text",
        "kind",
        "language",
        "state",
        "merged_into",
        "author",
        "is_seed",
        "is_meta",
        "external_id",
        "created_at",
        "moderated_at",
    )
    readonly_fields = (
        "conversation",
        "text",
        "state",
        "merged_into",
        "author",
        "is_seed",
        "external_id",
        "created_at",
        "moderated_at",
    )
    actions = ("accept", "reject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _moderate(
        self, request: HttpRequest, queryset: QuerySet[Statement], *, accept: bool
    ) -> None:
        done = 0
        for statement in queryset:
            try:
                services.moderate_statement(statement=statement, accept=accept, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d statement moderated.", "%(count)d statements moderated.", done)
            % {"count": done},
        )

    @admin.action(description=_("Accept the selected statements"))
    def accept(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        self._moderate(request, queryset, accept=True)

    @admin.action(description=_("Reject the selected statements"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        self._moderate(request, queryset, accept=False)


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyModelAdmin):
    list_display = ("__str__", "conversation", "user", "created_at")
    list_filter = ("conversation", "created_at")
    search_fields = ("display_name", "external_id", "user__email")
    list_select_related = ("conversation", "user")
    exclude = ("seat_token_hash",)


@admin.register(Vote)
class VoteAdmin(ReadOnlyModelAdmin):
    list_display = ("statement", "participant", "value", "updated_at")
    list_filter = ("value", "statement__conversation")
    search_fields = ("statement__text", "participant__display_name")
    list_select_related = ("statement", "participant")


@admin.register(VoteEvent)
class VoteEventAdmin(ReadOnlyModelAdmin):
    list_display = ("statement", "participant", "value", "created_at")
    list_filter = ("value", "statement__conversation")
    search_fields = ("statement__text", "participant__display_name")
    list_select_related = ("statement", "participant")


@admin.register(OpinionSnapshot)
class OpinionSnapshotAdmin(ReadOnlyModelAdmin):
    list_display = ("conversation", "computed_at", "votes_count", "participants_count")
    list_filter = ("conversation", "computed_at")
    search_fields = ("conversation__question", "conversation__slug")
    list_select_related = ("conversation",)


@admin.register(RecomputeState)
class RecomputeStateAdmin(ReadOnlyModelAdmin):
    list_display = ("conversation", "pending", "running", "started_at", "finished_at", "runs")
    list_filter = ("pending", "running")
    search_fields = ("conversation__question", "conversation__slug")
    list_select_related = ("conversation",)
