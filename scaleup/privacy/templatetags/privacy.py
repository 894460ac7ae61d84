"""`{% privacy_clause "registration" as clause %}`: what the information clause says.

The controller, the DPO contact and the retention periods come from settings, so the
clause on every form and the full notice cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from scaleup.privacy.texts import CONSENT_TEXTS, clause, retention_periods

register = template.Library()


def facts() -> dict[str, Any]:
    return {
        "controller": settings.DATA_CONTROLLER,
        "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        "retention": retention_periods(),
    }


@register.simple_tag
def privacy_clause(form: str) -> dict[str, Any]:
    form_clause = clause(form)
    return {
        **facts(),
        "retention": retention_periods(form_clause.retention),
        "form": form_clause,
        "consents": [CONSENT_TEXTS[purpose] for purpose in form_clause.consents],
    }
