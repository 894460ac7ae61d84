"""A site administrator revokes tokens from the admin (an account that leaves, a leak)."""

from __future__ import annotations

import pytest
from django.test import Client

from scaleup.api.models import ApiToken
from scaleup.api.tests.factories import token_for
from scaleup.core.models import AuditEntry
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/api/apitoken/"


def test_the_selected_tokens_are_revoked_and_audited(admin_client: Client) -> None:
    owner = make_user("ewa.lis@example.org")
    token_for(owner, name="leaked")
    token_for(owner, name="kept")
    leaked = ApiToken.objects.get(name="leaked")

    response = admin_client.post(
        CHANGELIST,
        {"action": "revoke", "_selected_action": [leaked.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "1 token is revoked." in response.content.decode()
    revoked = {token.name: token.revoked_at is not None for token in ApiToken.objects.all()}
    assert revoked == {"leaked": True, "kept": False}
    assert AuditEntry.objects.filter(action="api.token.revoked").count() == 1
