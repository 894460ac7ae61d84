"""Apps that hold personal data register how to export, erase and expire it.

The privacy app cannot import the apps above it, so each app registers a provider in its
`AppConfig.ready()`. 'Download my data' asks every provider for rows; 'erase me' asks every
provider to erase, inside one transaction; `scaleup purge-expired` asks every provider to
apply its retention rules.

A provider is any object with the attributes of `PersonalDataProvider`; subclassing
`Provider` gives the optional hooks a neutral default. Records that must outlive a person
(statements, votes) are detached in `erase`: their link to the person is removed and the
record is kept.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from django.db import models
from django.db.models import Q
from django_stubs_ext import StrOrPromise

#: Replaces a person's identifiers in records that are kept (audit log, notes).
ERASED = "[erased]"
#: A shorter fragment ("Ewa") would match unrelated text; such names are not searched for,
#: the records holding them are erased by their providers anyway.
MIN_IDENTIFIER_LENGTH = 5

Row = dict[str, Any]


@dataclass(frozen=True)
class DataSubject:
    """The person whose data is asked for: their account, addresses and names.

    `names` holds names found in the person's records (a registration typed as "Dr Anna
    Kowalska"); `identifiers` is what must not survive an erasure anywhere.
    """

    user: Any
    emails: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)

    @property
    def full_name(self) -> str:
        if self.user is None:
            return ""
        return f"{self.user.first_name} {self.user.last_name}".strip()

    @property
    def identifiers(self) -> frozenset[str]:
        """Strings that identify the person; an erased record must contain none of them."""
        values = {email.strip() for email in self.emails}
        values |= {" ".join(name.split()) for name in self.names}
        values.add(self.full_name)
        return frozenset(value for value in values if len(value) >= MIN_IDENTIFIER_LENGTH)

    @property
    def name_parts(self) -> frozenset[str]:
        """First and last names on their own: searched for only in records about the person,
        where "Anna" means this Anna (elsewhere it could be anybody)."""
        names = {*self.names, self.full_name}
        if self.user is not None:
            names |= {self.user.first_name, self.user.last_name, self.user.get_username()}
        return frozenset(part for name in names for part in name.split() if len(part) >= 2)

    def with_names(self, names: Iterable[str]) -> DataSubject:
        return replace(self, names=self.names | {name for name in names if name and name.strip()})


def scrub(text: str, identifiers: Iterable[str]) -> str:
    """`text` with every identifier (as a whole word) replaced by ERASED, ignoring case."""
    for identifier in sorted(identifiers, key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(identifier)}(?!\w)"
        text = re.sub(pattern, ERASED, text, flags=re.IGNORECASE)
    return text


def email_filter(lookup: str, emails: Iterable[str]) -> Q:
    """Rows whose `lookup` is one of the addresses, ignoring case; none if there are none."""
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(**{f"{lookup}__iexact": email})
    return condition


class PersonalDataProvider(Protocol):
    @property
    def section(self) -> str:
        """Section name in the export (also the CSV file name): "meeting_registrations"."""

    @property
    def title(self) -> StrOrPromise:
        """What the section holds, shown on the 'My data' page."""

    def export(self, subject: DataSubject) -> Iterable[Row]:
        """Rows of the subject's data, as flat dicts (dates are turned into text later)."""

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        """Names the subject's records carry, so the audit log can be cleaned of them too."""

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        """The subject's records, as they are before erasure: audit entries and admin
        history about them are cleaned of every part of the subject's names."""

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        """Remove, anonymise or detach the subject's data; return how many records changed.

        Runs inside the caller's transaction; write no audit entry naming the person.
        """

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        """Apply this app's retention rules; return how many records each rule changed."""

    def accounts_in_use(self) -> Q | None:
        """A filter on the user model: accounts this app still needs (never purged)."""


class Provider:
    """Defaults for the optional hooks; providers subclass it and fill in the rest."""

    section: str = ""
    title: StrOrPromise = ""

    def export(self, subject: DataSubject) -> Iterable[Row]:
        raise NotImplementedError

    def identifiers(self, subject: DataSubject) -> Iterable[str]:
        return ()

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        return ()

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        raise NotImplementedError

    def purge_expired(self, now: datetime.datetime) -> dict[str, int]:
        return {}

    def accounts_in_use(self) -> Q | None:
        return None


_providers: dict[str, PersonalDataProvider] = {}
_context_describers: dict[str, Callable[[str], str]] = {}


def register(provider: PersonalDataProvider) -> None:
    _providers[provider.section] = provider


def providers() -> list[PersonalDataProvider]:
    return [_providers[section] for section in sorted(_providers)]


def register_context(prefix: str, describe: Callable[[str], str]) -> None:
    """Say what a consent's context means (`meetings.registration:` -> the meeting's title)."""
    _context_describers[prefix] = describe


def describe_context(context: str) -> str:
    for prefix, describe in _context_describers.items():
        if context.startswith(prefix):
            return describe(context)
    return context
