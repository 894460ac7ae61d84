"""Back office for programmes, the project with its themes and partners, and policy instruments."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from scaleup.core.admin import HTTPS_URLS
from scaleup.core.admin_audit import AuditedModelAdmin
from scaleup.projects.models import Measure, Partner, PolicyInstrument, Programme, Project, Theme


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ("name", "period_start", "period_end", "fund")
    list_filter = ("fund", "period_start")
    search_fields = ("name", "fund")
    formfield_overrides = HTTPS_URLS


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ("position", "name_pl", "name_en")
    extra = 0


class PartnerInlineFormSet(forms.BaseInlineFormSet):
    """A project has one lead partner; the database says so too, but only as a crash."""

    def clean(self) -> None:
        super().clean()
        leads = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Partner.Role.LEAD
        ]
        if len(leads) > 1:
            raise ValidationError(_("A project has only one lead partner."), code="two_leads")


class PartnerInline(admin.StackedInline):
    model = Partner
    formset = PartnerInlineFormSet
    fields = (
        ("position", "role"),
        ("name", "short_name"),
        ("country", "city"),
        "website",
        "policy_instrument",
    )
    autocomplete_fields = ("policy_instrument",)
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ("acronym", "title_pl", "programme", "started_on", "ended_on")
    list_filter = ("programme", "started_on")
    search_fields = ("acronym", "title_pl", "title_en", "slug")
    list_select_related = ("programme",)
    prepopulated_fields = {"slug": ("acronym",)}
    date_hierarchy = "started_on"
    formfield_overrides = HTTPS_URLS
    inlines = (ThemeInline, PartnerInline)


@admin.register(Theme)
class ThemeAdmin(AuditedModelAdmin):
    list_display = ("name_pl", "name_en", "project", "position")
    list_filter = ("project",)
    search_fields = ("name_pl", "name_en")
    list_select_related = ("project",)
    ordering = ("project", "position", "id")


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ("short_name", "name", "project", "role", "country", "city", "policy_instrument")
    list_filter = ("role", "country", "project")
    search_fields = ("name", "short_name", "city")
    list_select_related = ("project", "policy_instrument")
    autocomplete_fields = ("policy_instrument",)
    formfield_overrides = HTTPS_URLS


@admin.register(PolicyInstrument)
class PolicyInstrumentAdmin(AuditedModelAdmin):
    list_display = ("code", "name_pl", "region", "period_start", "period_end", "predecessor")
    list_filter = ("region", "period_start")
    search_fields = ("code", "name_pl", "name_en", "region")
    list_select_related = ("predecessor",)
    autocomplete_fields = ("predecessor",)


@admin.register(Measure)
class MeasureAdmin(AuditedModelAdmin):
    """The instrument's tree: axes, their measures and the measures' actions.

    The parent's level and instrument are checked by `Measure.clean()`, which the
    admin form runs.
    """

    fields = ("instrument", "level", "parent", "code", "name_pl", "name_en", "addressed")
    list_display = ("code", "name_pl", "level", "instrument", "parent", "addressed")
    list_filter = ("instrument", "level", "addressed")
    search_fields = ("code", "name_pl", "name_en")
    list_select_related = ("instrument", "parent")
    autocomplete_fields = ("instrument", "parent")
    ordering = ("instrument", "code")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Measure], search_term: str
    ) -> tuple[QuerySet[Measure], bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Offered as a parent: only axes and measures, since actions are leaves.
        if (
            request.path.endswith("/autocomplete/")
            and request.GET.get("model_name") == "measure"
            and request.GET.get("field_name") == "parent"
        ):
            queryset = queryset.exclude(level=Measure.Level.ACTION)
        return queryset, may_have_duplicates
