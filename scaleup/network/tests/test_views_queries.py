"""The network pages run the same number of queries however many rows they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scaleup.network import services
from scaleup.network.models import NetworkSnapshot, NodeScore, Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _snapshot(world: World) -> NetworkSnapshot:
    """The group's latest analysis: a real one of a small network, rows added by the tests."""
    group = world.lubelskie.group
    snapshot = NetworkSnapshot.objects.filter(group=group).first()
    if snapshot is None:
        services.add_tie(
            group=group,
            source=world.lubelskie.organisation,
            target=OrganisationFactory.create(kind=OrganisationKind.UNIVERSITY),
            kind=TieKind.RD_COOPERATION,
            actor=None,
        )
        snapshot = services.analyse(group=group)
    return snapshot


def _score(world: World, kind: str = OrganisationKind.SME, **fields: Any) -> Organisation:
    organisation = OrganisationFactory.create(kind=kind, nuts_code="PL814", sector="meble")
    NodeScore.objects.create(
        snapshot=_snapshot(world),
        organisation=organisation,
        **{
            "degree": 1,
            "weighted_degree": 1.0,
            "brokerage": 0.1,
            "constraint": 0.5,
            "community": 0,
            "coreness": 1,
            **fields,
        },
    )
    return organisation


def _tie(world: World, first: Organisation, second: Organisation) -> None:
    source, target = sorted((first, second), key=lambda o: o.pk)
    Tie.objects.create(group=world.lubelskie.group, source=source, target=target, kind="informal")


def _more_scores(world: World, n: int) -> None:
    previous = world.lubelskie.organisation
    for _ in range(n):
        organisation = _score(world)
        _tie(world, previous, organisation)
        previous = organisation


def _more_gaps(world: World, n: int) -> None:
    for _ in range(n):
        gap = _score(world, is_gap=True, brokerage=0.0)
        _tie(world, gap, OrganisationFactory.create())
        _tie(world, gap, OrganisationFactory.create())
        _score(world, OrganisationKind.CLUSTER, catalyst_share=0.2, cross_kind_ties=3)


def _more_ties(world: World, n: int) -> None:
    for _ in range(n):
        _tie(world, world.lubelskie.organisation, _score(world))


PAGES: list[tuple[str, str, Callable[[World, int], None]]] = [
    ("network:map", "", _more_scores),
    ("network:map", "?kind=sme&region=PL81&sort=constraint", _more_scores),
    ("network:map_data", "", _more_scores),
    ("network:map_data", "?ego={organisation}", _more_ties),
    ("network:gaps", "", _more_gaps),
    ("network:gaps", "", _more_scores),
    ("network:organisation", "", _more_ties),
]


@pytest.mark.parametrize(
    ("name", "query", "grow"),
    PAGES,
    ids=[f"{name}{query}-{grow.__name__}" for name, query, grow in PAGES],
)
def test_queries_do_not_grow_with_rows(
    client: Client,
    world: World,
    name: str,
    query: str,
    grow: Callable[[World, int], None],
) -> None:
    _snapshot(world)
    kwargs: dict[str, Any] = {"slug": world.lubelskie.group.slug}
    if name == "network:organisation":
        kwargs["pk"] = world.lubelskie.organisation.pk
    page = url(name, **kwargs) + query.format(organisation=world.lubelskie.organisation.pk)
    client.force_login(world.lubelskie.facilitator)
    grow(world, 2)
    client.get(page)  # warm caches (content types, session, the analysed graph)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    grow(world, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries), "\n".join(
        query["sql"] for query in many.captured_queries
    )
