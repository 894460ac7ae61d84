"""'My account': who one is, one's roles and where they apply, groups, and the name form."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaleup.core.models import AuditEntry
from scaleup.testing.urls import url
from scaleup.testing.users import make_user
from scaleup.testing.world import World


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(url("accounts:home"))
    assert response["Location"].startswith(url("account_login"))


def test_member_sees_role_group_and_organisation(client: Client, world: World) -> None:
    client.force_login(world.lubelskie.member)
    html = client.get(url("accounts:home", "en")).content.decode()
    group = world.lubelskie.group
    assert "Group member" in html
    assert group.name_en in html
    assert url("stakeholders:group", "en", slug=group.slug) in html
    assert world.lubelskie.organisation.name in html
    assert world.attica.group.name_en not in html


def test_facilitator_sees_the_partner_and_the_workspace_permission(
    client: Client, world: World
) -> None:
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("accounts:home", "en"))
    roles = response.context["roles"]
    assert [(held.role, held.places) for held in roles] == [
        ("facilitator", (world.lubelskie.partner.short_name,))
    ]
    assert "Partner facilitator" in response.content.decode()


def test_coordinator_sees_every_partner_of_the_project(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    roles = client.get(url("accounts:home", "en")).context["roles"]
    assert roles[0].places == ("Attica", "Lubelskie")


def test_site_admin_role_applies_everywhere(client: Client, world: World) -> None:
    client.force_login(world.site_admin)
    html = client.get(url("accounts:home", "en")).content.decode()
    assert "Site administrator" in html
    assert "all partner regions" in html


def test_an_account_without_roles_says_so(client: Client, world: World) -> None:
    client.force_login(world.outsider)
    response = client.get(url("accounts:home", "en"))
    assert response.context["roles"] == []
    assert "You have no role in a group yet." in response.content.decode()


@pytest.mark.django_db
def test_home_offers_sign_out_as_a_post_form(client: Client) -> None:
    client.force_login(make_user("ola@example.org"))
    html = client.get(url("accounts:home", "en")).content.decode()
    assert f'<form method="post" action="{url("account_logout", "en")}">' in html


@pytest.mark.django_db
def test_profile_change_is_saved_and_audited(client: Client) -> None:
    user = make_user("ola@example.org", first_name="Ola", last_name="Nowak")
    client.force_login(user)
    response = client.post(
        url("accounts:profile"), {"first_name": "Aleksandra", "last_name": "Nowak"}
    )
    assert response["Location"] == url("accounts:home")
    user.refresh_from_db()
    assert user.first_name == "Aleksandra"
    entry = AuditEntry.objects.get(action="accounts.profile.changed")
    assert entry.actor == user
    assert entry.data["changes"] == {"first_name": ["Ola", "Aleksandra"]}


@pytest.mark.django_db
def test_profile_without_a_change_writes_no_audit_entry(client: Client) -> None:
    client.force_login(make_user("ola@example.org", first_name="Ola", last_name="Nowak"))
    client.post(url("accounts:profile"), {"first_name": "Ola", "last_name": "Nowak"})
    assert not AuditEntry.objects.filter(action="accounts.profile.changed").exists()


@pytest.mark.django_db
def test_profile_refuses_an_empty_name(client: Client) -> None:
    user = make_user("ola@example.org", first_name="Ola", last_name="Nowak")
    client.force_login(user)
    response = client.post(url("accounts:profile", "en"), {"first_name": " ", "last_name": "X"})
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Ola", "Nowak")


@pytest.mark.django_db
def test_header_shows_sign_in_to_visitors(client: Client) -> None:
    html = client.get(url("news:home", "en")).content.decode()
    assert f'href="{url("account_login", "en")}"' in html
    assert url("accounts:home", "en") not in html


def test_header_shows_account_and_sign_out_to_members(client: Client, world: World) -> None:
    client.force_login(world.lubelskie.member)
    html = client.get(url("news:home", "en")).content.decode()
    assert f'href="{url("accounts:home", "en")}"' in html
    assert f'action="{url("account_logout", "en")}"' in html


def test_facilitator_gets_the_workspace_link(client: Client, world: World) -> None:
    client.force_login(world.lubelskie.facilitator)
    html = client.get(url("accounts:home", "en")).content.decode()
    assert f'href="{url("workspace:dashboard", "en")}"' in html


def test_member_gets_no_workspace_link(client: Client, world: World) -> None:
    client.force_login(world.lubelskie.member)
    html = client.get(url("accounts:home", "en")).content.decode()
    assert url("workspace:dashboard", "en") not in html
    assert f'href="{url("privacy:my_data", "en")}"' in html


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first_name=st.text(max_size=300), last_name=st.text(max_size=300))
def test_any_name_is_saved_whole_or_refused(
    client: Client, first_name: str, last_name: str
) -> None:
    user = make_user(
        f"{len(first_name)}.{len(last_name)}@example.org", first_name="Ola", last_name="Nowak"
    )
    client.force_login(user)
    response = client.post(
        url("accounts:profile", "en"), {"first_name": first_name, "last_name": last_name}
    )
    assert response.status_code in (200, 302)
    user.refresh_from_db()
    if response.status_code == 200:
        assert (user.first_name, user.last_name) == ("Ola", "Nowak")
    else:
        assert (user.first_name, user.last_name) == (first_name.strip(), last_name.strip())
    user.delete()
