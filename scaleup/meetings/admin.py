"""Back office for meetings: agenda, photos, registrations and attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.core.admin_uploads import StorageRefusalAdminMixin
from scaleup.core.audit import record
from scaleup.meetings import services
from scaleup.meetings.forms_admin import PhotoAdminForm
from scaleup.meetings.models import AgendaItem, Meeting, Photo, Registration


def _photo_preview(photo: Photo | None) -> SafeString | str:
    if photo is None or not photo.thumbnail:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="160">',  # an attribute: the CSP refuses inline styles
        photo.thumbnail.url,
        photo.alt_text_pl,
    )


def _record_new_photo(request: HttpRequest, photo: Photo) -> None:
    """The audit entry `services.add_photo` writes, for photos added in the back office."""
    record(actor=request.user, action="meetings.photo.added", target=photo)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ("position", "starts_at", "title_pl", "title_en", "speaker")
    extra = 0


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoAdminForm
    fields = (
        "preview",
        "image",
        "position",
        ("alt_text_pl", "alt_text_en"),
        ("caption_pl", "caption_en"),
    )
    readonly_fields = ("preview",)
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, obj: Photo | None) -> SafeString | str:
        return _photo_preview(obj)


@admin.register(Meeting)
class MeetingAdmin(StorageRefusalAdminMixin, AuditedModelAdmin):  # photos inline
    list_display = (
        "starts_at",
        "title_pl",
        "group",
        "format",
        "is_published",
        "registration_open",
        "capacity",
        "confirmed",
        "waitlisted",
    )
    list_filter = ("group", "format", "is_published", "registration_open", "starts_at")
    search_fields = ("title_pl", "title_en", "venue_pl", "slug")
    list_select_related = ("group",)
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title_pl",)}
    autocomplete_fields = ("group",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (AgendaItemInline, PhotoInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "group",
                    "format",
                    "title_pl",
                    "title_en",
                    "slug",
                    "theme_pl",
                    "theme_en",
                )
            },
        ),
        (
            _("When and where"),
            {"fields": (("starts_at", "ends_at"), "venue_pl", "venue_en", "address")},
        ),
        (_("Registration"), {"fields": ("capacity", "registration_open", "is_published")}),
        (_("Minutes"), {"fields": ("minutes_pl", "minutes_en"), "classes": ("collapse",)}),
        (_("History"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.CONFIRMED),
                ),
                waitlisted_total=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.WAITLISTED),
                ),
            )
        )

    def _registrations_link(self, meeting: Meeting, status: str, count: int) -> SafeString:
        url = reverse("admin:meetings_registration_changelist")
        return format_html(
            '<a href="{}?meeting__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            meeting.pk,
            status,
            count,
        )

    @admin.display(description=_("confirmed"), ordering="confirmed_total")
    def confirmed(self, obj: Meeting) -> SafeString:
        count = int(getattr(obj, "confirmed_total", 0))
        return self._registrations_link(obj, Registration.Status.CONFIRMED, count)

    @admin.display(description=_("waiting list"), ordering="waitlisted_total")
    def waitlisted(self, obj: Meeting) -> SafeString:
        count = int(getattr(obj, "waitlisted_total", 0))
        return self._registrations_link(obj, Registration.Status.WAITLISTED, count)

    def save_model(
        self, request: HttpRequest, obj: Meeting, form: ModelForm[Meeting], change: bool
    ) -> None:
        promoted = services.save_meeting(meeting=obj, actor=request.user)
        if promoted:
            self.message_user(
                request,
                _("Seats given to the waiting list: %(names)s.")
                % {"names": ", ".join(r.full_name for r in promoted)},
                level=messages.SUCCESS,
            )

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Meeting],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        if formset.model is not Photo:
            super().save_formset(request, form, formset, change)
            return
        photos = formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
        for photo in photos:
            is_new = photo.pk is None
            if is_new:
                photo.uploaded_by = request.user
            photo.save()
            if is_new:
                _record_new_photo(request, photo)
        formset.save_m2m()


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedModelAdmin):
    list_display = ("title_pl", "meeting", "position", "starts_at", "speaker")
    list_filter = ("meeting",)
    search_fields = ("title_pl", "title_en", "speaker")
    list_select_related = ("meeting",)
    autocomplete_fields = ("meeting",)
    ordering = ("meeting", "position")


@admin.register(Photo)
class PhotoAdmin(StorageRefusalAdminMixin, AuditedModelAdmin):
    form = PhotoAdminForm
    list_display = ("preview", "alt_text_pl", "meeting", "position", "uploaded_by", "created_at")
    list_display_links = ("preview", "alt_text_pl")
    list_filter = ("meeting", "meeting__group", "created_at")
    search_fields = ("alt_text_pl", "alt_text_en", "caption_pl", "caption_en")
    list_select_related = ("meeting", "uploaded_by")
    autocomplete_fields = ("meeting",)
    readonly_fields = ("preview", "width", "height", "uploaded_by", "created_at")
    fields = (
        "meeting",
        "position",
        "image",
        "preview",
        ("width", "height"),
        "alt_text_pl",
        "alt_text_en",
        "caption_pl",
        "caption_en",
        "uploaded_by",
        "created_at",
    )

    @admin.display(description=_("preview"))
    def preview(self, obj: Photo | None) -> SafeString | str:
        return _photo_preview(obj)

    def save_model(self, request: HttpRequest, obj: Photo, form: Any, change: bool) -> None:
        if not change:
            obj.uploaded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        if not change:
            _record_new_photo(request, obj)


@admin.register(Registration)
class RegistrationAdmin(AuditedModelAdmin):
    """Seats are taken through the public form; here facilitators cancel and record attendance.

    Status and attendance change only through the actions, so the waiting list and the
    attendance audit stay right.
    """

    list_display = (
        "full_name",
        "email",
        "organisation_name",
        "organisation_kind",
        "meeting",
        "status",
        "attended",
        "created_at",
    )
    list_filter = ("meeting", "status", "attended", "organisation_kind", "image_consent")
    search_fields = ("full_name", "email", "organisation_name")
    list_select_related = ("meeting",)
    autocomplete_fields = ("organisation",)
    actions = ("mark_attended", "mark_not_attended", "cancel_selected")
    fields = (
        "meeting",
        "full_name",
        "email",
        "organisation_name",
        "organisation_kind",
        "organisation",
        "status",
        "image_consent",
        "consent_given_at",
        "attended",
        "attendance_marked_at",
        "created_at",
    )
    readonly_fields = (
        "meeting",
        "status",
        "image_consent",
        "consent_given_at",
        "attended",
        "attendance_marked_at",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Registration, form: Any, change: bool) -> None:
        if "email" in form.changed_data:
            # A typo corrected: the person is the one of the address now given.
            obj.person = services.person_for(obj.email)
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        """Deleting would free a seat past the waiting list and the audit; cancel instead."""
        return False

    def _mark(self, request: HttpRequest, queryset: QuerySet[Registration], attended: bool) -> None:
        try:
            count = services.mark_attendance(
                registrations=queryset, attended=attended, actor=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
            return
        message = (
            ngettext(
                "Marked %(count)d registration as attended.",
                "Marked %(count)d registrations as attended.",
                count,
            )
            if attended
            else ngettext(
                "Marked %(count)d registration as not attended.",
                "Marked %(count)d registrations as not attended.",
                count,
            )
        )
        self.message_user(request, message % {"count": count}, level=messages.SUCCESS)

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._mark(request, queryset, attended=True)

    @admin.action(description=_("Mark as not attended"), permissions=["change"])
    def mark_not_attended(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._mark(request, queryset, attended=False)

    @admin.action(
        description=_("Cancel registration (the first person waiting gets the seat)"),
        permissions=["change"],
    )
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        cancelled = 0
        promoted: list[str] = []
        for registration in queryset.order_by("created_at", "id"):
            if registration.status == Registration.Status.CANCELLED:
                self.message_user(
                    request,
                    _("%(name)s's registration was already cancelled.")
                    % {"name": registration.full_name},
                    level=messages.WARNING,
                )
                continue
            try:
                moved_up = services.cancel_registration(
                    registration=registration, actor=request.user
                )
            except ValidationError as error:
                self.message_user(
                    request,
                    _("Could not cancel %(name)s's registration: %(error)s")
                    % {"name": registration.full_name, "error": " ".join(error.messages)},
                    level=messages.ERROR,
                )
                continue
            cancelled += 1
            if moved_up is not None:
                promoted.append(moved_up.full_name)
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "Cancelled %(count)d registration.",
                    "Cancelled %(count)d registrations.",
                    cancelled,
                )
                % {"count": cancelled},
                level=messages.SUCCESS,
            )
        if promoted:
            self.message_user(
                request,
                _("Given a seat from the waiting list: %(names)s.")
                % {"names": ", ".join(promoted)},
                level=messages.SUCCESS,
            )
