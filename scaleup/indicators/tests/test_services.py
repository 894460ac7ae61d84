from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scaleup.core.models import AuditEntry
from scaleup.indicators.models import Indicator, ManualValue
from scaleup.indicators.services import delete_manual_value, record_manual_value
from scaleup.indicators.tests.factories import ManualValueFactory
from scaleup.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _funds() -> Indicator:
    return Indicator.objects.get(code="SF-INFLUENCED")


def _record(world: World, actor: object, **changes: object) -> ManualValue:
    fields: dict[str, object] = {
        "indicator": _funds(),
        "partner": world.lubelskie.partner,
        "semester": 2,
        "value": Decimal("150000.50"),
        "source": "Uchwała nr 12/2020",
    }
    fields.update(changes)
    return record_manual_value(actor=actor, **fields)  # type: ignore[arg-type]


def test_a_value_is_saved_with_its_source_and_who_entered_it(world: World) -> None:
    entry = _record(world, world.lubelskie.facilitator)
    assert (entry.value, entry.source, entry.recorded_by) == (
        Decimal("150000.50"),
        "Uchwała nr 12/2020",
        world.lubelskie.facilitator,
    )
    audit = AuditEntry.objects.get(action="indicators.value.recorded")
    assert audit.tenant_id == world.lubelskie.partner.pk
    assert audit.data["changes"] == {
        "value": [None, "150000.50"],
        "source": [None, "Uchwała nr 12/2020"],
    }


def test_entering_again_corrects_the_value_and_audits_the_old_one(world: World) -> None:
    _record(world, world.lubelskie.facilitator)
    _record(world, world.lubelskie.facilitator, value=Decimal("90000"))
    assert ManualValue.objects.get().value == Decimal("90000")
    latest = AuditEntry.objects.filter(action="indicators.value.recorded").latest("pk")
    assert latest.data["changes"] == {"value": ["150000.50", "90000"]}


def test_a_corrected_source_is_audited(world: World) -> None:
    _record(world, world.lubelskie.facilitator)
    _record(world, world.lubelskie.facilitator, source="Uchwała nr 13/2020")
    latest = AuditEntry.objects.filter(action="indicators.value.recorded").latest("pk")
    assert latest.data["changes"] == {"source": ["Uchwała nr 12/2020", "Uchwała nr 13/2020"]}


def test_a_computed_indicator_takes_no_entered_value(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, None, indicator=Indicator.objects.get(code="GP"))
    assert "indicator" in refused.value.message_dict
    assert not ManualValue.objects.exists()


def test_a_semester_outside_the_project_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, None, semester=99)
    assert "semester" in refused.value.message_dict


def test_a_value_needs_its_source(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, None, source="   ")
    assert "source" in refused.value.message_dict


def test_a_negative_value_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, None, value=Decimal("-1"))
    assert "value" in refused.value.message_dict


def test_another_regions_facilitator_cannot_enter_a_value(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _record(world, world.attica.facilitator)
    assert not ManualValue.objects.exists()


def test_deleting_a_value_is_audited(world: World) -> None:
    entry = ManualValueFactory.create(indicator=_funds(), partner=world.lubelskie.partner)
    delete_manual_value(entry=entry, actor=world.coordinator)
    assert not ManualValue.objects.exists()
    assert AuditEntry.objects.get(action="indicators.value.deleted").data["value"] == "1000.00"


def test_another_regions_facilitator_cannot_delete_a_value(world: World) -> None:
    entry = ManualValueFactory.create(indicator=_funds(), partner=world.lubelskie.partner)
    with pytest.raises(PermissionDenied):
        delete_manual_value(entry=entry, actor=world.attica.facilitator)
    assert ManualValue.objects.exists()
