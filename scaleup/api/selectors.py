"""Who a request's token speaks for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from scaleup.api.models import KEY_PREFIX, ApiToken, hash_key

#: `last_used_at` is a hint for the owner, not a log: written at most this often per token.
LAST_USED_PRECISION = dt.timedelta(minutes=5)


def user_for_key(key: str) -> Any | None:
    """The active owner of an active token with this key, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
