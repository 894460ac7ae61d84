from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scaleup.core.models import AuditEntry
from scaleup.stakeholders.models import Invitation, Membership, Organisation
from scaleup.stakeholders.tests.factories import MembershipFactory, PersonFactory
from scaleup.testing.urls import url
from scaleup.workspace.tests.factories import make_invitation

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _invite_data(world, **changes):
    return {
        "first_name": "Iwona",
        "last_name": "Nowa",
        "email": "iwona.nowa@example.org",
        "organisation": world.lubelskie.organisation.pk,
        "organisation_name": "",
        "organisation_kind": "",
        "language": "en",
    } | changes


def test_members_page_lists_organisations_and_contact_persons(client, world):
    former = MembershipFactory.create(
        group=world.lubelskie.group, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2021, 1, 1)
    )
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:members", slug=world.lubelskie.group.slug))
    assert response.status_code == 200
    assert world.lubelskie.organisation.name in response.text
    assert world.lubelskie.member.email in response.text
    assert former.organisation.name in response.text
    assert "2021-01-01" in response.text
    assert world.attica.organisation.name not in response.text
    assert '<th scope="col">' in response.text
    assert "<caption>" in response.text


def test_end_membership_records_the_date_and_the_diff(client, world):
    membership = world.lubelskie.membership
    today = timezone.localdate()
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:membership_end", pk=membership.pk), {"left_on": today.isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == url("workspace:members", slug=world.lubelskie.group.slug)
    membership.refresh_from_db()
    assert membership.left_on == today
    entry = AuditEntry.objects.get(action="stakeholders.membership.ended")
    assert entry.actor == world.lubelskie.facilitator
    assert entry.tenant_id == world.lubelskie.partner.pk
    assert entry.data["changes"] == {"left_on": [None, today.isoformat()]}


def test_end_before_joining_is_refused(client, world):
    membership = world.lubelskie.membership
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:membership_end", "en", pk=membership.pk),
        {"left_on": "2000-01-01"},
        follow=True,
    )
    membership.refresh_from_db()
    assert membership.left_on is None
    assert any("before the date of joining" in m for m in _messages(response))
    assert not AuditEntry.objects.filter(action="stakeholders.membership.ended").exists()


@pytest.mark.parametrize("value", ["", "not a date", "2024-02-30"])
def test_end_with_a_bad_date_is_refused(client, world, value):
    membership = world.lubelskie.membership
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:membership_end", pk=membership.pk), {"left_on": value}, follow=True
    )
    membership.refresh_from_db()
    assert membership.left_on is None
    assert _messages(response)


def test_an_ended_membership_cannot_end_again(client, world):
    membership = world.lubelskie.membership
    membership.left_on = dt.date(2023, 1, 1)
    membership.save()
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:membership_end", "en", pk=membership.pk),
        {"left_on": "2024-01-01"},
        follow=True,
    )
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2023, 1, 1)
    assert any("already left" in m for m in _messages(response))


def test_ending_the_membership_takes_away_the_group_space(client, world):
    client.force_login(world.lubelskie.facilitator)
    client.post(
        url("workspace:membership_end", pk=world.lubelskie.membership.pk),
        {"left_on": timezone.localdate().isoformat()},
    )
    client.force_login(world.lubelskie.member)
    assert client.get(url("workspace:group", slug=world.lubelskie.group.slug)).status_code == 403


def test_invite_an_existing_member_organisations_person(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.lubelskie.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("workspace:invite", slug=world.lubelskie.group.slug), _invite_data(world)
        )
    assert response.status_code == 302
    assert response["Location"] == url("workspace:members", slug=world.lubelskie.group.slug)
    invitation = Invitation.objects.get()
    assert invitation.group == world.lubelskie.group
    assert invitation.organisation == world.lubelskie.organisation
    assert invitation.invited_by == world.lubelskie.facilitator
    assert invitation.language == "en"
    assert [message.to for message in mailoutbox] == [["iwona.nowa@example.org"]]
    page = client.get(url("workspace:members", slug=world.lubelskie.group.slug)).text
    assert "iwona.nowa@example.org" in page
    assert url("workspace:invitation_revoke", pk=invitation.pk) in page


def test_invite_for_a_new_organisation(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:invite", slug=world.lubelskie.group.slug),
        _invite_data(
            world, organisation="", organisation_name="Nowa Fundacja", organisation_kind="ngo"
        ),
    )
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == Organisation.objects.get(name="Nowa Fundacja")


@pytest.mark.parametrize(
    "changes",
    [
        {"organisation": "", "organisation_name": "", "organisation_kind": ""},
        {"organisation": "", "organisation_name": "Nowa Fundacja", "organisation_kind": ""},
        {"email": "not-an-address"},
        {"first_name": ""},
        {"language": "de"},
        {"email": "x" * 300 + "@example.org"},
    ],
)
def test_invalid_invitation_is_a_form_error_and_saves_nothing(client, world, changes):
    client.force_login(world.lubelskie.facilitator)
    organisations = Organisation.objects.count()
    response = client.post(
        url("workspace:invite", slug=world.lubelskie.group.slug), _invite_data(world, **changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="form-errors"' in response.text
    assert not Invitation.objects.exists()
    assert Organisation.objects.count() == organisations


def test_invite_cannot_name_another_regions_organisation(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:invite", slug=world.lubelskie.group.slug),
        _invite_data(world, organisation=world.attica.organisation.pk),
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_second_open_invitation_is_refused(client, world):
    make_invitation(
        world.lubelskie.group, world.lubelskie.organisation, email="iwona.nowa@example.org"
    )
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:invite", "en", slug=world.lubelskie.group.slug), _invite_data(world)
    )
    assert response.status_code == 200
    assert "already has an open invitation" in response.text
    assert Invitation.objects.count() == 1


def test_revoke_an_invitation(client, world):
    invitation = make_invitation(world.lubelskie.group, world.lubelskie.organisation)
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:invitation_revoke", pk=invitation.pk))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="stakeholders.invitation.revoked").exists()
    again = client.post(url("workspace:invitation_revoke", "en", pk=invitation.pk), follow=True)
    assert any("already been withdrawn" in m for m in _messages(again))


def _rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_export_contact_persons_is_a_csv_download_and_is_audited(client, world):
    former = MembershipFactory.create(
        group=world.lubelskie.group, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2021, 1, 1)
    )
    PersonFactory.create(organisation=former.organisation, email="former@example.org")
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:members_export", slug=world.lubelskie.group.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="members-rsg-lubelskie-'
    )
    assert "no-store" in response["Cache-Control"]
    rows = _rows(response)
    assert len(rows) == 2
    assert world.lubelskie.member.email in rows[1]
    assert "former@example.org" not in response.content.decode()
    entry = AuditEntry.objects.get(action="stakeholders.members.exported")
    assert entry.actor == world.lubelskie.facilitator
    assert entry.tenant_id == world.lubelskie.partner.pk
    assert entry.data["rows"] == 1


def test_export_neutralises_spreadsheet_formulas(client, world):
    person = PersonFactory.create(
        organisation=world.lubelskie.organisation,
        first_name='=HYPERLINK("http://evil.example","x")',
        email="formula@example.org",
    )
    world.lubelskie.membership.contacts.add(person)
    client.force_login(world.lubelskie.facilitator)
    rows = _rows(client.get(url("workspace:members_export", slug=world.lubelskie.group.slug)))
    first_names = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in first_names


def test_the_xlsx_export_keeps_a_formula_looking_name_as_text(client, world):
    from openpyxl import load_workbook

    person = PersonFactory.create(
        organisation=world.lubelskie.organisation,
        first_name='=HYPERLINK("http://evil.example","x")',
        email="formula@example.org",
    )
    world.lubelskie.membership.contacts.add(person)
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:members_export_xlsx", slug=world.lubelskie.group.slug))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "organizacja"  # the page is in Polish
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.column == 4]
    hyperlink = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    assert (hyperlink.value, hyperlink.data_type) == ('=HYPERLINK("http://evil.example","x")', "s")
    entry = AuditEntry.objects.get(action="stakeholders.members.exported")
    assert (entry.data["rows"], entry.data["format"]) == (2, "xlsx")


def test_the_xlsx_export_takes_a_pasted_control_character(client, world):
    from openpyxl import load_workbook

    person = PersonFactory.create(
        organisation=world.lubelskie.organisation, first_name="Anna\x0bMaria"
    )
    world.lubelskie.membership.contacts.add(person)
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:members_export_xlsx", slug=world.lubelskie.group.slug))
    assert response.status_code == 200
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    assert "AnnaMaria" in [row[3] for row in sheet.iter_rows(values_only=True)]


def test_members_page_is_personal_data_members_cannot_see_it(client, world):
    client.force_login(world.lubelskie.member)
    assert client.get(url("workspace:members", slug=world.lubelskie.group.slug)).status_code == 403
    response = client.get(url("workspace:members_export", slug=world.lubelskie.group.slug))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="stakeholders.members.exported").exists()


def test_membership_queries_do_not_grow_with_members(client, world, django_assert_max_num_queries):
    client.force_login(world.lubelskie.facilitator)
    page = url("workspace:members", slug=world.lubelskie.group.slug)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for _ in range(20):
        membership = MembershipFactory.create(group=world.lubelskie.group)
        PersonFactory.create(organisation=membership.organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)
    assert Membership.objects.filter(group=world.lubelskie.group).count() == 21
