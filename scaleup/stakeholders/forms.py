from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.core.validators import validate_mail_address
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup
from scaleup.stakeholders.selectors import groups_accepting_applications


def organisation_kind_field() -> forms.ChoiceField:
    """The same question, worded the same, wherever an organisation describes itself."""
    return forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("Choose…")), *OrganisationKind.choices],
    )


class GroupChoiceField(forms.ModelChoiceField[StakeholderGroup]):
    def label_from_instance(self, obj: StakeholderGroup) -> str:
        return obj.name  # in the reader's language, not the record's Polish name


class JoinForm(forms.Form):
    group = GroupChoiceField(
        label=_("Stakeholder group"), queryset=StakeholderGroup.objects.none(), empty_label=None
    )
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    organisation_kind = organisation_kind_field()
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    contact_first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    contact_last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        validators=[validate_mail_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_position = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    motivation = forms.CharField(
        label=_("What would your organisation bring to the group?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice below and agree that my data is processed "
            "to handle this application."
        ),
        error_messages={
            "required": _("Please accept the privacy notice so we can handle your application.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = groups_accepting_applications()
        group_field = self.fields["group"]
        assert isinstance(group_field, GroupChoiceField)
        group_field.queryset = groups
        if len(groups) == 1:
            group_field.initial = groups[0]
            group_field.widget = forms.HiddenInput()


#: Where Eurostat's NUTS codes differ from the ISO country codes.
NUTS_PREFIXES = {"GR": "EL", "GB": "UK"}


class OrganisationForm(forms.ModelForm):
    """An organisation's record, as staff enter or correct it."""

    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "city",
            "country",
            "nuts_code",
            "sector",
            "pic",
            "website",
            "email",
            "description",
            "in_open_data",
        )

    def clean_country(self) -> str:
        country = str(self.cleaned_data["country"]).strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Give the country as its two-letter code, e.g. PL."))
        return country

    def clean_nuts_code(self) -> str:
        code = str(self.cleaned_data["nuts_code"]).strip().upper()
        country = str(self.data.get("country", "")).strip().upper()
        if code and not code.isalnum():
            raise forms.ValidationError(_("A NUTS code has letters and digits only, e.g. PL81."))
        if code and country and not code.startswith(NUTS_PREFIXES.get(country, country)):
            raise forms.ValidationError(_("The NUTS code must be one of the country's regions."))
        return code
