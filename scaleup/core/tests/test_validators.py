from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from scaleup.core.validators import validate_mail_address


def test_a_plain_address_is_accepted() -> None:
    validate_mail_address("ewa.nowak@example.org")


@pytest.mark.parametrize(
    "address",
    ["ewa@example.org\u202a", "(" * 2000 + "ewa@example.org", "ewa@exa mple.org>"],
    ids=["invisible-character", "nested-comments", "broken"],
)
def test_an_address_mail_cannot_go_to_is_a_form_error(address: str) -> None:
    """Found by the public forms' fuzz test: two thousand '(' made the mail library
    recurse until the stack ran out, a server error instead of a form error."""
    with pytest.raises(ValidationError):
        validate_mail_address(address)
