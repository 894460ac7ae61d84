"""Who may record and correct an organisation, and who sees its whole record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from scaleup.core.models import AuditEntry
from scaleup.stakeholders import selectors, services
from scaleup.stakeholders.models import Organisation
from scaleup.stakeholders.tests.factories import MembershipFactory, OrganisationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_correction_is_audited_with_the_changed_fields(world: World) -> None:
    organisation = world.lubelskie.organisation
    organisation.city = "Biała Podlaska"
    services.save_organisation(organisation=organisation, actor=world.lubelskie.facilitator)
    entry = AuditEntry.objects.get(action="stakeholders.organisation.changed")
    assert entry.data["changes"]["city"][1] == "Biała Podlaska"


def test_another_regions_facilitator_may_not_correct_it(world: World) -> None:
    organisation = world.lubelskie.organisation
    organisation.city = "Piraeus"
    with pytest.raises(PermissionDenied):
        services.save_organisation(organisation=organisation, actor=world.attica.facilitator)


def test_an_organisation_of_no_region_is_any_facilitators(world: World) -> None:
    unaffiliated = OrganisationFactory.create()
    assert selectors.may_manage_organisation(world.attica.facilitator, unaffiliated)
    assert not selectors.may_manage_organisation(world.lubelskie.member, unaffiliated)


def test_invalid_record_is_not_saved(world: World) -> None:
    organisation = Organisation(name="", kind="sme")
    with pytest.raises(Exception, match="name"):
        services.save_organisation(organisation=organisation, actor=world.coordinator)
    assert not Organisation.objects.filter(name="").exists()


def test_staff_see_the_whole_record_of_their_regions_members(world: World) -> None:
    organisation = world.lubelskie.organisation
    assert selectors.sees_whole_organisation(world.lubelskie.facilitator, organisation)
    assert not selectors.sees_whole_organisation(world.attica.facilitator, organisation)
    assert selectors.sees_whole_organisation(world.coordinator, organisation)


def test_a_member_of_both_regions_is_seen_whole_by_both(world: World) -> None:
    organisation = world.lubelskie.organisation
    MembershipFactory.create(group=world.attica.group, organisation=organisation)
    assert selectors.sees_whole_organisation(world.attica.facilitator, organisation)


def test_the_public_sees_only_listed_organisations(world: World) -> None:
    listed = OrganisationFactory.create(in_open_data=True)
    MembershipFactory.create(group=world.lubelskie.group, organisation=listed)
    former = OrganisationFactory.create(in_open_data=True)
    MembershipFactory.create(group=world.lubelskie.group, organisation=former, left_on="2020-01-01")
    never = OrganisationFactory.create(in_open_data=True)
    visible = set(selectors.visible_organisations(None).values_list("pk", flat=True))
    assert listed.pk in visible
    assert world.lubelskie.organisation.pk not in visible
    assert former.pk not in visible
    assert never.pk not in visible
