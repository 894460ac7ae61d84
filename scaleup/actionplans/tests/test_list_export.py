"""The list of action plans as XLSX: one row per plan the person manages, with its totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from scaleup.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from scaleup.core.models import AuditEntry
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_plans_export_has_the_totals_of_own_plans_only(world: World) -> None:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    ActionFactory.create(plan=plan, cost_eur=Decimal("1000.50"), starts_on=dt.date(2021, 3, 1))
    ActionFactory.create(
        plan=plan,
        cost_eur=Decimal("250"),
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2023, 6, 30),
    )
    ActionPlanFactory.create(partner=world.attica.partner)
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    rows = xlsx_rows(client.get("/en/action-plans/plans.xlsx"))
    assert rows[0][7:11] == [
        "actions",
        "total cost (EUR)",
        "first action starts on",
        "last action ends on",
    ]
    assert AuditEntry.objects.get(action="actionplans.plans.exported").data["rows"] == 1
    assert [row[:2] + row[7:11] for row in rows[1:]] == [
        [
            world.lubelskie.partner.short_name,
            plan.instrument.code,
            2,
            1250.5,
            "2021-03-01",
            "2023-06-30",
        ]
    ]
