from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scaleup.api import services
from scaleup.api.models import ApiToken
from scaleup.core.admin_readonly import ReadOnlyModelAdmin

_DETAILS = ("key_start", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyModelAdmin[ApiToken]):
    """Read-only: tokens are made by their owners and the key is never stored. The site
    administrators (the only people in the admin) may revoke tokens: an account that
    leaves, a key that leaked."""

    actions = ("revoke",)
    list_display = ("name", "user", *_DETAILS)
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "user__email", "key_start")
    list_select_related = ("user",)
    fields = ("user", "name", *_DETAILS)
    readonly_fields = fields

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        active = list(queryset.filter(revoked_at__isnull=True))
        for token in active:
            services.revoke_token(token=token, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d token is revoked.", "%(count)d tokens are revoked.", len(active))
            % {"count": len(active)},
            messages.SUCCESS,
        )
