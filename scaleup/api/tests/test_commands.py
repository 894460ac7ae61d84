"""`scaleup create-api-token`: a key printed once, read only unless `--write`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from scaleup.api.models import ApiToken, hash_key
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db


def _make(*options: str) -> str:
    out = io.StringIO()
    call_command(
        "create_api_token", "ewa.lis@example.org", "--name", "nightly", *options, stdout=out
    )
    return out.getvalue().strip()


def test_the_printed_key_is_a_read_only_token_of_the_account() -> None:
    user = make_user("ewa.lis@example.org")
    key = _make()
    token = ApiToken.objects.get(key_hash=hash_key(key))
    assert (token.user, token.read_only) == (user, True)


def test_write_makes_a_token_that_may_change_records() -> None:
    make_user("ewa.lis@example.org")
    assert ApiToken.objects.get(key_hash=hash_key(_make("--write"))).read_only is False


def test_an_unknown_address_is_an_error() -> None:
    with pytest.raises(CommandError, match="No account has the e-mail address"):
        _make()
