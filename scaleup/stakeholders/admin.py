"""Back office for the stakeholder registry: organisations, people, groups and applications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scaleup.core.admin import HTTPS_URLS
from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.stakeholders import invitations, services
from scaleup.stakeholders.models import (
    Application,
    GroupDocument,
    Invitation,
    Membership,
    Organisation,
    Person,
    StakeholderGroup,
)


class PersonInlineFormSet(forms.BaseInlineFormSet):
    """E-mail addresses are unique regardless of case; catch duplicates within one save."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            email = (form.cleaned_data.get("email") or "").lower()
            if not email:
                continue
            if email in seen:
                form.add_error("email", _("This e-mail address is given twice."))
            seen.add(email)


class PersonInline(admin.TabularInline):
    model = Person
    formset = PersonInlineFormSet
    fields = ("first_name", "last_name", "email", "phone", "position")
    extra = 0


class OrganisationMembershipInline(admin.TabularInline):
    """The groups an organisation belongs to, shown on the organisation."""

    model = Membership
    fk_name = "organisation"
    fields = ("group", "joined_on", "left_on")
    autocomplete_fields = ("group",)
    extra = 0


class GroupMembershipInline(admin.TabularInline):
    """The member organisations, shown on the group."""

    model = Membership
    fk_name = "group"
    fields = ("organisation", "joined_on", "left_on")
    autocomplete_fields = ("organisation",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "city", "country", "in_open_data", "is_demo")
    list_filter = ("kind", "country", "in_open_data", "is_demo", "memberships__group")
    search_fields = ("name", "city", "email")
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = HTTPS_URLS
    inlines = (PersonInline, OrganisationMembershipInline)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("last_name", "first_name", "email", "phone", "organisation", "position")
    list_filter = ("organisation__kind", "organisation__memberships__group")
    search_fields = ("first_name", "last_name", "email", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(AuditedModelAdmin):
    list_display = (
        "name_pl",
        "partner",
        "policy_instrument",
        "accepts_applications",
        "member_count",
    )
    list_filter = ("accepts_applications", "policy_instrument", "partner__project")
    search_fields = ("name_pl", "name_en", "slug")
    list_select_related = ("partner", "policy_instrument")
    prepopulated_fields = {"slug": ("name_pl",)}
    autocomplete_fields = ("partner", "policy_instrument")
    inlines = (GroupMembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[StakeholderGroup]:
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: StakeholderGroup) -> int:
        return int(getattr(obj, "member_total", 0))


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("organisation", "group", "joined_on", "left_on")
    list_filter = ("group", "organisation__kind", "joined_on", "left_on")
    search_fields = ("organisation__name", "group__name_pl", "group__name_en")
    list_select_related = ("organisation", "group")
    autocomplete_fields = ("group", "organisation", "contacts")
    date_hierarchy = "joined_on"


Decision = Callable[..., Application]


@admin.register(Application)
class ApplicationAdmin(AuditedModelAdmin):
    """Facilitators decide applications with the two actions; the status is never typed in.

    Applications come only from the public form (which records the privacy consent),
    so they cannot be added here.
    """

    list_display = (
        "organisation_name",
        "organisation_kind",
        "group",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    )
    list_filter = ("status", "group", "organisation_kind", "created_at")
    search_fields = (
        "organisation_name",
        "contact_email",
        "contact_first_name",
        "contact_last_name",
        "city",
    )
    list_select_related = ("group", "decided_by")
    actions = ("approve_selected", "reject_selected")
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (
            _("Organisation"),
            {"fields": ("group", "organisation_name", "organisation_kind", "city", "website")},
        ),
        (
            _("Contact person"),
            {
                "fields": (
                    "contact_first_name",
                    "contact_last_name",
                    "contact_email",
                    "contact_position",
                )
            },
        ),
        (None, {"fields": ("motivation", "consent_given_at", "created_at")}),
        (
            _("Decision"),
            {
                "fields": (
                    "status",
                    "decision_note",
                    "decided_at",
                    "decided_by",
                    "organisation",
                ),
                "description": _(
                    "Decide with the actions “Approve selected applications” or “Reject "
                    "selected applications” on the list. A note written here while the "
                    "application is pending is kept with the decision."
                ),
            },
        ),
    )
    _decision_fields = ("status", "decided_at", "decided_by", "organisation")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields: tuple[str, ...] = ("consent_given_at", "created_at", *self._decision_fields)
        if obj is not None and obj.status != Application.Status.PENDING:
            fields = (*fields, "group", "decision_note")
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        pending_rank = Case(
            When(status=Application.Status.PENDING, then=Value(0)), default=Value(1)
        )
        # Not super(): it orders by get_ordering(), which needs the annotation first.
        queryset = self.model._default_manager.get_queryset().annotate(pending_rank=pending_rank)
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["pending_rank", "-created_at"]  # pending applications first

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _decide(
        self,
        request: HttpRequest,
        queryset: QuerySet[Application],
        decide: Decision,
        done_message: Callable[[int], str],
        failed_message: str,
    ) -> None:
        done = 0
        for application in queryset.select_related("group"):
            try:
                decide(
                    application=application,
                    actor=request.user,
                    note=application.decision_note,
                )
            except ValidationError as error:
                self.message_user(
                    request,
                    failed_message
                    % {"name": application.organisation_name, "error": " ".join(error.messages)},
                    level=messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), level=messages.SUCCESS)

    @admin.action(description=_("Approve selected applications"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        self._decide(
            request,
            queryset,
            services.approve_application,
            lambda count: (
                ngettext(
                    "Approved %(count)d application; the organisation is now a member.",
                    "Approved %(count)d applications; the organisations are now members.",
                    count,
                )
                % {"count": count}
            ),
            str(_("Could not approve the application from %(name)s: %(error)s")),
        )

    @admin.action(description=_("Reject selected applications"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        self._decide(
            request,
            queryset,
            services.reject_application,
            lambda count: (
                ngettext(
                    "Rejected %(count)d application.", "Rejected %(count)d applications.", count
                )
                % {"count": count}
            ),
            str(_("Could not reject the application from %(name)s: %(error)s")),
        )


@admin.register(Invitation)
class InvitationAdmin(AuditedModelAdmin):
    """Invitations are sent from the facilitator workspace (mail, code); here they are
    looked up and, if need be, withdrawn with the action."""

    list_display = (
        "email",
        "organisation",
        "group",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("group", "language", "created_at", "accepted_at", "revoked_at")
    search_fields = ("email", "first_name", "last_name", "organisation__name")
    list_select_related = ("organisation", "group")
    readonly_fields = (
        "group",
        "email",
        "first_name",
        "last_name",
        "organisation",
        "language",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    exclude = ("token", "code")  # they act as passwords: never shown after the mail
    actions = ("revoke_selected",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Withdraw selected invitations"), permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        for invitation in queryset:
            try:
                invitations.revoke_invitation(invitation=invitation, actor=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{invitation}: {' '.join(error.messages)}", level=messages.ERROR
                )


@admin.register(GroupDocument)
class GroupDocumentAdmin(AuditedModelAdmin):
    """Members' documents are uploaded in the workspace (validated there); here one can
    correct a title or description, or delete a document."""

    list_display = ("title", "group", "content_type", "size", "uploaded_by", "created_at")
    list_filter = ("group", "content_type", "created_at")
    search_fields = ("title", "description", "group__name_pl", "group__name_en")
    list_select_related = ("group", "uploaded_by")
    fields = ("group", "title", "description", "file_name", "content_type", "size", "uploaded_by")
    readonly_fields = ("group", "file_name", "content_type", "size", "uploaded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("file"))
    def file_name(self, obj: GroupDocument) -> str:
        """The stored name only: the file is private, served by a permission-checked view."""
        return obj.file.name.rsplit("/", 1)[-1] if obj.file else ""
