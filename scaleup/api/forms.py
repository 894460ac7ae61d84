from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.api.services import LONGEST_VALIDITY_DAYS

VALIDITY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (LONGEST_VALIDITY_DAYS, _("one year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=100,
        help_text=_("For example: the semester report script."),
    )
    valid_for_days = forms.TypedChoiceField(
        label=_("Valid for"), choices=VALIDITY_CHOICES, coerce=int, initial=90
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        initial=True,
        help_text=_("Leave it ticked unless the script must change records."),
    )
