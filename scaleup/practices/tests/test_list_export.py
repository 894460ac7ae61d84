from __future__ import annotations

import pytest
from django.test import Client

from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_managed_practices_export_includes_drafts_of_own_partner_only(world: World) -> None:
    GoodPracticeFactory.create(partner=world.lubelskie.partner, title="Szkic", is_published=False)
    GoodPracticeFactory.create(partner=world.attica.partner, title="Attica practice")
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    rows = xlsx_rows(client.get("/en/practices/manage/practices.xlsx"))
    assert [(row[1], row[8]) for row in rows[1:]] == [("Szkic", "no")]
