"""Signing in and up by e-mail code, passwords, and where people land afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import LazySettings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from scaleup.access.grants import grants_for, roles_of
from scaleup.access.roles import Role
from scaleup.accounts.tests.helpers import last_code
from scaleup.stakeholders.tests.factories import PersonFactory
from scaleup.testing.urls import url
from scaleup.testing.users import make_user

EVIL = "https://evil.example/"


def _signed_in_user(client: Client) -> Any:
    user_id = client.session.get("_auth_user_id")
    return None if user_id is None else get_user_model().objects.get(pk=user_id)


def request_and_confirm_code(
    client: Client, email: str, *, language: str = "pl", next_url: str = ""
) -> Any:
    """As a browser does it: the `next` of the sign-in page travels in both forms."""
    extra = {"next": next_url} if next_url else {}
    response = client.post(url("account_request_login_code", language), {"email": email, **extra})
    assert response.status_code == 302
    confirm_page = response["Location"]
    assert confirm_page.startswith(url("account_confirm_login_code", language))
    return client.post(confirm_page, {"code": last_code(email), **extra})


@pytest.mark.django_db
def test_sign_in_by_code_end_to_end(client: Client) -> None:
    user = make_user("jan.kowalski@example.org")
    response = request_and_confirm_code(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == url("accounts:home", "pl")
    assert _signed_in_user(client) == user


@pytest.mark.django_db
def test_a_wrong_code_does_not_sign_in(client: Client) -> None:
    user = make_user("jan.kowalski@example.org")
    client.post(url("account_request_login_code"), {"email": user.email})
    response = client.post(url("account_confirm_login_code"), {"code": "WRONG1"})
    assert response.status_code == 200
    assert _signed_in_user(client) is None


@pytest.mark.django_db
def test_sign_in_code_mail_is_in_the_page_language() -> None:
    make_user("jan.kowalski@example.org")
    make_user("anna.nowak@example.org")
    Client().post(url("account_request_login_code", "en"), {"email": "jan.kowalski@example.org"})
    Client().post(url("account_request_login_code", "pl"), {"email": "anna.nowak@example.org"})
    english, polish = mail.outbox
    assert english.subject == "Sign-In Code"
    assert polish.subject == "Kod logowania"


@pytest.mark.django_db
def test_mail_greets_with_the_portal_name(client: Client) -> None:
    make_user("jan.kowalski@example.org")
    client.post(url("account_request_login_code", "en"), {"email": "jan.kowalski@example.org"})
    body = mail.outbox[-1].body
    assert "testserver" not in body
    assert "Hello from scaleup!" in body


@pytest.mark.django_db
def test_sign_up_by_code(client: Client) -> None:
    response = client.post(url("account_signup"), {"email": "nowa.osoba@example.org"})
    assert response["Location"] == url("account_email_verification_sent")
    response = client.post(
        url("account_email_verification_sent"), {"code": last_code("nowa.osoba@example.org")}
    )
    assert response["Location"] == url("accounts:home")
    user = _signed_in_user(client)
    assert user.email == "nowa.osoba@example.org"
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_a_new_account_has_no_role(client: Client) -> None:
    # Even when a member organisation's contact person has this address: only an
    # invitation links an account to a person.
    PersonFactory.create(email="nowa.osoba@example.org")
    client.post(url("account_signup"), {"email": "nowa.osoba@example.org"})
    client.post(
        url("account_email_verification_sent"), {"code": last_code("nowa.osoba@example.org")}
    )
    user = _signed_in_user(client)
    assert grants_for(user) == ()
    assert roles_of(user) == [Role.PUBLIC]
    assert not user.is_staff and not user.is_superuser


@pytest.mark.django_db
def test_a_set_password_is_hashed_with_argon2(client: Client) -> None:
    user = make_user("jan.kowalski@example.org")
    client.force_login(user)
    response = client.post(
        url("account_set_password"),
        {"password1": "Warsztaty-Lublin-2025", "password2": "Warsztaty-Lublin-2025"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password("Warsztaty-Lublin-2025")


@pytest.mark.django_db
def test_password_sign_in_once_a_password_is_allowed(
    client: Client, settings: LazySettings
) -> None:
    """With "password1" (optional) in ACCOUNT_SIGNUP_FIELDS, a set password signs in too."""
    settings.ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
    assert 'name="password"' in client.get(url("account_login", "en")).content.decode()
    user = make_user("jan.kowalski@example.org")
    user.set_password("Warsztaty-Lublin-2025")
    user.save()
    response = client.post(
        url("account_login"), {"login": user.email, "password": "Warsztaty-Lublin-2025"}
    )
    assert response["Location"] == url("accounts:home")


@pytest.mark.django_db
def test_login_next_to_another_site_is_ignored(client: Client) -> None:
    user = make_user("jan.kowalski@example.org")
    response = request_and_confirm_code(client, user.email, next_url=EVIL)
    assert response["Location"] == url("accounts:home")


@pytest.mark.django_db
def test_a_signed_in_visitor_is_not_redirected_off_site(client: Client) -> None:
    client.force_login(make_user("jan.kowalski@example.org"))
    for target in (EVIL, "//evil.example/", "https:evil.example"):
        response = client.get(url("account_login"), {"next": target})
        assert response["Location"] == url("accounts:home"), target


@pytest.mark.django_db
def test_login_next_within_the_site_is_followed(client: Client) -> None:
    user = make_user("jan.kowalski@example.org")
    response = request_and_confirm_code(client, user.email, next_url="/pl/meetings/")
    assert response["Location"] == "/pl/meetings/"


def test_the_adapter_accepts_only_own_paths() -> None:
    from scaleup.accounts.adapter import AccountAdapter

    adapter = AccountAdapter()
    assert adapter.is_safe_url("/pl/account/")
    for unsafe in (
        EVIL,
        "//evil.example/x",
        "http://testserver/pl/",
        "",
        None,
        "javascript:alert(1)",
    ):
        assert not adapter.is_safe_url(unsafe), unsafe


@pytest.mark.django_db
def test_people_are_named_by_name_or_address_not_username() -> None:
    from scaleup.accounts.adapter import user_display

    assert user_display(make_user("jan.kowalski@example.org", first_name="Jan")) == "Jan"
    assert user_display(make_user("anna@example.org")) == "anna@example.org"
