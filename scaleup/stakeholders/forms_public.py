"""Forms of the invitation pages (kept apart from forms.py, which the join form uses)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.texts import CONSENT_TEXTS


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    # Optional, and unticked by default: the label is the consent text whose version is stored.
    list_publicly = forms.BooleanField(
        label=CONSENT_TEXTS[ConsentPurpose.PUBLIC_LISTING].text, required=False
    )


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("Eight letters and digits from the invitation e-mail, such as ABCD-2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
