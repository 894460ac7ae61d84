from __future__ import annotations

import uuid
from typing import Any

from scaleup.api import services


def token_for(user: Any, name: str = "") -> str:
    """A new key of `user`, as the tokens page would show it once."""
    _token, key = services.create_token(
        user=user, name=name or f"tests {uuid.uuid4()}", valid_for_days=30, actor=user
    )
    return key


def bearer(user: Any) -> dict[str, str]:
    """Headers of a request made with a new token of `user` (none for anonymous)."""
    if user is None:
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}
