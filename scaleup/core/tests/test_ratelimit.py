"""Rate limits: our fixed windows on join / registration, and allauth's on sign-in and codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from scaleup.core import ratelimit
from scaleup.core.ratelimit import Rate, client_address, parse_rate, rate_limited
from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.stakeholders.models import Application
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory
from scaleup.testing.urls import url

# Documentation address ranges (RFC 5737 / RFC 3849): never anyone's real address.
CLIENT_A = "192.0.2.10"
CLIENT_B = "198.51.100.20"


@pytest.fixture
def rates(settings: LazySettings) -> dict[str, str]:
    settings.RATE_LIMITS = {"join": "2/60", "registration": "2/60", "code": "2/60", "test": "2/60"}
    return dict(settings.RATE_LIMITS)


@rate_limited("test")
def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@rate_limited("test", methods=("GET", "POST"))
def _view_counting_reads(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _request(method: str = "post", **meta: Any) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/pl/x/") if method == "post" else factory.get("/pl/x/")
    request.META.update(meta)
    return request


# --- parsing and addresses ------------------------------------------------------------------


def test_parse_rate() -> None:
    assert parse_rate("10/3600") == Rate(10, 3600)


@pytest.mark.parametrize("text", ["10", "10/m", "a/60", "0/60", "5/0", "1/2/3", "-1/60"])
def test_a_malformed_rate_is_a_configuration_error(text: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_an_unconfigured_scope_is_not_limited(settings: LazySettings) -> None:
    settings.RATE_LIMITS = {"join": ""}
    assert ratelimit.rate_for("join") is None
    assert ratelimit.rate_for("elsewhere") is None
    assert all(ratelimit.hit("join", _request()) is None for _ in range(50))


def test_the_peer_address_is_counted_and_forwarded_for_ignored_without_a_proxy(
    settings: LazySettings,
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = None
    request = _request(REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert client_address(request) == CLIENT_A


def test_behind_the_proxy_the_rightmost_forwarded_address_is_counted(
    settings: LazySettings,
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client may send any X-Forwarded-For; our proxy appends the real peer on the right.
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {CLIENT_B}")
    assert client_address(request) == CLIENT_B
    assert client_address(_request(REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_ipv6_clients_are_counted_per_64_block() -> None:
    first = _request(REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    second = _request(REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    other = _request(REMOTE_ADDR="2001:db8:1:3::1")
    assert client_address(first) == client_address(second) == "2001:db8:1:2::"
    assert client_address(other) != client_address(first)
    assert client_address(_request(REMOTE_ADDR="::ffff:192.0.2.10")) == CLIENT_A


# --- the decorator --------------------------------------------------------------------------


@pytest.mark.django_db  # the 429 page shows the site's name
def test_the_decorator_refuses_over_the_limit_with_retry_after(rates: dict[str, str]) -> None:
    assert [_view(_request(REMOTE_ADDR=CLIENT_A)).status_code for _ in range(3)] == [200, 200, 429]
    refused = _view(_request(REMOTE_ADDR=CLIENT_A))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert _view(_request(REMOTE_ADDR=CLIENT_B)).status_code == 200  # counted per address


@pytest.mark.django_db  # the 429 page shows the site's name
def test_only_the_given_methods_count(rates: dict[str, str]) -> None:
    for _ in range(5):
        assert _view(_request("get", REMOTE_ADDR=CLIENT_A)).status_code == 200
    assert _view(_request(REMOTE_ADDR=CLIENT_A)).status_code == 200
    statuses = [_view_counting_reads(_request("get", REMOTE_ADDR=CLIENT_B)) for _ in range(3)]
    assert [response.status_code for response in statuses] == [200, 200, 429]


@pytest.mark.django_db  # the 429 page shows the site's name
def test_a_new_window_starts_a_new_count(
    rates: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 60 * 16_000 + 20.0  # 20 s into a 60 s window
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert [_view(_request(REMOTE_ADDR=CLIENT_A)).status_code for _ in range(3)] == [200, 200, 429]
    assert _view(_request(REMOTE_ADDR=CLIENT_A))["Retry-After"] == "40"
    now += 40
    assert _view(_request(REMOTE_ADDR=CLIENT_A)).status_code == 200


# --- the public forms -----------------------------------------------------------------------


@pytest.mark.django_db
def test_join_is_limited_per_address(client: Client, rates: dict[str, str]) -> None:
    StakeholderGroupFactory.create(accepts_applications=True)
    join = url("stakeholders:join", "pl")
    assert client.get(join).status_code == 200
    statuses = [client.post(join, {}, REMOTE_ADDR=CLIENT_A).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # invalid attempts count too: they probe just the same
    refused = client.post(join, {}, REMOTE_ADDR=CLIENT_A)
    assert refused["Retry-After"]
    assert b'<html lang="pl">' in refused.content  # the full page, in the page's language
    assert b'id="too-many-requests"' in refused.content
    assert client.get(join, REMOTE_ADDR=CLIENT_A).status_code == 200  # reading stays free
    assert client.post(join, {}, REMOTE_ADDR=CLIENT_B).status_code == 200
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_the_429_page_is_in_english_under_en(client: Client, rates: dict[str, str]) -> None:
    StakeholderGroupFactory.create(accepts_applications=True)
    join = url("stakeholders:join", "en")
    for _ in range(2):
        client.post(join, {}, REMOTE_ADDR=CLIENT_A)
    refused = client.post(join, {}, REMOTE_ADDR=CLIENT_A)
    assert refused.status_code == 429
    assert b'<html lang="en">' in refused.content
    assert b"Too many attempts" in refused.content


def _registration_data(number: int) -> dict[str, str]:
    return {
        "full_name": f"Ewa Testowa {number}",
        "email": f"ewa{number}@example.org",
        "organisation_name": "Bitwise Lublin",
        "organisation_kind": "sme",
        "consent": "on",
    }


@pytest.mark.django_db
def test_meeting_registration_is_limited_per_address(client: Client, rates: dict[str, str]) -> None:
    meeting = MeetingFactory.create()
    detail = meeting.get_absolute_url()
    statuses = [
        client.post(detail, _registration_data(number), REMOTE_ADDR=CLIENT_A).status_code
        for number in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Registration.objects.count() == 2
    assert client.get(detail, REMOTE_ADDR=CLIENT_A).status_code == 200


@pytest.mark.django_db
def test_the_htmx_registration_gets_the_message_in_place(
    client: Client, rates: dict[str, str]
) -> None:
    meeting = MeetingFactory.create()
    detail = meeting.get_absolute_url()
    headers = {"HX-Request": "true"}
    for number in range(2):
        response = client.post(detail, _registration_data(number), headers=headers)
        assert response.status_code == 200
    refused = client.post(detail, _registration_data(9), headers=headers)
    assert refused.status_code == 429
    assert refused["HX-Reswap"] == "innerHTML"
    assert refused["Retry-After"]
    body = refused.content.decode()
    assert "<html" not in body and "<h1" not in body  # a fragment under the page's own h1
    assert 'role="alert"' in body
    assert Registration.objects.count() == 2


# --- allauth's limits (ACCOUNT_RATE_LIMITS defaults) ----------------------------------------


@pytest.mark.django_db
def test_login_codes_for_one_address_are_limited(settings: LazySettings) -> None:
    """Default "request_login_code": 3 per minute per address, whoever asks."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request_code = url("account_request_login_code", "pl")
    outcomes = []
    for number in range(4):
        # A new visitor (session) and a new network each time: the e-mail address is the key.
        response = Client().post(
            request_code, {"email": "ewa@example.org"}, REMOTE_ADDR=f"192.0.2.{number + 1}"
        )
        outcomes.append(response.status_code)
    assert outcomes == [302, 302, 302, 200]
    assert response.context["form"].has_error("email", "too_many_login_attempts")
    assert len(mail.outbox) <= 3  # (no mail at all for an unknown address: no enumeration)


@pytest.mark.django_db
def test_sign_in_posts_are_limited_per_address() -> None:
    """Default "login": 30 per minute per address: the 31st is refused with our 429 page."""
    login = url("account_login", "pl")
    client = Client()
    data = {"login": "nobody@example.org", "password": "not-the-password"}
    statuses = [client.post(login, data, REMOTE_ADDR=CLIENT_A).status_code for _ in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429
    refused = client.post(login, data, REMOTE_ADDR=CLIENT_A)
    assert refused.status_code == 429
    assert b'id="too-many-requests"' in refused.content  # allauth renders our 429.html
    assert client.post(login, data, REMOTE_ADDR=CLIENT_B).status_code != 429
