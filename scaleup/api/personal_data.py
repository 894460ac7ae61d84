"""API tokens in 'download my data' and 'erase me': a token is its owner's alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from scaleup.api.models import ApiToken
from scaleup.privacy.registry import DataSubject, Provider, Row, register


class ApiTokenProvider(Provider):
    section = "api_tokens"
    title = _("API tokens")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        if subject.user is None:
            return []
        return [
            {
                "name": token.name,
                "key_start": token.key_start,
                "created_at": token.created_at,
                "expires_at": token.expires_at,
                "last_used_at": token.last_used_at,
                "revoked_at": token.revoked_at,
            }
            for token in ApiToken.objects.filter(user=subject.user).order_by("created_at")
        ]

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        if subject.user is None:
            return 0
        deleted, _per_model = ApiToken.objects.filter(user=subject.user).delete()
        return deleted


def register_providers() -> None:
    register(ApiTokenProvider())
