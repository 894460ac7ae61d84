"""Back office for news posts and static pages. Every save goes through the news services,
which sanitise the HTML bodies and write the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.news import services
from scaleup.news.models import Page, Post


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = (
            "title_pl",
            "title_en",
            "slug",
            "lead_pl",
            "lead_en",
            "body_pl",
            "body_en",
            "meeting",
            "status",
            "published_at",
        )
        help_texts = {
            "published_at": _(
                "If you publish without a date, the post is dated now. "
                "A future date delays publication until then."
            )
        }

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        # A published post needs a date (a check constraint says so); publishing now is meant.
        if cleaned_data.get("status") == Post.Status.PUBLISHED and not cleaned_data.get(
            "published_at"
        ):
            cleaned_data["published_at"] = timezone.now()
        return cleaned_data


@admin.register(Post)
class PostAdmin(AuditedModelAdmin):
    form = PostAdminForm
    list_display = ("title_pl", "status", "published_at", "meeting", "author")
    list_filter = ("status", "published_at", "meeting")
    search_fields = ("title_pl", "title_en", "slug")
    list_select_related = ("meeting", "author")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_pl",)}
    autocomplete_fields = ("meeting",)
    readonly_fields = ("author", "created_at", "updated_at")
    actions = ("publish_selected",)
    fieldsets = (
        (None, {"fields": ("title_pl", "title_en", "slug")}),
        (
            _("Content"),
            {
                "fields": ("lead_pl", "lead_en", "body_pl", "body_en", "meeting"),
                "description": _(
                    "Bodies are HTML. Scripts, styles and unknown tags are removed on saving."
                ),
            },
        ),
        (_("Publication"), {"fields": ("status", "published_at", "author")}),
        (_("History"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        if not change and obj.author_id is None:
            obj.author = request.user  # type: ignore[assignment]
        services.save_post(post=obj, actor=request.user)

    @admin.action(description=_("Publish selected posts"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        published = 0
        already = 0
        for post in queryset:
            if post.status == Post.Status.PUBLISHED:
                already += 1
                continue
            services.publish_post(post=post, actor=request.user)
            published += 1
        if published:
            self.message_user(
                request,
                ngettext("Published %(count)d post.", "Published %(count)d posts.", published)
                % {"count": published},
                level=messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(count)d post was already published.",
                    "%(count)d posts were already published.",
                    already,
                )
                % {"count": already},
                level=messages.INFO,
            )


@admin.register(Page)
class PageAdmin(AuditedModelAdmin):
    list_display = ("title_pl", "slug", "is_published", "in_footer", "position")
    list_editable = ("position",)
    list_filter = ("is_published", "in_footer")
    search_fields = ("title_pl", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_pl",)}
    readonly_fields = ("created_at", "updated_at")
    fields = (
        "title_pl",
        "title_en",
        "slug",
        "body_pl",
        "body_en",
        ("is_published", "in_footer", "position"),
        "created_at",
        "updated_at",
    )

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        services.save_page(page=obj, actor=request.user)
