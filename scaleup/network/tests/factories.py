from __future__ import annotations

import factory

from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.tests.factories import OrganisationFactory, StakeholderGroupFactory


class TieFactory(factory.django.DjangoModelFactory[Tie]):
    """An informal tie; pass `source` and `target` with the lower id first."""

    class Meta:
        model = Tie

    group = factory.SubFactory(StakeholderGroupFactory)
    source = factory.SubFactory(OrganisationFactory)
    target = factory.SubFactory(OrganisationFactory)
    kind = TieKind.INFORMAL
    weight = 1.0
