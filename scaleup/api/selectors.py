"""Who a request's token speaks for."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from scaleup.api.models import KEY_PREFIX, ApiToken, hash_key


def active_token(key: str) -> ApiToken | None:
    """The unrevoked, unexpired token with this key, of an active account, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
