from __future__ import annotations

from typing import Any

import pytest

from scaleup.network.models import Tie
from scaleup.network.tests.factories import TieFactory
from scaleup.stakeholders.models import OrganisationKind
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _ties(world: World) -> str:
    return f"/api/v1/groups/{world.lubelskie.group.pk}/ties"


def test_facilitator_records_a_tie(world: World, api_as: Any) -> None:
    cluster = OrganisationFactory.create(kind=OrganisationKind.CLUSTER, in_open_data=True)
    response = api_as(world.lubelskie.facilitator).post(
        _ties(world),
        {
            "source": world.lubelskie.organisation.pk,
            "target": cluster.pk,
            "kind": "cluster_membership",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["target"] == cluster.pk
    assert Tie.objects.get(pk=response.json()["id"]).group == world.lubelskie.group


def test_the_service_rules_apply(world: World, api_as: Any) -> None:
    other = OrganisationFactory.create(kind=OrganisationKind.SME, in_open_data=True)
    response = api_as(world.lubelskie.facilitator).post(
        _ties(world),
        {
            "source": world.lubelskie.organisation.pk,
            "target": other.pk,
            "kind": "cluster_membership",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/target"
    assert not Tie.objects.exists()


def test_unknown_organisation_is_pointed_at(world: World, api_as: Any) -> None:
    response = api_as(world.lubelskie.facilitator).post(
        _ties(world),
        {"source": world.lubelskie.organisation.pk, "target": 987654, "kind": "informal"},
    )
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/body/target"]


def test_other_region_gets_404_for_the_groups_ties(world: World, api_as: Any) -> None:
    assert api_as(world.attica.facilitator).get(_ties(world)).status_code == 404


def test_member_may_not_read_the_network(world: World, api_as: Any) -> None:
    assert api_as(world.lubelskie.member).get(_ties(world)).status_code == 403


def test_list_filters_current_ties_of_an_organisation(world: World, api_as: Any) -> None:
    first, second, third = sorted(OrganisationFactory.create_batch(3), key=lambda o: o.pk)
    kept = TieFactory.create(group=world.lubelskie.group, source=first, target=second)
    TieFactory.create(
        group=world.lubelskie.group, source=second, target=third, valid_to="2020-01-01"
    )
    TieFactory.create(group=world.lubelskie.group, source=first, target=third)
    query = f"?organisation={second.pk}&current=true"
    items = api_as(world.lubelskie.facilitator).get(_ties(world) + query).json()["items"]
    assert [item["id"] for item in items] == [kept.pk]


def test_ending_a_tie_keeps_it_on_record(world: World, api_as: Any) -> None:
    first, second = sorted(OrganisationFactory.create_batch(2), key=lambda o: o.pk)
    tie = TieFactory.create(group=world.lubelskie.group, source=first, target=second)
    response = api_as(world.lubelskie.facilitator).patch(
        f"{_ties(world)}/{tie.pk}", {"valid_to": "2026-06-30"}
    )
    assert response.status_code == 200, response.content
    tie.refresh_from_db()
    assert str(tie.valid_to) == "2026-06-30"


def test_deleting_a_tie_with_a_stale_etag_is_refused(world: World, api_as: Any) -> None:
    first, second = sorted(OrganisationFactory.create_batch(2), key=lambda o: o.pk)
    tie = TieFactory.create(group=world.lubelskie.group, source=first, target=second)
    client = api_as(world.lubelskie.facilitator)
    stale = '"0123456789abcdef0123456789abcdef"'
    assert client.delete(f"{_ties(world)}/{tie.pk}", HTTP_IF_MATCH=stale).status_code == 412
    assert client.delete(f"{_ties(world)}/{tie.pk}").status_code == 204
    assert not Tie.objects.filter(pk=tie.pk).exists()


def test_a_ties_etag_from_its_read_allows_the_change(world: World, api_as: Any) -> None:
    first, second = sorted(OrganisationFactory.create_batch(2), key=lambda o: o.pk)
    tie = TieFactory.create(group=world.lubelskie.group, source=first, target=second)
    client = api_as(world.lubelskie.facilitator)
    etag = client.get(f"{_ties(world)}/{tie.pk}")["ETag"]
    response = client.patch(f"{_ties(world)}/{tie.pk}", {"weight": 3}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert client.delete(f"{_ties(world)}/{tie.pk}", HTTP_IF_MATCH=etag).status_code == 412
    assert (
        client.delete(f"{_ties(world)}/{tie.pk}", HTTP_IF_MATCH=response["ETag"]).status_code == 204
    )


def test_an_organisation_id_beyond_the_databases_integers_is_refused(
    world: World, api_as: Any
) -> None:
    response = api_as(world.lubelskie.facilitator).get(f"{_ties(world)}?organisation={2**70}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/query/organisation"


def test_text_with_a_nul_character_is_refused(world: World, api_as: Any) -> None:
    first, second = OrganisationFactory.create_batch(2)
    response = api_as(world.lubelskie.facilitator).post(
        _ties(world),
        {"source": first.pk, "target": second.pk, "kind": "informal", "evidence": "a\x00b"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/evidence"
    assert not Tie.objects.exists()
