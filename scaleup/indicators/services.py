"""Changes to the values partners enter for indicators the platform cannot count itself;
each in one transaction with its audit entry, bad input refused with nothing saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scaleup.access.checks import ensure_actor_may
from scaleup.core.audit import record
from scaleup.core.tenancy import Scope
from scaleup.indicators.models import Indicator, ManualValue
from scaleup.indicators.selectors import project_semesters
from scaleup.projects.models import Partner


@transaction.atomic
def record_manual_value(
    *,
    indicator: Indicator,
    partner: Partner,
    semester: int,
    value: Decimal,
    source: str,
    actor: Any,
) -> ManualValue:
    """Enter or correct a partner's value in a semester; the previous figure is audited."""
    ensure_actor_may(actor, "indicator:record", Scope(partner_id=partner.pk))
    if not indicator.is_manual:
        raise ValidationError(
            {"indicator": _("This indicator is counted from the platform's records.")}
        )
    numbers = [period.number for period in project_semesters(partner.project)]
    if semester not in numbers:
        raise ValidationError(
            {
                "semester": _("Choose one of the project's semesters, 1 to %(last)d.")
                % {"last": numbers[-1]}
            }
        )
    if value < 0:
        raise ValidationError({"value": _("A value cannot be negative.")})
    source = source.strip()
    if not source:
        raise ValidationError({"source": _("Say where the figure comes from.")})
    # Entries of one partner are made one at a time, so two people entering the same
    # semester's first value at once correct each other instead of colliding.
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    existing = (
        ManualValue.objects.select_for_update()
        .filter(indicator=indicator, partner=partner, semester=semester)
        .first()
    )
    before = (None, None) if existing is None else (str(existing.value), existing.source)
    entry = existing or ManualValue(indicator=indicator, partner=partner, semester=semester)
    entry.value = value
    entry.source = source
    entry.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    entry.full_clean()
    entry.save()
    record(
        actor=actor,
        action="indicators.value.recorded",
        target=entry,
        changes={
            name: [old, new]
            for name, old, new in (
                ("value", before[0], str(entry.value)),
                ("source", before[1], entry.source),
            )
            if old != new
        },
        indicator=indicator.code,
        semester=semester,
    )
    return entry


@transaction.atomic
def delete_manual_value(*, entry: ManualValue, actor: Any) -> None:
    ensure_actor_may(actor, "indicator:record", entry)
    record(
        actor=actor,
        action="indicators.value.deleted",
        target=entry,
        indicator=entry.indicator.code,
        semester=entry.semester,
        value=str(entry.value),
    )
    entry.delete()
