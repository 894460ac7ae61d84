"""The privacy app's own sections: the account itself and the consents given."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scaleup.access.models import RoleAssignment
from scaleup.privacy.models import ConsentRecord
from scaleup.privacy.registry import DataSubject, Provider, Row, email_filter


def _address_state(address: Any) -> str:
    state = str(_("verified")) if address.verified else str(_("not verified"))
    return f"{state}, {_('primary')}" if address.primary else state


def _role_label(assignment: RoleAssignment) -> str:
    where = assignment.partner if assignment.partner_id else assignment.project
    return f"{assignment.get_role_display()} – {where}"


class AccountProvider(Provider):
    section = "account"
    title = _("Your account: name, e-mail addresses, roles and sign-in dates")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        user = subject.user
        if user is None:
            return []
        roles = [_role_label(a) for a in RoleAssignment.objects.filter(user=user)]
        if user.is_superuser:
            roles.insert(0, str(_("site administrator")))
        addresses = [
            f"{address.email} ({_address_state(address)})"
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ]
        return [
            {
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "roles": "; ".join(roles),
                "email_addresses": "; ".join(addresses),
            }
        ]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        if subject.user is None:
            return []
        return [subject.user, *RoleAssignment.objects.filter(user=subject.user)]

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        """Staff roles go with the account; the account row itself is deleted by the service."""
        if subject.user is None:
            return 0
        deleted, _rows = RoleAssignment.objects.filter(user=subject.user).delete()
        return deleted

    def accounts_in_use(self) -> Q | None:
        return Q(is_superuser=True) | Q(is_staff=True) | Q(role_assignments__isnull=False)


def subject_consents(subject: DataSubject) -> Any:
    condition = email_filter("email", subject.emails)
    if subject.user is not None:
        condition |= Q(user=subject.user)
    return ConsentRecord.objects.filter(condition)


class ConsentProvider(Provider):
    section = "consents"
    title = _("Consents you gave and withdrew")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        return [
            {
                "purpose": record.purpose,
                "purpose_label": str(record.get_purpose_display()),
                "about": record.context,
                "email": record.email,
                "text_version": record.text_version,
                "given_at": record.given_at,
                "withdrawn_at": record.withdrawn_at,
            }
            for record in subject_consents(subject).order_by("given_at", "id")
        ]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(subject_consents(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        deleted, _rows = subject_consents(subject).delete()
        return deleted

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        """A withdrawn consent is kept as proof for as long as the registrations it covered."""
        cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["registrations"])
        deleted, _rows = ConsentRecord.objects.filter(withdrawn_at__lt=cutoff).delete()
        return {"withdrawn_consents_deleted": deleted}
