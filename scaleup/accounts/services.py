"""Changes people make to their own account. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from scaleup.core.audit import changes, record, snapshot

PROFILE_FIELDS = ("first_name", "last_name")


@transaction.atomic
def update_profile(*, user: Any, first_name: str, last_name: str, actor: Any) -> Any:
    """Save the name shown to facilitators; the audit entry keeps the old and the new value."""
    before = snapshot(user, PROFILE_FIELDS)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    after = snapshot(user, PROFILE_FIELDS)
    diff = changes(before, after)
    if diff:
        user.save(update_fields=list(diff))
        record(actor=actor, action="accounts.profile.changed", target=user, changes=diff)
    return user
