from __future__ import annotations

import pytest
from django.test import Client

from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import RecommendationFactory
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_recommendations_export_follows_the_state_filter(world: World) -> None:
    RecommendationFactory.create(group=world.lubelskie.group, title_pl="Szkic A")
    RecommendationFactory.create(
        group=world.lubelskie.group, title_pl="Omawiana B", state=State.DISCUSSED
    )
    client = Client()
    client.force_login(world.lubelskie.member)
    slug = world.lubelskie.group.slug
    rows = xlsx_rows(client.get(f"/en/policy/{slug}/recommendations.xlsx?state=discussed"))
    assert [row[0] for row in rows[1:]] == ["Omawiana B"]
    every = xlsx_rows(client.get(f"/en/policy/{slug}/recommendations.xlsx"))
    assert sorted(row[0] for row in every[1:]) == ["Omawiana B", "Szkic A"]
