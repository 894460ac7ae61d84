from __future__ import annotations

import pytest

from scaleup.stakeholders.models import Application
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db

VALID = {
    "organisation_name": "Klaster Nowy",
    "organisation_kind": "cluster",
    "contact_first_name": "Jan",
    "contact_last_name": "Nowak",
    "contact_email": "jan@example.org",
    "consent": "on",
}


def join_url(language="pl"):
    return url("stakeholders:join", language)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_join_form_renders(client, language):
    StakeholderGroupFactory.create()
    response = client.get(join_url(language))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.text
    assert 'name="organisation_name"' in response.text


def test_single_group_is_chosen_without_asking(client):
    StakeholderGroupFactory.create()
    assert 'type="hidden" name="group"' in client.get(join_url()).text


def test_valid_application_is_saved_pending_and_redirects(client):
    group = StakeholderGroupFactory.create()
    response = client.post(join_url(), VALID | {"group": group.pk})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Application.Status.PENDING
    assert application.group == group


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation_name", ""),
        ("organisation_kind", "bank"),
        ("contact_email", "jan@"),
        ("website", "not a url"),
        ("consent", ""),
    ],
)
def test_invalid_application_shows_error_and_saves_nothing(client, field, value):
    group = StakeholderGroupFactory.create()
    data = VALID | {"group": group.pk, field: value}
    if not value:
        data.pop(field)
    response = client.post(join_url("en"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Application.objects.exists()


def test_duplicate_pending_application_shows_message(client):
    group = StakeholderGroupFactory.create()
    client.post(join_url(), VALID | {"group": group.pk})
    response = client.post(join_url("en"), VALID | {"group": group.pk})
    assert "already waiting" in response.text
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("website", "https://example.org/" + "a" * 200), ("contact_email", "a" * 250 + "@ex.org")],
)
def test_too_long_values_are_form_errors_not_crashes(client, field, value):
    group = StakeholderGroupFactory.create()
    response = client.post(join_url("en"), VALID | {"group": group.pk, field: value})
    assert response.context["form"].errors[field]
    assert not Application.objects.exists()


def test_join_page_says_closed_when_no_group_takes_applications(client):
    StakeholderGroupFactory.create(accepts_applications=False)
    response = client.get(join_url("en"))
    assert "not taking applications" in response.text
    assert 'name="organisation_name"' not in response.text


def test_group_choice_shows_name_in_page_language(client):
    StakeholderGroupFactory.create(name_pl="Grupa A", name_en="Group A")
    StakeholderGroupFactory.create(name_pl="Grupa B", name_en="Group B")
    text = client.get(join_url("en")).text
    assert "Group A" in text
    assert "Grupa A" not in text
