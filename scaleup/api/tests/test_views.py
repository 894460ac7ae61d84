from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from scaleup.api import services
from scaleup.api.models import ApiToken, hash_key
from scaleup.api.tests.factories import token_for
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def person_client() -> tuple[Any, Client]:
    user = make_user("ewa.lis@example.org")
    client = Client()
    client.force_login(user)
    return user, client


def _make(client: Client, **fields: str) -> str:
    """Make a token on the page; the key, as the page after the redirect shows it."""
    data = {"name": "report", "valid_for_days": "30", **fields}
    response = client.post(_url("api_tokens:list"), data, follow=True)
    assert response.redirect_chain == [(_url("api_tokens:list"), 302)]
    return str(response.context["new_key"])


def test_new_token_key_is_shown_once_and_only_its_hash_kept(
    person_client: tuple[Any, Client],
) -> None:
    user, client = person_client
    key = _make(client)
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_key(key)
    assert key.encode() not in client.get(_url("api_tokens:list")).content
    # Nothing on the server holds it: not the session either.
    assert key not in repr(dict(client.session.items()))


def test_reloading_the_page_after_making_a_token_makes_no_other(
    person_client: tuple[Any, Client],
) -> None:
    user, client = person_client
    _make(client)
    client.get(_url("api_tokens:list"))
    assert ApiToken.objects.filter(user=user).count() == 1


def test_the_new_key_works_with_the_api(person_client: tuple[Any, Client]) -> None:
    _user, client = person_client
    key = _make(client, read_only="")
    api = Client().get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200


def test_a_token_is_read_only_unless_the_box_is_cleared(
    person_client: tuple[Any, Client],
) -> None:
    user, client = person_client
    _make(client, name="reader", read_only="on")
    _make(client, name="writer")  # an unticked box is not sent
    assert dict(ApiToken.objects.filter(user=user).values_list("name", "read_only")) == {
        "reader": True,
        "writer": False,
    }


def test_a_read_only_token_reads_and_is_refused_any_change(world: Any) -> None:
    _token, key = services.create_token(
        user=world.lubelskie.facilitator,
        name="reader",
        valid_for_days=30,
        read_only=True,
        actor=None,
    )
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    meeting = world.lubelskie.meeting
    assert Client().get(f"/api/v1/meetings/{meeting.pk}", **auth).status_code == 200
    refused = Client().patch(
        f"/api/v1/meetings/{meeting.pk}",
        data='{"capacity": 5}',
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("read-only-token")
    meeting.refresh_from_db()
    assert meeting.capacity != 5


def test_an_account_has_at_most_so_many_tokens_in_use(
    person_client: tuple[Any, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    user, client = person_client
    monkeypatch.setattr(services, "MOST_ACTIVE_TOKENS", 2)
    token_for(user, name="one")
    token_for(user, name="two")
    response = client.post(_url("api_tokens:list"), {"name": "three", "valid_for_days": "30"})
    assert response.status_code == 400
    assert "the most an account may have" in str(response.context["form"].non_field_errors())
    services.revoke_token(token=ApiToken.objects.get(name="one"), actor=user)
    assert _make(client, name="three")


def test_using_a_token_is_noted_to_the_nearest_few_minutes(
    person_client: tuple[Any, Client],
) -> None:
    user, _client = person_client
    key = token_for(user)
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    Client().get("/api/v1/meetings", **auth)
    first = ApiToken.objects.get(user=user).last_used_at
    assert first is not None
    Client().get("/api/v1/meetings", **auth)
    assert ApiToken.objects.get(user=user).last_used_at == first


def test_a_second_token_with_the_same_name_is_a_form_error(
    person_client: tuple[Any, Client],
) -> None:
    user, client = person_client
    token_for(user, name="report")
    response = client.post(_url("api_tokens:list"), {"name": "report", "valid_for_days": "30"})
    assert response.context["form"].errors["name"]
    assert ApiToken.objects.filter(user=user).count() == 1


def test_a_revoked_token_is_refused(person_client: tuple[Any, Client]) -> None:
    user, client = person_client
    key = token_for(user, name="report")
    token = ApiToken.objects.get(user=user)
    client.post(_url("api_tokens:revoke", token_id=token.pk))
    api = Client().get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401


def test_an_expired_token_is_refused(person_client: tuple[Any, Client]) -> None:
    user, _client = person_client
    key = token_for(user, name="report")
    ApiToken.objects.filter(user=user).update(
        created_at="2019-12-01T00:00:00Z", expires_at="2020-01-01T00:00:00Z"
    )
    api = Client().get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401


def test_a_deactivated_accounts_token_is_refused(person_client: tuple[Any, Client]) -> None:
    user, _client = person_client
    key = token_for(user, name="report")
    user.is_active = False
    user.save()
    api = Client().get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401


def test_someone_elses_token_cannot_be_revoked(person_client: tuple[Any, Client]) -> None:
    _user, client = person_client
    other = make_user("jan.nowak@example.org")
    token_for(other, name="theirs")
    token = ApiToken.objects.get(user=other)
    response = client.post(_url("api_tokens:revoke", token_id=token.pk))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_openapi_document_names_every_resource() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/meetings", "/api/v1/reports/semester", "/api/v1/workshops/{slug}/votes"} <= (
        set(document["paths"])
    )
    problem = document["paths"]["/api/v1/meetings"]["post"]["responses"]["422"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_public_reads_are_documented_as_needing_no_token() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["paths"]["/api/v1/meetings"]["get"]["security"] == [{}, {"TokenAuth": []}]
    assert document["paths"]["/api/v1/meetings"]["post"]["security"] == [{"TokenAuth": []}]


def test_an_expired_tokens_name_can_be_used_again(person_client: tuple[Any, Client]) -> None:
    user, _client = person_client
    token_for(user, name="report")
    ApiToken.objects.filter(user=user).update(
        created_at="2019-12-01T00:00:00Z", expires_at="2020-01-01T00:00:00Z"
    )
    token_for(user, name="report")
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
