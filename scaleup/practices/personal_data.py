"""Personal data in good practices: the contact person named in a practice, for 'download
my data' and 'erase me'. The practice stays; its contact becomes the organisation alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from scaleup.practices.models import GoodPractice
from scaleup.privacy.registry import DataSubject, Provider, Row, email_filter, register


def _named(subject: DataSubject) -> QuerySet[GoodPractice]:
    if not subject.emails:
        return GoodPractice.objects.none()
    return GoodPractice.objects.filter(email_filter("contact_email", subject.emails))


class PracticeContactProvider(Provider):
    section = "good_practice_contacts"
    title = _("Good practices that name you as their contact")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        return [
            {
                "practice": practice.title,
                "contact_name": practice.contact_name,
                "contact_email": practice.contact_email,
                "contact_organisation": practice.contact_organisation,
            }
            for practice in _named(subject)
        ]

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return [name for name in _named(subject).values_list("contact_name", flat=True) if name]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return list(_named(subject))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        return _named(subject).update(contact_name="", contact_email="")


def register_providers() -> None:
    register(PracticeContactProvider())
