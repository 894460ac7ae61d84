"""Validators shared by the public forms."""

from __future__ import annotations

import unicodedata
from email.errors import HeaderParseError

from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.validators import EmailValidator

# Control, format (bidi overrides, zero-width), private-use, unassigned and line/paragraph
# separator characters: invisible or unsafe in an address that people read and mail goes to.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}


def validate_mail_address(value: str) -> None:
    """An address mail can actually be sent to, not only one Django's EmailValidator accepts.

    Django accepts any character from U+00A1 up in a domain, so "ewa@example.org" followed
    by an invisible U+202A passes, and sending the sign-in code or confirmation then fails
    inside the mail library (a server error for allauth, which mails at once). Refused here
    with the usual "Enter a valid e-mail address" instead.
    """
    message = EmailValidator.message
    if any(unicodedata.category(character) in _REFUSED_CATEGORIES for character in value):
        raise ValidationError(message, code="invalid")
    try:
        sanitize_address(value, "utf-8")
    # UnicodeError (IDNA) is a ValueError; the mail library parses nested comments
    # ("((((…") recursively, so a long run of them exhausts the stack.
    except (ValueError, IndexError, HeaderParseError, RecursionError):
        raise ValidationError(message, code="invalid") from None
