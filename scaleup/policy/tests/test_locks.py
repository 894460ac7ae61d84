"""A change of a recommendation locks the recommendation alone, not its group: everything
written about the group meanwhile (a foreign key lock on the group's row) goes on.

Needs PostgreSQL: SQLite has no row locks.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from scaleup.policy import services
from scaleup.policy.tests.factories import RecommendationFactory
from scaleup.testing.locks import key_share_locked, lock_timeout
from scaleup.testing.world import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_rewording_a_draft_does_not_lock_its_group(world: World) -> None:
    group = world.lubelskie.group
    recommendation = RecommendationFactory.create(group=group, instrument=group.policy_instrument)

    with key_share_locked(group), transaction.atomic(), lock_timeout(2):
        services.update_recommendation(
            recommendation=recommendation, actor=world.lubelskie.facilitator, title_pl="Nowy"
        )

    recommendation.refresh_from_db()
    assert recommendation.title_pl == "Nowy"
