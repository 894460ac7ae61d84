"""Writing the audit log. Services call `record` inside their own transaction.

An entry names the actor, an action code (`<app>.<resource>.<verb>`), the target and,
for edits, the changed fields as `{"field": [old, new]}` so a reader sees what changed
without comparing versions. The target's partner region is stored with the entry so that
each region's facilitators can read their own part of the log.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from scaleup.core.models import AuditEntry
from scaleup.core.tenancy import scope_of


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None,
    changes: dict[str, list[Any]] | None = None,
    **data: Any,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    scope = scope_of(target)
    if changes:
        data["changes"] = changes
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        tenant_id=scope.partner_id if scope is not None else None,
        data=data,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, ready to compare with `changes`."""
    names = (
        list(fields)
        if fields is not None
        else [field.name for field in instance._meta.concrete_fields if not field.primary_key]
    )
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(instance, attname))
    return values


def stored_snapshot(instance: models.Model) -> dict[str, Any]:
    """The row as the database holds it now (empty for a new instance), to diff an edit."""
    if instance.pk is None:
        return {}
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return snapshot(stored) if stored is not None else {}


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as `{"field": [old, new]}`; unchanged fields are left out."""
    skipped = {"created_at", "updated_at"}
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if name not in skipped and before.get(name) != value
    }
