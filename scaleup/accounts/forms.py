from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form, keeping the password field although sign-up asks for none.

    Sign-up takes an e-mail address only, so nobody can put a password on an address they
    have not proved is theirs (and take the account over once its owner verifies it); a
    password is set later, signed in, and then works here.
    """

    def _setup_password_field(self) -> None:
        """Keep the field (allauth drops it when sign-up has no password)."""
