"""Every allauth page renders as a portal page (our base layout), in Polish and English."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from scaleup.testing.urls import url
from scaleup.testing.users import make_user

LANGUAGES = ["pl", "en"]


def test_our_templates_come_before_allauths() -> None:
    apps = settings.INSTALLED_APPS
    assert apps.index("scaleup.accounts") < apps.index("allauth"), (
        "scaleup.accounts must precede allauth in INSTALLED_APPS, or the app template "
        "loader finds allauth's own layout and mails first"
    )


def assert_portal_page(response: Any, language: str) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    assert 'class="account-nav"' in html
    assert "style=" not in html  # the CSP blocks inline styles


@pytest.fixture
def password_user(db: None) -> Any:
    user = make_user("ola.nowak@example.org", first_name="Ola", last_name="Nowak")
    user.set_password("Lubelskie-Warsztat-2025")
    user.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_request_login_code",
        "account_signup",
        "account_reset_password",
        "account_inactive",
        "account_password_reset_completed",
    ],
)
def test_entrance_page_uses_the_portal_layout(client: Client, name: str, language: str) -> None:
    assert_portal_page(client.get(url(name, language)), language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name",
    [
        "account_logout",
        "account_email",
        "account_set_password",
        "account_request_reauthentication_code",
    ],
)
def test_signed_in_page_uses_the_portal_layout(client: Client, name: str, language: str) -> None:
    client.force_login(make_user("ola@example.org"))
    assert_portal_page(client.get(url(name, language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["account_change_password", "account_reauthenticate"])
def test_password_page_uses_the_portal_layout(
    client: Client, password_user: Any, name: str, language: str
) -> None:
    client.force_login(password_user)
    assert_portal_page(client.get(url(name, language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_login_code_page_uses_the_portal_layout(
    client: Client, password_user: Any, language: str
) -> None:
    response = client.post(
        url("account_request_login_code", language), {"email": password_user.email}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("account_confirm_login_code", language)
    assert_portal_page(response, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_email_verification_code_page_uses_the_portal_layout(
    client: Client, language: str
) -> None:
    response = client.post(
        url("account_signup", language), {"email": "nowa@example.org"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("account_email_verification_sent", language)
    assert_portal_page(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_password_reset_code_page_uses_the_portal_layout(
    client: Client, password_user: Any, language: str
) -> None:
    response = client.post(
        url("account_reset_password", language), {"email": password_user.email}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("account_confirm_password_reset_code", language)
    assert_portal_page(response, language)


@pytest.mark.django_db
def test_sign_in_page_leads_with_the_code(client: Client) -> None:
    html = client.get(url("account_login", "en")).content.decode()
    main = html[html.index('<main id="main"') :]
    first_form = main[main.index("<form") : main.index("</form>")]
    assert f'action="{url("account_request_login_code", "en")}"' in first_form
    assert "Send me a sign-in code" in first_form


@pytest.mark.django_db
def test_sign_in_page_is_translated(client: Client) -> None:
    html = client.get(url("account_login", "pl")).content.decode()
    assert "Wyślij mi kod logowania" in html  # allauth's own Polish catalogue


@pytest.mark.django_db
def test_field_errors_are_linked_to_their_input(client: Client) -> None:
    response = client.post(url("account_signup", "en"), {"email": "not an address"})
    html = response.content.decode()
    assert 'aria-describedby="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<ul class="errorlist" id="id_email_error">' in html
    assert 'href="#id_email"' in html  # the error summary links to the field


@pytest.mark.django_db
def test_signup_honeypot_has_a_label_and_no_inline_style(client: Client) -> None:
    html = client.get(url("account_signup", "en")).content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'for="id_website"' in html


def test_password_help_text_is_referenced_by_its_input(client: Client, password_user: Any) -> None:
    client.force_login(password_user)
    html = client.get(url("account_change_password", "en")).content.decode()
    assert 'id="id_password1_helptext"' in html
    assert 'aria-describedby="id_password1_helptext"' in html
