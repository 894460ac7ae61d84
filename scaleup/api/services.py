"""Making and revoking API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.api.models import KEY_PREFIX, ApiToken, hash_key
from scaleup.core.audit import record

#: How long a token may live at most; people choose less.
LONGEST_VALIDITY_DAYS = 365
#: Tokens in use at once per account: enough for every script, few enough to keep track of.
MOST_ACTIVE_TOKENS = 20
#: `last_used_at` is a hint for the owner, not a log: written at most this often per token.
LAST_USED_PRECISION = dt.timedelta(minutes=5)
NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@transaction.atomic
def create_token(
    *, user: Any, name: str, valid_for_days: int, actor: Any, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new token of `user` and its key, which is not stored and cannot be shown again."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Say what the token is for.")})
    if len(name) > NAME_LENGTH:
        raise ValidationError(
            {"name": _("Say it in at most %(count)d characters.") % {"count": NAME_LENGTH}}
        )
    if not 1 <= valid_for_days <= LONGEST_VALIDITY_DAYS:
        raise ValidationError(
            {
                "valid_for_days": _("A token is valid for 1 to %(days)d days.")
                % {"days": LONGEST_VALIDITY_DAYS}
            }
        )
    # The owner's row, locked: two tokens made at once are counted one after the other.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    now = timezone.now()
    if (
        ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count()
        >= MOST_ACTIVE_TOKENS
    ):
        raise ValidationError(
            _(
                "You have %(count)d tokens in use, the most an account may have. Revoke one "
                "that is no longer needed first."
            )
            % {"count": MOST_ACTIVE_TOKENS}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        read_only=read_only,
        key_hash=hash_key(key),
        key_start=key[: len(KEY_PREFIX) + 4],
        expires_at=timezone.now() + dt.timedelta(days=valid_for_days),
    )
    # An expired token's name is free again: it is marked revoked as it expired.
    ApiToken.objects.filter(
        user=user, name=name, revoked_at__isnull=True, expires_at__lte=timezone.now()
    ).update(revoked_at=F("expires_at"))
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("You already have a token with this name; choose another name.")}
        ) from None
    record(actor=actor, action="api.token.created", target=token, name=name, read_only=read_only)
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        record(actor=actor, action="api.token.revoked", target=token)
    return token


def note_use(token: ApiToken) -> None:
    """Tell the owner when the token was last used (to the nearest few minutes)."""
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
