"""Mail that services send after their transaction commits, in the recipient's language."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_after_commit(
    *, to: str, subject_template: str, body_template: str, context: dict[str, Any], language: str
) -> None:
    context = {"site_url": settings.SITE_URL, **context}

    def send() -> None:
        with translation.override(language):
            subject = " ".join(render_to_string(subject_template, context).split())
            body = render_to_string(body_template, context)
        try:
            send_mail(subject, body, None, [to])
        except Exception:
            # The change is committed and the person has seen it succeed; a mail server
            # outage must not turn that into an error page. The log keeps the failure, but
            # not the address: logs outlive erasure requests.
            logger.exception("Could not send %s", subject_template)

    transaction.on_commit(send)
