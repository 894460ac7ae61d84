"""Personal data in the stakeholder registry, for 'download my data', 'erase me' and retention.

Registered with the privacy app in `StakeholdersConfig.ready()`. Organisations are the
members, so what is kept after an erasure is organisation data and decisions; the person's
name, address and words go.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from scaleup.privacy.registry import (
    DataSubject,
    Provider,
    Row,
    email_filter,
    register,
    register_context,
    scrub,
)
from scaleup.stakeholders.models import Application, Invitation, Person, StakeholderGroup


def _full_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


class PeopleProvider(Provider):
    section = "contact_person"
    title = _("Your record as a contact person of an organisation")

    def _people(self, subject: DataSubject) -> QuerySet[Person]:
        condition = email_filter("email", subject.emails)
        if subject.user is not None:
            condition |= Q(user=subject.user)
        return Person.objects.filter(condition).select_related("organisation")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        rows = []
        for person in self._people(subject):
            organisation = person.organisation
            groups = (
                [str(m.group.name) for m in organisation.memberships.select_related("group")]
                if organisation is not None
                else []
            )
            rows.append(
                {
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": person.email,
                    "phone": person.phone,
                    "job_title": person.position,
                    "organisation": organisation.name if organisation else "",
                    "groups_of_organisation": groups,
                    "created_at": person.created_at,
                }
            )
        return rows

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return [_full_name(p.first_name, p.last_name) for p in self._people(subject)]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(self._people(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        """The organisation stays a member; it simply no longer has this contact person."""
        _total, per_model = self._people(subject).delete()
        return per_model.get(Person._meta.label, 0)

    def accounts_in_use(self) -> Q | None:
        return Q(person__isnull=False)


class ApplicationProvider(Provider):
    section = "applications"
    title = _("Applications to join a stakeholder group you sent")

    def _applications(self, subject: DataSubject) -> QuerySet[Application]:
        return Application.objects.filter(email_filter("contact_email", subject.emails))

    def export(self, subject: DataSubject) -> Iterable[Row]:
        return [
            {
                "group": str(application.group.name),
                "organisation_name": application.organisation_name,
                "organisation_kind": application.organisation_kind,
                "city": application.city,
                "website": application.website,
                "first_name": application.contact_first_name,
                "last_name": application.contact_last_name,
                "email": application.contact_email,
                "job_title": application.contact_position,
                "motivation": application.motivation,
                "sent_at": application.created_at,
                "status": application.status,
                "decided_at": application.decided_at,
            }
            for application in self._applications(subject).select_related("group")
        ]

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return [
            _full_name(a.contact_first_name, a.contact_last_name)
            for a in self._applications(subject)
        ]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(self._applications(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        """A pending application is withdrawn; a decided one keeps the organisation and the
        decision, without the contact person."""
        applications = self._applications(subject)
        pending, _rows = applications.filter(status=Application.Status.PENDING).delete()
        blanked = 0
        for application in applications:
            _blank_contact(application, subject.identifiers)
            blanked += 1
        return pending + blanked

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["applications"])
        expired = Application.objects.filter(
            status=Application.Status.REJECTED, decided_at__lt=cutoff
        ).exclude(contact_email="", contact_first_name="", contact_last_name="")
        count = 0
        for application in expired:
            _blank_contact(application, ())
            count += 1
        return {"rejected_applications_blanked": count}


def _blank_contact(application: Application, identifiers: Iterable[str]) -> None:
    names = {
        *identifiers,
        _full_name(application.contact_first_name, application.contact_last_name),
        application.contact_email,
    }
    application.contact_first_name = ""
    application.contact_last_name = ""
    application.contact_email = ""
    application.contact_position = ""
    application.motivation = ""
    application.decision_note = scrub(application.decision_note, {n for n in names if n})
    application.save(
        update_fields=[
            "contact_first_name",
            "contact_last_name",
            "contact_email",
            "contact_position",
            "motivation",
            "decision_note",
            "updated_at",
        ]
    )


class InvitationProvider(Provider):
    section = "invitations"
    title = _("Invitations to a stakeholder group sent to you")

    def _invitations(self, subject: DataSubject) -> QuerySet[Invitation]:
        condition = email_filter("email", subject.emails)
        if subject.user is not None:
            condition |= Q(accepted_by=subject.user)
        return Invitation.objects.filter(condition)

    def export(self, subject: DataSubject) -> Iterable[Row]:
        return [
            {
                "group": str(invitation.group.name),
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "first_name": invitation.first_name,
                "last_name": invitation.last_name,
                "sent_at": invitation.created_at,
                "valid_until": invitation.expires_at,
                "accepted_at": invitation.accepted_at,
                "withdrawn_at": invitation.revoked_at,
            }
            for invitation in self._invitations(subject).select_related("group", "organisation")
        ]

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return [_full_name(i.first_name, i.last_name) for i in self._invitations(subject)]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(self._invitations(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        deleted, _rows = self._invitations(subject).delete()
        return deleted

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["invitations"])
        expired = Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lt=cutoff)
        deleted, _rows = Invitation.objects.filter(expired | Q(revoked_at__lt=cutoff)).delete()
        return {"invitations_deleted": deleted}


GROUP_CONTEXT_PREFIX = "stakeholders.group:"


def describe_group(context: str) -> str:
    """A listing consent for one group, as people know it: the group's name."""
    group_id = context.removeprefix(GROUP_CONTEXT_PREFIX)
    group = StakeholderGroup.objects.filter(pk=group_id).first() if group_id.isdigit() else None
    return str(group.name) if group else str(_("a group that no longer exists"))


def register_providers() -> None:
    for provider in (PeopleProvider(), ApplicationProvider(), InvitationProvider()):
        register(provider)
    register_context(GROUP_CONTEXT_PREFIX, describe_group)
