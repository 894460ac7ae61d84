from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from scaleup.access import services
from scaleup.access.models import RoleAssignment
from scaleup.core.admin_audit import AuditedModelAdmin


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin[RoleAssignment]):
    list_display = ["user", "role", "partner", "project", "created_at", "granted_by"]
    list_filter = ["role", "partner", "project"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    fields = ["user", "role", "partner", "project"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a role is granted or withdrawn, never edited in place

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
    ) -> None:
        assignment = services.assign_role(
            user=obj.user,
            role=obj.role,
            partner=obj.partner,
            project=obj.project,
            actor=request.user,
        )
        obj.pk = assignment.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        services.revoke_role(assignment=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset:
            services.revoke_role(assignment=assignment, actor=request.user)


user_model = get_user_model()
admin.site.unregister(user_model)


@admin.register(user_model)
class AuditedUserAdmin(AuditedModelAdmin, UserAdmin):
    """Django's user admin, with every change (superuser flag included) in the audit log."""
