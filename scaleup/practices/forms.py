"""Forms of the good-practice pages; rules live in `practices.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.practices.models import SECTION_LIMIT, GoodPractice
from scaleup.projects.models import COUNTRIES, Partner, Theme


def _area(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": SECTION_LIMIT})


class PracticeForm(forms.ModelForm):
    class Meta:
        model = GoodPractice
        fields = [
            "partner",
            "title",
            "language",
            "region",
            "country",
            "sector",
            "themes",
            "summary",
            "problem",
            "description",
            "resources",
            "evidence",
            "difficulties",
            "transferability",
            "contact_name",
            "contact_organisation",
            "contact_email",
            "is_published",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            "problem": _area(),
            "description": _area(8),
            "resources": _area(3),
            "evidence": _area(),
            "difficulties": _area(3),
            "transferability": _area(),
        }

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner: Any = self.fields["partner"]
        partner.queryset = partners
        partner.empty_label = None
        themes: Any = self.fields["themes"]
        themes.queryset = (
            Theme.objects.filter(project__partners__in=partners)
            .distinct()
            .order_by("project", "position", "id")
        )


class FilterForm(forms.Form):
    """The library's search: plain GET parameters, so a filtered list is a link."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("all")
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args: Any, themes: Any, sectors: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme: Any = self.fields["theme"]
        theme.queryset = themes
        country: Any = self.fields["country"]
        country.choices = [("", _("all")), *COUNTRIES]
        sector: Any = self.fields["sector"]
        sector.choices = [("", _("all")), *((name, name) for name in sectors)]


class LessonForm(forms.Form):
    text = forms.CharField(
        label=_("Lesson learnt"),
        max_length=SECTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SECTION_LIMIT}),
        help_text=_("What the partners learnt, and what the group could take home."),
    )
    practices = forms.ModelMultipleChoiceField(
        label=_("About the good practices"),
        queryset=GoodPractice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["practices"]
        field.queryset = practices


def partners_managed_by(user: Any) -> Any:
    from scaleup.access.checks import filter_permitted

    return filter_permitted(
        Partner.objects.all(), user, "practice:manage", partner_field="id"
    ).order_by("position", "id")
