"""Admin edits of records without their own service are written to the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from scaleup.core.models import AuditEntry
from scaleup.projects.tests.factories import PartnerFactory
from scaleup.stakeholders.tests.factories import MembershipFactory
from scaleup.testing.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user_client(client: Client) -> Client:
    client.force_login(make_user("root@example.org", superuser=True))
    return client


def test_changing_a_partner_records_the_changed_fields(admin_user_client: Client) -> None:
    partner = PartnerFactory.create(city="Lublin")
    url = reverse("admin:projects_partner_change", args=[partner.pk])
    form = admin_user_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        city="Puławy", policy_instrument=partner.policy_instrument_id, project=partner.project_id
    )
    response = admin_user_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="projects.partner.changed")
    assert entry.data["changes"] == {"city": ["Lublin", "Puławy"]}
    assert entry.data["via"] == "admin"
    assert entry.tenant_id is None  # a partner is reference data, not inside a region


def test_deleting_a_membership_is_recorded_with_its_region(admin_user_client: Client) -> None:
    membership = MembershipFactory.create(joined_on=dt.date(2020, 1, 1))
    url = reverse("admin:stakeholders_membership_delete", args=[membership.pk])
    response = admin_user_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="stakeholders.membership.deleted")
    assert entry.tenant_id == membership.group.partner_id


def test_making_someone_a_superuser_is_recorded(admin_user_client: Client) -> None:
    person = make_user("jan@example.org")
    url = reverse("admin:auth_user_change", args=[person.pk])
    form = admin_user_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        is_superuser="on",
        is_active="on",
        date_joined_0=person.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=person.date_joined.strftime("%H:%M:%S"),
        groups=[],
        user_permissions=[],
    )
    for key in ("date_joined", "last_login", "is_staff"):
        data.pop(key, None)
    response = admin_user_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="auth.user.changed")
    assert entry.data["changes"]["is_superuser"] == [False, True]
    assert "password" not in entry.data["changes"]
