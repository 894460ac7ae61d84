from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django_stubs_ext import StrOrPromise

from scaleup.privacy.models import ConsentPurpose, ConsentRecord
from scaleup.privacy.providers import subject_consents
from scaleup.privacy.registry import DataSubject, describe_context, providers


def subject_for(user: Any) -> DataSubject:
    """The person behind an account: every verified address of theirs and the account's own."""
    emails = set(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if user.email:
        emails.add(user.email)
    return DataSubject(user=user, emails=frozenset(email.strip().lower() for email in emails))


def consents_of(user: Any) -> QuerySet[ConsentRecord]:
    """The user's consent history, newest first: their own and any given with their address."""
    return subject_consents(subject_for(user)).order_by("-given_at", "-id")


def has_active_consent(*, email: str, purpose: str, context: str = "") -> bool:
    return ConsentRecord.objects.filter(
        email__iexact=email, purpose=purpose, context=context, withdrawn_at__isnull=True
    ).exists()


def consenting_emails(purpose: str, context: str = "") -> QuerySet[ConsentRecord, str]:
    """Lower-cased addresses with an active consent, for use as a subquery.

    The public group page lists a person only if their address is in
    `consenting_emails(ConsentPurpose.PUBLIC_LISTING)`.
    """
    return (
        ConsentRecord.objects.filter(purpose=purpose, context=context, withdrawn_at__isnull=True)
        .annotate(email_ci=Lower("email"))
        .values_list("email_ci", flat=True)
    )


@dataclass(frozen=True)
class SectionSummary:
    section: str
    title: StrOrPromise
    count: int


def data_summary(subject: DataSubject) -> list[SectionSummary]:
    """How many records each app holds about the person, for the 'My data' page."""
    return [
        SectionSummary(provider.section, provider.title, len(list(provider.export(subject))))
        for provider in providers()
    ]


@dataclass(frozen=True)
class ConsentRow:
    record: ConsentRecord
    about: str


def consent_history(user: Any) -> list[ConsentRow]:
    """The user's consents with what each is about, in words (a meeting, not an id)."""
    return [
        ConsentRow(record, describe_context(record.context) if record.context else "")
        for record in consents_of(user)
    ]


def may_give_listing_consent(history: list[ConsentRow]) -> bool:
    """True unless an active public-listing consent exists (one is enough)."""
    return not any(
        row.record.is_active
        and row.record.purpose == ConsentPurpose.PUBLIC_LISTING
        and not row.record.context
        for row in history
    )
