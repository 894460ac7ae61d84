from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.selectors import subject_for


class ConsentChoiceForm(forms.Form):
    """Which of one's own consents a button acts on: a purpose and what it is about."""

    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)
    context = forms.CharField(max_length=100, required=False)


class GiveConsentForm(forms.Form):
    """Consents people may give here; photo consents are given with a registration."""

    purpose = forms.ChoiceField(
        choices=[(ConsentPurpose.PUBLIC_LISTING.value, ConsentPurpose.PUBLIC_LISTING.label)]
    )


class EraseForm(forms.Form):
    """Erasure cannot be undone, so the person types their address to confirm it."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("Type the address you sign in with to confirm."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if email.lower() not in subject_for(self.user).emails:
            raise forms.ValidationError(
                _("This is not the address of your account. Type it exactly to confirm.")
            )
        return email
