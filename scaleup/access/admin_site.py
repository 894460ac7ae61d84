"""Django admin is for site administrators only; facilitators work in the workspace."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SiteAdministration(admin.AdminSite):
    site_header = "scaleup"
    site_title = "scaleup"

    def has_permission(self, request: HttpRequest) -> bool:
        from scaleup.access.checks import has_permission  # loaded after the app registry

        return has_permission(request.user, "admin:use")


class ScaleupAdminConfig(AdminConfig):
    default_site = "scaleup.access.admin_site.SiteAdministration"
