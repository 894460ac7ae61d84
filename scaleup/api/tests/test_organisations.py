from __future__ import annotations

from typing import Any

import pytest

from scaleup.core.models import AuditEntry
from scaleup.stakeholders.models import Organisation
from scaleup.stakeholders.tests.factories import MembershipFactory, OrganisationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_anonymous_sees_listed_organisations_without_their_details(
    world: World, api_as: Any
) -> None:
    listed = OrganisationFactory.create(
        in_open_data=True, email="biuro@example.org", pic="999888777"
    )
    MembershipFactory.create(group=world.attica.group, organisation=listed)
    response = api_as(None).get("/api/v1/organisations")
    items = {item["id"]: item for item in response.json()["items"]}
    assert world.lubelskie.organisation.pk not in items
    assert items[listed.pk]["name"] == listed.name
    assert items[listed.pk]["email"] is None
    assert items[listed.pk]["pic"] is None


def test_facilitator_sees_own_regions_members_in_full(world: World, api_as: Any) -> None:
    organisation = world.lubelskie.organisation
    response = api_as(world.lubelskie.facilitator).get(f"/api/v1/organisations/{organisation.pk}")
    assert response.status_code == 200
    assert response.json()["email"] == organisation.email


def test_other_region_does_not_see_a_member_that_is_not_listed(world: World, api_as: Any) -> None:
    path = f"/api/v1/organisations/{world.lubelskie.organisation.pk}"
    assert api_as(world.attica.facilitator).get(path).status_code == 404


def test_listed_member_of_another_region_shows_only_open_data(world: World, api_as: Any) -> None:
    Organisation.objects.filter(pk=world.lubelskie.organisation.pk).update(in_open_data=True)
    path = f"/api/v1/organisations/{world.lubelskie.organisation.pk}"
    body = api_as(world.attica.facilitator).get(path).json()
    assert body["name"] == world.lubelskie.organisation.name
    assert body["email"] is None


def test_search_filters_by_part_of_the_name(world: World, api_as: Any) -> None:
    for name in ("Lubelski Klaster Ekoenergetyczny", "Attica Food Cluster"):
        organisation = OrganisationFactory.create(name=name, in_open_data=True)
        MembershipFactory.create(group=world.lubelskie.group, organisation=organisation)
    names = [
        item["name"]
        for item in api_as(None).get("/api/v1/organisations?search=klaster").json()["items"]
    ]
    assert names == ["Lubelski Klaster Ekoenergetyczny"]


def test_facilitator_records_an_organisation(world: World, api_as: Any) -> None:
    response = api_as(world.lubelskie.facilitator).post(
        "/api/v1/organisations",
        {"name": "Puławy Science Park", "kind": "business_support", "nuts_code": "PL814"},
    )
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(name="Puławy Science Park")
    assert AuditEntry.objects.filter(
        action="stakeholders.organisation.created", target_id=str(organisation.pk)
    ).exists()


def test_the_same_name_in_other_letters_is_refused(world: World, api_as: Any) -> None:
    name = world.lubelskie.organisation.name.upper()
    response = api_as(world.lubelskie.facilitator).post(
        "/api/v1/organisations", {"name": name, "kind": "sme"}
    )
    assert response.status_code == 422
    assert Organisation.objects.filter(name__iexact=name).count() == 1


def test_nuts_code_must_be_in_the_country(world: World, api_as: Any) -> None:
    response = api_as(world.lubelskie.facilitator).post(
        "/api/v1/organisations",
        {"name": "Athens Tech Park", "kind": "sme", "country": "GR", "nuts_code": "PL81"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/nuts_code"


def test_member_may_not_record_organisations(world: World, api_as: Any) -> None:
    response = api_as(world.lubelskie.member).post(
        "/api/v1/organisations", {"name": "Nowa firma", "kind": "sme"}
    )
    assert response.status_code == 403


def test_facilitator_corrects_own_regions_member(world: World, api_as: Any) -> None:
    organisation = world.lubelskie.organisation
    response = api_as(world.lubelskie.facilitator).patch(
        f"/api/v1/organisations/{organisation.pk}", {"city": "Chełm"}
    )
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.city == "Chełm"


def test_other_region_may_not_correct_a_shared_listed_member(world: World, api_as: Any) -> None:
    organisation = world.lubelskie.organisation
    Organisation.objects.filter(pk=organisation.pk).update(in_open_data=True)
    response = api_as(world.attica.facilitator).patch(
        f"/api/v1/organisations/{organisation.pk}", {"city": "Piraeus"}
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.city != "Piraeus"


def test_organisation_of_both_regions_is_corrected_by_either(world: World, api_as: Any) -> None:
    organisation = world.lubelskie.organisation
    MembershipFactory.create(group=world.attica.group, organisation=organisation)
    response = api_as(world.attica.facilitator).patch(
        f"/api/v1/organisations/{organisation.pk}", {"sector": "agri-food"}
    )
    assert response.status_code == 200
