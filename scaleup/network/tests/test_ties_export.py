from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from scaleup.network.tests.factories import TieFactory
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_ties_export_has_every_tie_current_and_ended(world: World) -> None:
    first, second, third = sorted(OrganisationFactory.create_batch(3), key=lambda o: o.pk)
    TieFactory.create(group=world.lubelskie.group, source=first, target=second, weight=2.5)
    TieFactory.create(
        group=world.lubelskie.group, source=second, target=third, valid_to=dt.date(2020, 5, 1)
    )
    TieFactory.create(group=world.attica.group, source=first, target=third)
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    rows = xlsx_rows(client.get(f"/en/network/{world.lubelskie.group.slug}/ties.xlsx"))
    assert [(row[0], row[1], row[3], row[5]) for row in rows[1:]] == [
        (first.name, second.name, 2.5, None),
        (second.name, third.name, 1.0, "2020-05-01"),
    ]
