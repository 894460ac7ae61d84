"""Forms of the cooperation-network pages: the map's filters, tie entry and tie import.

Organisations are typed (a datalist suggests the group's members and the strongest
organisations of its network) and looked up on the server, so a network of tens of
thousands of organisations never becomes a select of tens of thousands of options. The
checks of a tie are the services' (`services.tie_problems`), so a form and an imported row
get the same message.
"""

from __future__ import annotations

import posixpath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from scaleup.network import selectors, services
from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: The map's default and largest number of organisations: Cytoscape draws a few hundred
#: nodes legibly; beyond a thousand the page slows down and the picture says nothing.
DEFAULT_MAP_LIMIT = 300
MAX_MAP_LIMIT = 1000

#: Uploaded tie files; larger imports (CORDIS) go through `scaleup import-ties`.
IMPORT_SUFFIXES = (".csv", ".xlsx")
IMPORT_MAX_BYTES = 5 * 1024 * 1024

#: The id of the datalist with the organisation names the tie form suggests.
ORGANISATIONS_DATALIST = "network-organisations"
SECTORS_DATALIST = "network-sectors"


class MapFilterForm(forms.Form):
    """The GET filters of the map and its table; every field is optional."""

    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("all kinds")), *OrganisationKind.choices],
    )
    region = forms.CharField(
        label=_("Region (NUTS code or country, e.g. PL81)"),
        required=False,
        max_length=5,
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2}[A-Za-z0-9]{0,3}$",
                _("Enter a NUTS code such as PL81 or PL814, or a country code such as PL."),
            )
        ],
    )
    sector = forms.CharField(
        label=_("Sector"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": SECTORS_DATALIST, "autocomplete": "off"}),
    )
    community = forms.IntegerField(label=_("Community number"), required=False, min_value=0)
    limit = forms.IntegerField(
        label=_("Show at most this many organisations on the map, strongest first"),
        required=False,
        min_value=1,
        max_value=MAX_MAP_LIMIT,
        widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_MAP_LIMIT)}),
    )

    def score_filters(self) -> selectors.ScoreFilters:
        """The valid filters (an invalid field is left out and shown with its error)."""
        self.is_valid()  # the valid fields are in cleaned_data either way
        data = self.cleaned_data
        return selectors.ScoreFilters(
            kind=data.get("kind") or "",
            region=(data.get("region") or "").strip().upper(),
            sector=(data.get("sector") or "").strip(),
            community=data.get("community"),
        )

    def map_limit(self) -> int:
        self.is_valid()
        limit: int = self.cleaned_data.get("limit") or DEFAULT_MAP_LIMIT
        return limit


def _organisation_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        help_text=_("Type to choose from the list, or enter the exact name or the PIC."),
        widget=forms.TextInput(attrs={"list": ORGANISATIONS_DATALIST, "autocomplete": "off"}),
    )


def _tie_fields() -> dict[str, forms.Field]:
    return {
        "kind": forms.ChoiceField(
            label=_("Kind of tie"), choices=[("", _("Choose…")), *TieKind.choices]
        ),
        "weight": forms.FloatField(
            label=_("Weight"),
            initial=1.0,
            help_text=_("How strong the tie is, e.g. the number of shared projects."),
            widget=forms.NumberInput(attrs={"step": "any"}),
        ),
        "valid_from": forms.DateField(label=_("Since"), required=False, widget=DATE_WIDGET),
        "valid_to": forms.DateField(
            label=_("Until"),
            required=False,
            widget=DATE_WIDGET,
            help_text=_("Leave empty while the cooperation goes on."),
        ),
        "source_name": forms.CharField(
            label=_("Source"),
            required=False,
            max_length=200,
            help_text=_("Where the tie is known from: a meeting, a survey, a file."),
        ),
        "evidence": forms.CharField(
            label=_("Evidence"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
    }


#: The services name the ends of a tie `source` and `target`; the form calls them so.
SERVICE_FIELDS = {"source": "organisation", "target": "partner"}


def add_service_errors(form: forms.Form, problems: dict[str, Any]) -> None:
    """The services' problems on the fields they name (non-field errors otherwise)."""
    for name, messages in problems.items():
        field = SERVICE_FIELDS.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


class TieForm(forms.Form):
    """A new tie; `organisation` and `partner` are looked up by name or PIC."""

    organisation = _organisation_field(_("Organisation"))
    partner = _organisation_field(_("Partner organisation"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_tie_fields())

    def _organisation(self, name: str) -> Organisation:
        text = self.cleaned_data[name]
        found = selectors.organisation_named(text)
        if found is None:
            raise forms.ValidationError(
                gettext(
                    "No organisation is called %(name)s. Choose one from the list, or enter "
                    "its exact name or PIC."
                )
                % {"name": text}
            )
        return found

    def clean_organisation(self) -> Organisation:
        return self._organisation("organisation")

    def clean_partner(self) -> Organisation:
        return self._organisation("partner")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data and "weight" in data:
            add_service_errors(
                self,
                services.tie_problems(
                    source=data.get("organisation"),
                    target=data.get("partner"),
                    kind=data["kind"],
                    weight=data["weight"],
                    valid_from=data.get("valid_from"),
                    valid_to=data.get("valid_to"),
                ),
            )
        return data


class TieEditForm(forms.Form):
    """What may change in a tie (`services.UPDATABLE_TIE_FIELDS`); its ends stay."""

    def __init__(self, *args: Any, tie: Tie, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {name: getattr(tie, name) for name in services.UPDATABLE_TIE_FIELDS}
        )
        super().__init__(*args, **kwargs)
        self.tie = tie
        self.fields.update(_tie_fields())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data and "weight" in data:
            add_service_errors(
                self,
                services.tie_problems(
                    source=self.tie.source,
                    target=self.tie.target,
                    kind=data["kind"],
                    weight=data["weight"],
                    valid_from=data.get("valid_from"),
                    valid_to=data.get("valid_to"),
                ),
            )
        return data


class TieImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: organisation, partner, kind (required), weight, valid_from, valid_to, "
            "source, evidence. Organisations are named as in the portal, or by their PIC."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; save nothing"), required=False)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = posixpath.splitext((upload.name or "").lower())[1]
        if suffix not in IMPORT_SUFFIXES:
            raise forms.ValidationError(
                gettext("Upload a .csv or .xlsx file; %(name)s is neither.") % {"name": upload.name}
            )
        size = upload.size or 0
        if size == 0:
            raise forms.ValidationError(gettext("The file is empty."))
        if size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                gettext(
                    "The file is too large (%(size)s MB); the limit is %(limit)s MB. Import "
                    "larger files with the command scaleup import-ties."
                )
                % {
                    "size": number_format(size / 1024 / 1024, 1),
                    "limit": IMPORT_MAX_BYTES // 1024 // 1024,
                }
            )
        return upload
