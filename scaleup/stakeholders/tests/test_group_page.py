"""The public group page: who runs it, its member organisations, and only consenting people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.stakeholders.invitations import group_consent_context
from scaleup.stakeholders.tests.factories import MembershipFactory, PersonFactory
from scaleup.testing.urls import url
from scaleup.testing.world import World


def _page(client: Client, world: World) -> str:
    response = client.get(url("stakeholders:group", "en", slug=world.lubelskie.group.slug))
    assert response.status_code == 200
    return response.content.decode()


def _consent(email: str, *, context: str = "", withdrawn: bool = False) -> ConsentRecord:
    given = timezone.now() - dt.timedelta(days=2)
    return ConsentRecord.objects.create(
        email=email,
        purpose=ConsentPurpose.PUBLIC_LISTING,
        context=context,
        text_version="2026-11-26",
        given_at=given,
        withdrawn_at=given + dt.timedelta(days=1) if withdrawn else None,
    )


def test_page_shows_group_partner_and_instrument(client: Client, world: World) -> None:
    html = _page(client, world)
    group = world.lubelskie.group
    assert group.name_en in html
    assert group.partner.name in html
    assert group.policy_instrument.name_pl in html or group.policy_instrument.name_en in html


def test_page_lists_active_member_organisations_only(client: Client, world: World) -> None:
    left = MembershipFactory.create(
        group=world.lubelskie.group, left_on=dt.date(2024, 6, 30)
    ).organisation
    html = _page(client, world)
    assert world.lubelskie.organisation.name in html
    assert left.name not in html
    assert world.attica.organisation.name not in html


def test_people_without_consent_are_not_named(client: Client, world: World) -> None:
    html = _page(client, world)
    assert "Member Lubelskie" not in html
    assert world.lubelskie.member.email not in html


def test_a_person_with_consent_is_named(client: Client, world: World) -> None:
    _consent(world.lubelskie.member.email.upper())  # matched regardless of case
    assert "Member Lubelskie" in _page(client, world)


def test_a_consent_for_this_group_counts(client: Client, world: World) -> None:
    _consent(world.lubelskie.member.email, context=group_consent_context(world.lubelskie.group))
    assert "Member Lubelskie" in _page(client, world)


def test_a_consent_for_another_group_does_not_count(client: Client, world: World) -> None:
    _consent(world.lubelskie.member.email, context=group_consent_context(world.attica.group))
    assert "Member Lubelskie" not in _page(client, world)


def test_a_withdrawn_consent_hides_the_person(client: Client, world: World) -> None:
    _consent(world.lubelskie.member.email, withdrawn=True)
    assert "Member Lubelskie" not in _page(client, world)


def test_a_consenting_person_of_a_non_member_is_not_named(client: Client, world: World) -> None:
    outsider = PersonFactory.create(first_name="Zofia", last_name="Obca")
    _consent(outsider.email)
    assert "Zofia Obca" not in _page(client, world)


@pytest.mark.django_db
def test_an_unknown_group_is_not_found(client: Client) -> None:
    assert client.get(url("stakeholders:group", slug="no-such-group")).status_code == 404


def test_page_queries_do_not_grow_with_members(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    for _ in range(20):
        person = PersonFactory.create()
        MembershipFactory.create(group=world.lubelskie.group, organisation=person.organisation)
        _consent(person.email)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        _page(client, world)


def test_join_page_links_to_the_group_pages(client: Client, world: World) -> None:
    html = client.get(url("stakeholders:join", "en")).content.decode()
    for region in (world.lubelskie, world.attica):
        assert url("stakeholders:group", "en", slug=region.group.slug) in html
    assert url("stakeholders:invitation_code", "en") in html
