"""Inviting a person to a group, and accepting, refusing or withdrawing the invitation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import LazySettings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scaleup.core.models import AuditEntry
from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.privacy.texts import CONSENT_TEXTS
from scaleup.stakeholders import invitations
from scaleup.stakeholders.models import Invitation, Membership, Organisation, Person
from scaleup.stakeholders.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    StakeholderGroupFactory,
)
from scaleup.testing.urls import url
from scaleup.testing.users import make_user
from scaleup.testing.world import World

EMAIL = "ewa.zielinska@example.org"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def invite(world: World) -> Callable[..., Invitation]:
    """Invite Ewa to the Lubelskie group for a new organisation, as its facilitator."""
    region = world.lubelskie

    def make(**overrides: Any) -> Invitation:
        data: dict[str, Any] = {
            "group": region.group,
            "email": EMAIL,
            "first_name": "Ewa",
            "last_name": "Zielińska",
            "organisation_name": "Lubelski Klaster Ekoenergetyczny",
            "organisation_kind": "cluster",
            "language": "pl",
            "actor": region.facilitator,
        }
        data.update(overrides)
        return invitations.invite_person(**data)

    return make


def accept(invitation: Invitation, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "invitation": invitation,
        "first_name": "Ewa",
        "last_name": "Zielińska",
        "list_publicly": False,
        "request_language": "pl",
    }
    data.update(overrides)
    return invitations.accept_invitation(**data)


def _expire(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    invitation.refresh_from_db()


# --- inviting -------------------------------------------------------------------------------


def test_invitation_has_a_token_a_readable_code_and_an_expiry(
    invite: Callable[..., Invitation], settings: LazySettings
) -> None:
    before = timezone.now()
    invitation = invite()
    assert len(invitation.token) >= 40
    assert re.fullmatch(r"[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}", invitation.code)
    expected = before + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
    assert abs(invitation.expires_at - expected) < dt.timedelta(minutes=1)


def test_code_is_shown_with_a_dash_and_typed_in_any_form() -> None:
    assert invitations.format_code("ABCD2345") == "ABCD-2345"
    assert invitations.normalise_code(" abcd-2345 ") == "ABCD2345"


def test_inviting_is_audited(invite: Callable[..., Invitation], world: World) -> None:
    invitation = invite()
    entry = AuditEntry.objects.get(action="stakeholders.invitation.sent")
    assert entry.target_id == str(invitation.pk)
    assert entry.actor == world.lubelskie.facilitator
    assert entry.tenant_id == world.lubelskie.partner.pk


def test_invitation_mail_carries_link_and_code(
    invite: Callable[..., Invitation], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite()
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert url("stakeholders:invitation", "pl", token=invitation.token) in message.body
    assert invitations.format_code(invitation.code) in message.body
    assert url("stakeholders:invitation_code", "pl") in message.body


@pytest.mark.parametrize("language", ["pl", "en"])
def test_invitation_mail_is_in_the_invitees_language(
    invite: Callable[..., Invitation], django_capture_on_commit_callbacks: Any, language: str
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(language=language)
    (message,) = mail.outbox
    group_name = getattr(invitation.group, f"name_{language}")
    assert group_name in message.subject  # the group's name in that language
    assert f"/{language}/join/invitation/{invitation.token}/" in message.body


def test_a_second_open_invitation_is_refused(invite: Callable[..., Invitation]) -> None:
    invite()
    with pytest.raises(ValidationError, match="already has an open invitation"):
        invite(email=EMAIL.upper())
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_is_replaced(invite: Callable[..., Invitation]) -> None:
    old = invite()
    _expire(old)
    new = invite()
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.code != old.code


def test_an_existing_organisation_is_matched_by_name(
    invite: Callable[..., Invitation], world: World
) -> None:
    invitation = invite(organisation_name=world.lubelskie.organisation.name.upper())
    assert invitation.organisation == world.lubelskie.organisation


def test_a_new_organisation_is_created_with_its_kind(invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    assert invitation.organisation.name == "Lubelski Klaster Ekoenergetyczny"
    assert invitation.organisation.kind == "cluster"
    assert AuditEntry.objects.filter(action="stakeholders.organisation.created").exists()


def test_a_new_organisation_needs_a_kind(invite: Callable[..., Invitation]) -> None:
    with pytest.raises(ValidationError, match="kind"):
        invite(organisation_kind="")
    assert not Organisation.objects.filter(name="Lubelski Klaster Ekoenergetyczny").exists()
    assert not Invitation.objects.exists()


def test_an_organisation_can_be_given_directly(
    invite: Callable[..., Invitation], world: World
) -> None:
    invitation = invite(organisation=world.lubelskie.organisation, organisation_name="")
    assert invitation.organisation == world.lubelskie.organisation


@pytest.mark.parametrize("email", ["", "not-an-address", "ewa@", "e" * 250 + "@example.org"])
def test_an_invalid_address_is_refused(invite: Callable[..., Invitation], email: str) -> None:
    with pytest.raises(ValidationError):
        invite(email=email)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "last_name", "organisation_name"])
def test_too_long_text_is_refused(invite: Callable[..., Invitation], field: str) -> None:
    with pytest.raises(ValidationError, match="too long"):
        invite(**{field: "x" * 201})
    assert not Invitation.objects.exists()


# --- withdrawing ------------------------------------------------------------------------------


def test_revoking_closes_the_invitation(invite: Callable[..., Invitation], world: World) -> None:
    invitation = invitations.revoke_invitation(
        invitation=invite(), actor=world.lubelskie.facilitator
    )
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="stakeholders.invitation.revoked").count() == 1


def test_revoking_twice_is_refused(invite: Callable[..., Invitation], world: World) -> None:
    invitation = invite()
    invitations.revoke_invitation(invitation=invitation, actor=world.lubelskie.facilitator)
    with pytest.raises(ValidationError, match="already been withdrawn"):
        invitations.revoke_invitation(invitation=invitation, actor=world.lubelskie.facilitator)


def test_an_accepted_invitation_cannot_be_revoked(
    invite: Callable[..., Invitation], world: World
) -> None:
    invitation = invite()
    accept(invitation)
    with pytest.raises(ValidationError, match="already been accepted"):
        invitations.revoke_invitation(invitation=invitation, actor=world.lubelskie.facilitator)


# --- accepting ------------------------------------------------------------------------------


def test_accepting_creates_account_person_and_membership(
    invite: Callable[..., Invitation],
) -> None:
    invitation = invite()
    user = accept(invitation)
    assert user.email == EMAIL
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (EMAIL, True, True)
    person = Person.objects.get(email=EMAIL)
    assert (person.user, person.organisation) == (user, invitation.organisation)
    membership = Membership.objects.get(organisation=invitation.organisation)
    assert (membership.group, membership.joined_on) == (invitation.group, timezone.localdate())
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None


def test_accepting_makes_the_person_a_member_of_the_group(
    invite: Callable[..., Invitation],
) -> None:
    from scaleup.access.checks import has_permission

    invitation = invite()
    user = accept(invitation)
    assert has_permission(user, "document:view", invitation.group)


def test_accepting_is_audited_with_the_membership(invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    user = accept(invitation)
    membership = Membership.objects.get(organisation=invitation.organisation)
    accepted = AuditEntry.objects.get(action="stakeholders.invitation.accepted")
    created = AuditEntry.objects.get(action="stakeholders.membership.created")
    assert (accepted.target_id, accepted.actor) == (str(invitation.pk), user)
    assert created.target_id == str(membership.pk)
    assert created.tenant_id == invitation.group.partner_id


def test_accepting_twice_is_refused_and_changes_nothing(
    invite: Callable[..., Invitation],
) -> None:
    invitation = invite()
    accept(invitation)
    counts = (get_user_model().objects.count(), Person.objects.count(), Membership.objects.count())
    with pytest.raises(ValidationError, match="already been accepted"):
        accept(invitation, first_name="Inna")
    assert counts == (
        get_user_model().objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )
    assert Person.objects.get(email=EMAIL).first_name == "Ewa"


def test_an_expired_invitation_cannot_be_accepted(invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    _expire(invitation)
    with pytest.raises(ValidationError, match="expired"):
        accept(invitation)
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_a_revoked_invitation_cannot_be_accepted(
    invite: Callable[..., Invitation], world: World
) -> None:
    invitation = invite()
    invitations.revoke_invitation(invitation=invitation, actor=world.lubelskie.facilitator)
    with pytest.raises(ValidationError, match="withdrawn"):
        accept(invitation)
    assert not Person.objects.filter(email=EMAIL).exists()


def test_an_empty_name_is_refused(invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    with pytest.raises(ValidationError):
        accept(invitation, first_name="  ")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_an_existing_account_is_reused_by_its_signed_in_owner(
    invite: Callable[..., Invitation],
) -> None:
    existing = make_user(EMAIL.upper(), first_name="Ewa", last_name="Z.")
    accounts = get_user_model().objects.count()
    user = accept(invite(), actor=existing)
    assert user == existing
    assert get_user_model().objects.count() == accounts
    assert EmailAddress.objects.filter(user=existing).count() == 1


def test_holding_the_invitation_does_not_open_an_existing_account(
    invite: Callable[..., Invitation],
) -> None:
    make_user(EMAIL, superuser=True)
    invitation = invite()
    with pytest.raises(ValidationError, match="Sign in to it first"):
        accept(invitation)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_someone_signed_in_as_another_account_cannot_accept(
    invite: Callable[..., Invitation], world: World
) -> None:
    invitation = invite()
    with pytest.raises(ValidationError, match="signed in with another account"):
        accept(invitation, actor=world.attica.member)
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()


def test_accepting_for_another_region_leaves_the_persons_organisation_alone(
    invite: Callable[..., Invitation], world: World
) -> None:
    """A Lubelskie member invited by Attica for another organisation stays Lubelskie's
    contact, and becomes Attica's contact for the new organisation only."""
    member = world.lubelskie.member
    invitation = invitations.invite_person(
        group=world.attica.group,
        email=member.email,
        first_name="Member",
        last_name="Lubelskie",
        organisation_name="Attica Tech Cluster",
        organisation_kind="cluster",
        language="en",
        actor=world.attica.facilitator,
    )
    accept(invitation, actor=member)
    person = Person.objects.get(user=member)
    assert person.organisation == world.lubelskie.organisation
    assert set(person.group_memberships.values_list("group__slug", flat=True)) == {
        "rsg-lubelskie",
        "rsg-attica",
    }


def test_an_existing_contact_person_is_updated_not_duplicated(
    invite: Callable[..., Invitation],
) -> None:
    PersonFactory.create(email=EMAIL.upper(), first_name="E.", last_name="Zielińska")
    user = accept(invite(), first_name="Ewa")
    person = Person.objects.get(email__iexact=EMAIL)
    assert (person.user, person.first_name) == (user, "Ewa")
    assert AuditEntry.objects.get(action="stakeholders.person.changed").data["changes"][
        "first_name"
    ] == ["E.", "Ewa"]


def test_an_organisation_already_member_gets_no_second_membership(
    invite: Callable[..., Invitation], world: World
) -> None:
    accept(invite(organisation=world.lubelskie.organisation))
    assert Membership.objects.filter(organisation=world.lubelskie.organisation).count() == 1
    assert not AuditEntry.objects.filter(action="stakeholders.membership.created").exists()


def test_an_organisation_that_left_rejoins(invite: Callable[..., Invitation]) -> None:
    organisation = OrganisationFactory.create()
    invitation = invite(organisation=organisation)
    old = MembershipFactory.create(
        group=invitation.group, organisation=organisation, left_on=dt.date(2024, 1, 1)
    )
    accept(invitation)
    old.refresh_from_db()
    assert (old.joined_on, old.left_on) == (timezone.localdate(), None)
    assert AuditEntry.objects.filter(action="stakeholders.membership.renewed").exists()


def test_listing_publicly_records_the_consent(invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    user = accept(invitation, list_publicly=True)
    consent = ConsentRecord.objects.get()
    assert consent.purpose == ConsentPurpose.PUBLIC_LISTING
    assert consent.text_version == CONSENT_TEXTS[ConsentPurpose.PUBLIC_LISTING].version
    assert (consent.user, consent.email) == (user, EMAIL)
    assert consent.context == invitations.group_consent_context(invitation.group)


def test_not_listing_publicly_records_no_consent(invite: Callable[..., Invitation]) -> None:
    accept(invite(), list_publicly=False)
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(("language", "subject"), [("pl", "Witamy w"), ("en", "Welcome to")])
def test_welcome_mail_is_in_the_language_of_the_page(
    invite: Callable[..., Invitation],
    django_capture_on_commit_callbacks: Any,
    language: str,
    subject: str,
) -> None:
    invitation = invite()
    with django_capture_on_commit_callbacks(execute=True):
        accept(invitation, request_language=language)
    assert mail.outbox[-1].subject.startswith(subject)


# --- pages ----------------------------------------------------------------------------------


def test_invitation_page_shows_group_organisation_and_names(
    client: Client, invite: Callable[..., Invitation]
) -> None:
    invitation = invite()
    response = client.get(url("stakeholders:invitation", "en", token=invitation.token))
    html = response.content.decode()
    assert response.status_code == 200
    assert invitation.group.name_en in html
    assert "Lubelski Klaster Ekoenergetyczny" in html
    assert 'value="Zielińska"' in html
    assert 'name="list_publicly"' in html
    assert 'name="list_publicly" id="id_list_publicly" checked' not in html
    assert "Art. 13" in html  # the information clause


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(client: Client) -> None:
    response = client.get(url("stakeholders:invitation", token="no-such-token"))
    assert response.status_code == 404


def test_accepting_on_the_page_signs_in(client: Client, invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    response = client.post(
        url("stakeholders:invitation", "en", token=invitation.token),
        {"first_name": "Ewa", "last_name": "Zielińska", "list_publicly": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("accounts:home", "en")
    user = get_user_model().objects.get(email=EMAIL)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert ConsentRecord.objects.filter(email=EMAIL).exists()


def test_a_used_invitation_page_says_why(client: Client, invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    accept(invitation)
    response = client.get(url("stakeholders:invitation", "en", token=invitation.token))
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()


def test_posting_an_expired_invitation_changes_nothing(
    client: Client, invite: Callable[..., Invitation]
) -> None:
    invitation = invite()
    _expire(invitation)
    response = client.post(
        url("stakeholders:invitation", "en", token=invitation.token),
        {"first_name": "Ewa", "last_name": "Zielińska"},
    )
    assert response.status_code == 410
    assert "_auth_user_id" not in client.session
    assert not Person.objects.filter(email=EMAIL).exists()


def test_the_code_leads_to_the_invitation(
    client: Client, invite: Callable[..., Invitation]
) -> None:
    invitation = invite()
    typed = invitations.format_code(invitation.code).lower()
    response = client.post(url("stakeholders:invitation_code", "en"), {"code": typed})
    assert response["Location"] == url("stakeholders:invitation", "en", token=invitation.token)


def test_the_code_works_without_the_dash(client: Client, invite: Callable[..., Invitation]) -> None:
    invitation = invite()
    response = client.post(url("stakeholders:invitation_code"), {"code": invitation.code})
    assert response["Location"] == url("stakeholders:invitation", token=invitation.token)


@pytest.mark.django_db
def test_a_wrong_code_is_a_form_error(client: Client) -> None:
    response = client.post(url("stakeholders:invitation_code", "en"), {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "No invitation has this code. Check the code in the e-mail and type it again."
    ]


@pytest.mark.django_db
def test_guessing_codes_is_rate_limited(client: Client, settings: LazySettings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code": "2/600"}
    for _ in range(2):
        assert (
            client.post(url("stakeholders:invitation_code"), {"code": "ZZZZ-ZZZZ"}).status_code
            == 200
        )
    response = client.post(url("stakeholders:invitation_code"), {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 429


def test_invite_accept_by_code_and_see_own_group(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    group = world.lubelskie.group
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_person(
            group=group,
            email=EMAIL,
            first_name="Ewa",
            last_name="Zielińska",
            organisation_name="Nowa Spółdzielnia",
            organisation_kind="ngo",
            language="en",
            actor=world.lubelskie.facilitator,
        )
    # At the end of its line: the invitation link's UUID may hold "1234-5678" too.
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}$", str(mail.outbox[-1].body), re.MULTILINE)
    assert code
    page = client.post(url("stakeholders:invitation_code", "en"), {"code": code.group(0)})
    client.post(page["Location"], {"first_name": "Ewa", "last_name": "Zielińska"})
    home = client.get(url("accounts:home", "en")).content.decode()
    assert group.name_en in home
    assert "Nowa Spółdzielnia" in home
    assert world.attica.group.name_en not in home


def test_group_names_follow_the_reader(world: World) -> None:
    group = world.lubelskie.group
    assert invitations.group_names(frozenset({group.pk})) == {group.pk: group.name_en}


def test_an_invitation_for_another_group_is_independent(
    invite: Callable[..., Invitation],
) -> None:
    invite()
    other = invite(group=StakeholderGroupFactory.create())
    assert other.pk


# --- any input ------------------------------------------------------------------------------

ANY_INPUT = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ANY_INPUT
@given(first_name=st.text(max_size=300), last_name=st.text(max_size=300), listed=st.booleans())
def test_any_name_is_accepted_or_refused_whole(
    client: Client,
    invite: Callable[..., Invitation],
    first_name: str,
    last_name: str,
    listed: bool,
) -> None:
    invitation = Invitation.objects.filter(email=EMAIL).first() or invite()
    page = url("stakeholders:invitation", "en", token=invitation.token)
    data = {"first_name": first_name, "last_name": last_name}
    if listed:
        data["list_publicly"] = "on"
    with transaction.atomic():
        response = client.post(page, data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            invitation.refresh_from_db()
            assert invitation.accepted_at is None
            assert not Person.objects.filter(email__iexact=EMAIL).exists()
            assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()
            assert not ConsentRecord.objects.exists()
        transaction.set_rollback(True)


@pytest.mark.django_db
@ANY_INPUT
@given(code=st.text(max_size=200))
def test_any_typed_code_gets_an_answer(client: Client, settings: LazySettings, code: str) -> None:
    settings.RATE_LIMITS = {}
    response = client.post(url("stakeholders:invitation_code", "en"), {"code": code})
    assert response.status_code in (200, 302)
