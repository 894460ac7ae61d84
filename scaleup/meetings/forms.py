from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.stakeholders.forms import organisation_kind_field


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_kind = organisation_kind_field()
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice below and agree that my data is processed "
            "to organise this meeting."
        ),
        error_messages={"required": _("Please accept the privacy notice to register.")},
    )
    image_consent = forms.BooleanField(
        label=_("I agree to appear in photos of the meeting published on this portal (optional)."),
        required=False,
    )
