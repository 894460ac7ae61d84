"""A change of a tie locks the tie alone: an analysis that is storing scores about its two
organisations (a foreign key lock on each) neither waits for it nor deadlocks with it.

Needs PostgreSQL: SQLite has no row locks.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from scaleup.network import services
from scaleup.network.models import TieKind
from scaleup.network.tests.factories import TieFactory
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.locks import key_share_locked, lock_timeout

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_changing_a_tie_does_not_lock_its_organisations() -> None:
    source, target = sorted(OrganisationFactory.create_batch(2), key=lambda o: o.pk)
    tie = TieFactory.create(source=source, target=target, kind=TieKind.INFORMAL)

    with key_share_locked(target), transaction.atomic(), lock_timeout(2):
        services.update_tie(tie=tie, actor=None, weight=3.0)

    tie.refresh_from_db()
    assert tie.weight == 3.0
