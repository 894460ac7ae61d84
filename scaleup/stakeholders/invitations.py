"""Inviting a person to a stakeholder group, and accepting the invitation.

A facilitator invites a person by e-mail to speak for an organisation in a group. The mail
carries a link with a long random token and, for typing in, a short human code. Accepting
creates (or finds) the account, links the contact person and makes the organisation a
member, in one transaction with its audit entries. Services first, then selectors.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.utils import generate_unique_username
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.core.audit import changes, record, snapshot
from scaleup.core.i18n import CONTENT_LANGUAGES
from scaleup.core.mail import send_after_commit
from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.privacy.services import give_consent
from scaleup.stakeholders.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    StakeholderGroup,
)
from scaleup.stakeholders.selectors import active_memberships, find_organisation

USERNAME_ATTEMPTS = 5
# No 0/O, 1/I/L: a code read from a phone or a printout is typed in right the first time.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
EMAIL_MAX_LENGTH = 254  # the EmailField's own limit


def format_code(code: str) -> str:
    """`ABCD2345` as people see it: `ABCD-2345`."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(typed: str) -> str:
    """What a person typed, as stored: capitals, no dash or spaces."""
    return "".join(char for char in typed.upper() if char.isalnum())


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Invitation.objects.filter(code=code).exists():
            return code


def _clean_text(value: str, message: str, *, max_length: int = 100) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    if len(value) > max_length:
        raise ValidationError(
            _("“%(value)s…” is too long: at most %(count)d characters.")
            % {"value": value[:20], "count": max_length}
        )
    return value


def _organisation_for(
    *, organisation: Organisation | None, name: str, kind: str, actor: Any
) -> Organisation:
    if organisation is not None:
        return organisation
    name = _clean_text(
        name, _("Choose an organisation or type the name of a new one."), max_length=200
    )
    existing = find_organisation(name)
    if existing is not None:
        return existing
    if kind not in OrganisationKind.values:
        raise ValidationError(
            _("Choose the kind of the new organisation %(name)s.") % {"name": name}
        )
    created = Organisation.objects.create(name=name, kind=kind)
    record(actor=actor, action="stakeholders.organisation.created", target=created)
    return created


def _open_invitations(group: StakeholderGroup, email: str) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        group=group, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    )


@transaction.atomic
def invite_person(
    *,
    group: StakeholderGroup,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    organisation_kind: str = "",
    language: str,
    actor: Any,
) -> Invitation:
    """Invite a person to speak for an organisation in the group; the mail goes after commit.

    An expired invitation to the same address is closed (revoked) and replaced; one still
    open is refused, so a person never holds two valid codes for the same group.
    """
    email = (email or "").strip()
    try:
        validate_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
    except ValidationError as error:
        raise ValidationError(_("Enter a valid e-mail address.")) from error
    first_name = _clean_text(first_name, _("Give the person's first name."))
    last_name = _clean_text(last_name, _("Give the person's last name."))
    if language not in CONTENT_LANGUAGES:
        raise ValidationError(_("Choose the language of the invitation."))
    now = timezone.now()
    for stale in _open_invitations(group, email).select_for_update():
        if stale.expires_at > now:
            raise ValidationError(
                _(
                    "%(email)s already has an open invitation to this group, valid until "
                    "%(date)s. Withdraw it first to send a new one."
                )
                % {"email": email, "date": timezone.localdate(stale.expires_at).isoformat()}
            )
        stale.revoked_at = now
        stale.save(update_fields=["revoked_at", "updated_at"])
        record(
            actor=actor, action="stakeholders.invitation.revoked", target=stale, reason="expired"
        )
    organisation = _organisation_for(
        organisation=organisation, name=organisation_name, kind=organisation_kind, actor=actor
    )
    try:
        with transaction.atomic():  # a double submit races past the check above
            invitation = Invitation.objects.create(
                group=group,
                email=email,
                first_name=first_name,
                last_name=last_name,
                organisation=organisation,
                language=language,
                token=secrets.token_urlsafe(32),
                code=_new_code(),
                invited_by=actor if getattr(actor, "is_authenticated", False) else None,
                expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(email)s already has an open invitation to this group.") % {"email": email}
        ) from error
    record(actor=actor, action="stakeholders.invitation.sent", target=invitation)
    send_after_commit(
        to=invitation.email,
        subject_template="stakeholders/mail/invitation_subject.txt",
        body_template="stakeholders/mail/invitation.txt",
        context={
            "invitation": invitation,
            "group": group,
            "organisation": organisation,
            "code": format_code(invitation.code),
        },
        language=invitation.language,
    )
    return invitation


def _lock(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("group", "organisation")
        .get(pk=invitation.pk)
    )


def refusal(invitation: Invitation, *, now: datetime.datetime | None = None) -> str:
    """Why the invitation can no longer be accepted, or "" while it can."""
    if invitation.accepted_at is not None:
        return _("This invitation has already been accepted. Sign in with your e-mail address.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn. Ask the group's facilitator for a new one.")
    if invitation.expires_at <= (now or timezone.now()):
        return _("This invitation has expired. Ask the group's facilitator for a new one.")
    return ""


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor: Any) -> Invitation:
    invitation = _lock(invitation)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has already been withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    record(actor=actor, action="stakeholders.invitation.revoked", target=invitation)
    return invitation


def existing_account(email: str) -> Any:
    """The account that owns this address (by any of its addresses), if there is one."""
    address = (
        EmailAddress.objects.filter(email__iexact=email)
        .select_related("user")
        .order_by("-verified", "pk")
        .first()
    )
    if address is not None:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).order_by("pk").first()


def account_refusal(invitation: Invitation, actor: Any) -> str:
    """Why this visitor cannot accept now, or "" when they can.

    Holding the invitation proves access to the mailbox, which is enough to create a new
    account, but never to enter an existing one: its owner signs in first, as themselves.
    """
    owner = existing_account(invitation.email)
    signed_in = getattr(actor, "is_authenticated", False)
    if owner is not None:
        if signed_in and actor.pk == owner.pk:
            return ""
        if signed_in:
            return _(
                "This invitation is for %(email)s, but you are signed in with another "
                "account. Sign out, then open the invitation again."
            ) % {"email": invitation.email}
        return _(
            "There is already an account for %(email)s. Sign in to it first (we can send a "
            "code to that address), then accept the invitation."
        ) % {"email": invitation.email}
    if signed_in:
        return _(
            "This invitation is for %(email)s, but you are signed in with another account. "
            "Sign out, then open the invitation again."
        ) % {"email": invitation.email}
    return ""


def _new_account(email: str, first_name: str, last_name: str) -> Any:
    """A new account that signs in by code (no password); the mail proved the address."""
    user = get_user_model()(email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    for attempt in range(USERNAME_ATTEMPTS):
        # The name free a moment ago may be taken by another Ewa accepting at the same
        # time: then a number is added.
        user.username = generate_unique_username([first_name, last_name, email, "member"])
        if attempt:
            user.username = f"{user.username[:140]}{secrets.randbelow(10**6)}"
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            if attempt == USERNAME_ATTEMPTS - 1:
                raise
        else:
            break
    EmailAddress.objects.create(user=user, email=email.lower(), verified=True, primary=True)
    return user


def _link_person(
    *, user: Any, invitation: Invitation, first_name: str, last_name: str, actor: Any
) -> Person:
    # The person the account speaks as already, else the contact person of this address.
    person = (
        Person.objects.select_for_update().filter(user=user).first()
        or Person.objects.select_for_update().filter(email__iexact=invitation.email).first()
    )
    if person is None:
        person = Person.objects.create(
            first_name=first_name,
            last_name=last_name,
            email=invitation.email,
            organisation=invitation.organisation,
            user=user,
        )
        record(actor=actor, action="stakeholders.person.created", target=person)
        return person
    if person.user_id not in (None, user.pk):
        raise ValidationError(
            _("%(email)s belongs to another account. Contact the group's facilitator.")
            % {"email": invitation.email}
        )
    fields = ("first_name", "last_name", "organisation", "user")
    before = snapshot(person, fields)
    person.first_name, person.last_name = first_name, last_name
    # A person already speaking for an organisation keeps it; this group's membership
    # records that they speak for the invited organisation here.
    if person.organisation_id is None:
        person.organisation = invitation.organisation
    person.user = user
    diff = changes(before, snapshot(person, fields))
    if diff:
        person.save(update_fields=[*diff, "updated_at"])
        record(actor=actor, action="stakeholders.person.changed", target=person, changes=diff)
    return person


def _make_member(*, invitation: Invitation, actor: Any) -> Membership:
    """The organisation's membership of the group, created or renewed when needed."""
    # Two colleagues accepting at once: the second waits here, then finds the membership.
    # NO KEY UPDATE does not hold up rows being written that refer to the organisation.
    Organisation.objects.select_for_update(no_key=True).filter(
        pk=invitation.organisation_id
    ).first()
    today = timezone.localdate()
    current = (
        active_memberships(on=today)
        .select_for_update()
        .filter(group=invitation.group, organisation=invitation.organisation)
        .first()
    )
    if current is not None:
        return current
    membership = (
        Membership.objects.select_for_update()
        .filter(group=invitation.group, organisation=invitation.organisation)
        .first()
    )
    if membership is None:
        membership = Membership.objects.create(
            group=invitation.group, organisation=invitation.organisation, joined_on=today
        )
        record(actor=actor, action="stakeholders.membership.created", target=membership)
        return membership
    # It left the group (or was entered with a future date): it rejoins today.
    fields = ("joined_on", "left_on")
    before = snapshot(membership, fields)
    membership.joined_on, membership.left_on = today, None
    membership.save(update_fields=[*fields, "updated_at"])
    record(
        actor=actor,
        action="stakeholders.membership.renewed",
        target=membership,
        changes=changes(before, snapshot(membership, fields)),
    )
    return membership


def _add_contact(*, membership: Membership, person: Person, actor: Any) -> None:
    if membership.contacts.filter(pk=person.pk).exists():
        return
    membership.contacts.add(person)
    record(
        actor=actor,
        action="stakeholders.membership.contact_added",
        target=membership,
        person=person.pk,
    )


def _consent_to_listing(*, user: Any, invitation: Invitation, actor: Any) -> None:
    give_consent(
        email=invitation.email,
        purpose=ConsentPurpose.PUBLIC_LISTING,
        context=group_consent_context(invitation.group),
        user=user,
        actor=actor,
    )


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    first_name: str,
    last_name: str,
    list_publicly: bool,
    request_language: str,
    actor: Any = None,
) -> Any:
    """Accept: account, contact person, membership and (if asked for) the listing consent.

    Returns the account, which the view then signs in. Refused with a ValidationError once
    the invitation is accepted, withdrawn or expired; then nothing is changed.
    """
    invitation = _lock(invitation)
    reason = refusal(invitation)
    if reason:
        raise ValidationError(reason)
    refused = account_refusal(invitation, actor)
    if refused:
        raise ValidationError(refused)
    first_name = _clean_text(first_name, _("Give your first name."))
    last_name = _clean_text(last_name, _("Give your last name."))
    user = existing_account(invitation.email) or _new_account(
        invitation.email, first_name, last_name
    )
    if not user.is_active:
        raise ValidationError(
            _("The account of %(email)s is disabled. Contact the portal's administrator.")
            % {"email": invitation.email}
        )
    acting = user  # the person accepting, whoever else the request came with
    person = _link_person(
        user=user, invitation=invitation, first_name=first_name, last_name=last_name, actor=acting
    )
    membership = _make_member(invitation=invitation, actor=acting)
    _add_contact(membership=membership, person=person, actor=acting)
    if list_publicly:
        _consent_to_listing(user=user, invitation=invitation, actor=acting)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record(
        actor=acting,
        action="stakeholders.invitation.accepted",
        target=invitation,
        person=person.pk,
        listed_publicly=list_publicly,
    )
    language = request_language if request_language in CONTENT_LANGUAGES else invitation.language
    send_after_commit(
        to=invitation.email,
        subject_template="stakeholders/mail/invitation_accepted_subject.txt",
        body_template="stakeholders/mail/invitation_accepted.txt",
        context={
            "invitation": invitation,
            "group": invitation.group,
            "organisation": invitation.organisation,
            "first_name": first_name,
        },
        language=language,
    )
    return user


# --- Selectors ------------------------------------------------------------------------------


def group_consent_context(group: StakeholderGroup) -> str:
    """The `context` of a consent to be listed on one group's public page."""
    return f"stakeholders.group:{group.pk}"


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related(
            "group__partner", "group__policy_instrument", "organisation"
        )
        .filter(token=token)
        .first()
    )


def invitation_by_code(typed: str) -> Invitation | None:
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return Invitation.objects.filter(code=code).first()


def open_invitations(group: StakeholderGroup) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer (expired ones included, marked by the date)."""
    return Invitation.objects.filter(
        group=group, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation", "invited_by")


def public_group(slug: str) -> StakeholderGroup | None:
    return (
        StakeholderGroup.objects.select_related("partner", "policy_instrument")
        .filter(slug=slug)
        .first()
    )


def member_organisations(group: StakeholderGroup) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=active_memberships().filter(group=group).values("organisation_id")
    ).order_by("name")


def publicly_listed_people(group: StakeholderGroup) -> QuerySet[Person]:
    """Contact persons of member organisations who agreed to be named on the group's page.

    A consent counts when it is active and given for this group or for every listing.
    """
    consenting = (
        ConsentRecord.objects.filter(
            purpose=ConsentPurpose.PUBLIC_LISTING,
            withdrawn_at__isnull=True,
        )
        .filter(Q(context="") | Q(context=group_consent_context(group)))
        .annotate(address=Lower("email"))
        .values("address")
    )
    return (
        Person.objects.filter(group_memberships__in=active_memberships().filter(group=group))
        .distinct()
        .annotate(address=Lower("email"))
        .filter(address__in=consenting)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


def group_names(group_ids: frozenset[int]) -> Mapping[int, str]:
    """For the 'My account' page: names in the reader's language."""
    return {group.pk: group.name for group in StakeholderGroup.objects.filter(pk__in=group_ids)}


def account_groups(user: Any) -> dict[str, Any] | None:
    """For the 'My account' page: the groups the person's organisation belongs to."""
    if not getattr(user, "is_authenticated", False):
        return None
    memberships = list(
        active_memberships()
        .filter(organisation__people__user=user)
        .select_related("group__partner", "organisation")
        .order_by("group__name_pl")
    )
    return {"memberships": memberships}
