from __future__ import annotations

from typing import Any

import pytest

from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import RecommendationFactory, in_state
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_only_public_recommendations_are_listed(world: World, api_as: Any) -> None:
    endorsed = in_state(State.ENDORSED, group=world.lubelskie.group)
    draft = RecommendationFactory.create(group=world.lubelskie.group)
    ids = [item["id"] for item in api_as(None).get("/api/v1/recommendations").json()["items"]]
    assert endorsed.pk in ids
    assert draft.pk not in ids
    assert api_as(None).get(f"/api/v1/recommendations/{draft.pk}").status_code == 404


def test_a_public_recommendation_links_to_its_page(world: World, api_as: Any) -> None:
    endorsed = in_state(State.ENDORSED, group=world.lubelskie.group)
    body = api_as(None).get(f"/api/v1/recommendations/{endorsed.pk}").json()
    assert body["page"].endswith(f"/instruments/recommendations/{endorsed.pk}/")
    assert body["state"] == State.ENDORSED


def test_only_published_practices_are_listed_without_contact_details(
    world: World, api_as: Any
) -> None:
    published = GoodPracticeFactory.create(partner=world.lubelskie.partner)
    draft = GoodPracticeFactory.create(partner=world.lubelskie.partner, is_published=False)
    items = api_as(None).get("/api/v1/practices").json()["items"]
    assert [item["id"] for item in items] == [published.pk]
    assert "contact_email" not in items[0] and "contact_name" not in items[0]
    assert api_as(None).get(f"/api/v1/practices/{draft.pk}").status_code == 404
