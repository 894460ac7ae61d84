"""Reading the one-time codes allauth mails, as a person would."""

from __future__ import annotations

import re

from django.core import mail

CODE_LINE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6,10})\s*$", re.MULTILINE)


def last_code(to: str) -> str:
    """The code in the newest mail to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = CODE_LINE.search(str(message.body))
            assert match, message.body
            return match.group(1)
    raise AssertionError(f"no mail to {to}")
