"""Two people entering the same semester's value at once: one entry, every change audited.

Runs real concurrent transactions, so it needs PostgreSQL: SQLite serialises every write
transaction and would prove nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection

from scaleup.core.models import AuditEntry
from scaleup.indicators.models import Indicator, ManualValue
from scaleup.indicators.services import record_manual_value
from scaleup.testing.locks import in_parallel
from scaleup.testing.world import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions need PostgreSQL (SQLite serialises all writes)",
    ),
]

PEOPLE = 6


def test_first_values_entered_at_once_correct_each_other(world: World) -> None:
    funds = Indicator.objects.get(code="SF-INFLUENCED")

    def enter(amount: int) -> Callable[[], object]:
        return lambda: record_manual_value(
            indicator=funds,
            partner=world.lubelskie.partner,
            semester=2,
            value=Decimal(amount),
            source=f"Uchwała {amount}",
            actor=world.lubelskie.facilitator,
        )

    errors = in_parallel([enter(1000 * (n + 1)) for n in range(PEOPLE)])

    assert errors == []
    entry = ManualValue.objects.get()
    audits = AuditEntry.objects.filter(action="indicators.value.recorded")
    assert audits.count() == PEOPLE
    # One of them found no value; each of the others corrected the one before.
    firsts = [a for a in audits if a.data["changes"]["value"][0] is None]
    assert len(firsts) == 1
    last = audits.order_by("-id").first()
    assert last is not None
    assert Decimal(last.data["changes"]["value"][1]) == entry.value
