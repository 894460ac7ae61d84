from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.core.validators import validate_mail_address
from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.texts import CONSENT_TEXTS
from scaleup.stakeholders.forms import organisation_kind_field


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        validators=[validate_mail_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
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
    # Optional and separate from the notice above (GDPR art. 6(1)(a)); the label is the
    # versioned consent text, so the recorded version is the text the person saw.
    image_consent = forms.BooleanField(
        label=CONSENT_TEXTS[ConsentPurpose.PHOTOS].text,
        required=False,
    )
