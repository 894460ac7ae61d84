"""Forms of the participant page: joining by code, voting, adding a statement.

They only check the shape of the input; the rules (open conversation, duplicates, votable
statement) live in `scaleup.dialogue.services`, whose errors the views put on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scaleup.dialogue.models import (
    JOIN_CODE_LENGTH,
    STATEMENT_MAX_LENGTH,
    Statement,
    VoteValue,
)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "join-code",
            }
        ),
        error_messages={"required": _("Type the code shown on the screen.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = gettext(
            "The %(length)d letters and digits shown on the screen in the room."
        ) % {"length": JOIN_CODE_LENGTH}


class VoteForm(forms.Form):
    """One card's vote; the three buttons post `value`, the id makes a resubmission harmless."""

    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    client_vote_id = forms.UUIDField(widget=forms.HiddenInput)
    value = forms.TypedChoiceField(choices=VoteValue.choices, coerce=int)


class StatementForm(forms.Form):
    max_length = STATEMENT_MAX_LENGTH

    text = forms.CharField(
        label=_("Your statement"),
        # Not max_length: the service's message for a long text says how long it is.
        strip=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": STATEMENT_MAX_LENGTH}),
    )
    kind = forms.ChoiceField(
        label=_("What kind of statement is it?"),
        choices=Statement.Kind.choices,
        initial=Statement.Kind.INSIGHT,
    )
    #: Set by the "post mine anyway" button once similar statements have been shown.
    confirm_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "One idea in your own words, at most %(limit)d characters."
        ) % {"limit": STATEMENT_MAX_LENGTH}
