"""Consents, 'download my data', 'erase me' and the retention job.

Each function runs in one transaction with its audit entry. Erasure asks every registered
provider (see registry.py) to erase, then cleans the audit log and the admin history of the
person's identifiers, deletes the account, and records that an erasure happened without
naming whom.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from scaleup.core import audit
from scaleup.core.models import AuditEntry
from scaleup.privacy.models import ConsentRecord
from scaleup.privacy.providers import subject_consents
from scaleup.privacy.registry import DataSubject, Row, providers, scrub
from scaleup.privacy.selectors import subject_for
from scaleup.privacy.signals import consent_withdrawn
from scaleup.privacy.texts import CONSENT_TEXTS

# --- consents -------------------------------------------------------------------------


@transaction.atomic
def give_consent(
    *, email: str, purpose: str, context: str = "", user: Any = None, actor: Any
) -> ConsentRecord:
    """Record a consent with the current text version; an active one is returned as it is."""
    if purpose not in CONSENT_TEXTS:
        raise ValidationError(_("Unknown purpose of consent."))
    email = email.strip()
    if not email:
        raise ValidationError(_("A consent needs the e-mail address of the person giving it."))
    active = ConsentRecord.objects.select_for_update().filter(
        email__iexact=email, purpose=purpose, context=context, withdrawn_at__isnull=True
    )
    existing = active.first()
    if existing is None:
        try:
            with transaction.atomic():
                consent = ConsentRecord.objects.create(
                    user=user if getattr(user, "is_authenticated", False) else None,
                    email=email,
                    purpose=purpose,
                    context=context,
                    text_version=CONSENT_TEXTS[purpose].version,
                    given_at=timezone.now(),
                )
        except IntegrityError:  # given twice at once: the other request's record stands
            return active.get()
    else:
        if existing.user_id is None and getattr(user, "is_authenticated", False):
            existing.user = user
            existing.save(update_fields=["user"])
        return existing
    audit.record(
        actor=actor,
        action="privacy.consent.given",
        target=consent,
        purpose=purpose,
        context=context,
        text_version=consent.text_version,
    )
    return consent


@transaction.atomic
def withdraw_consent(*, record: ConsentRecord, actor: Any) -> ConsentRecord:
    """Close the consent; apps hear of it through `consent_withdrawn` once this commits."""
    consent = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = max(timezone.now(), consent.given_at)
    consent.save(update_fields=["withdrawn_at"])
    audit.record(
        actor=actor,
        action="privacy.consent.withdrawn",
        target=consent,
        purpose=consent.purpose,
        context=consent.context,
    )
    transaction.on_commit(
        lambda: consent_withdrawn.send(sender=ConsentRecord, record=consent, actor=actor)
    )
    return consent


@transaction.atomic
def withdraw_own_consents(*, user: Any, purpose: str, context: str = "", actor: Any) -> int:
    """Withdraw the user's active consents for one purpose; returns how many were open."""
    consents = list(
        subject_consents(subject_for(user)).filter(
            purpose=purpose, context=context, withdrawn_at__isnull=True
        )
    )
    for consent in consents:
        withdraw_consent(record=consent, actor=actor)
    return len(consents)


# --- download my data -----------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | Promise):
        return str(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(_plain(item)) for item in value)
    return value


def _csv(rows: list[Row]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    if columns:
        writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue()


@transaction.atomic
def export_personal_data(*, user: Any, actor: Any) -> bytes:
    """A zip with `data.json` (every section), one CSV per section and a README.txt."""
    subject = subject_for(user)
    generated_at = timezone.localtime()
    sections: dict[str, list[Row]] = {
        provider.section: [
            {key: _plain(value) for key, value in row.items()} for row in provider.export(subject)
        ]
        for provider in providers()
    }
    document = {"generated_at": generated_at.isoformat(), "sections": sections}
    readme = render_to_string(
        "privacy/export_readme.txt",
        {
            "generated_at": generated_at,
            "sections": [(provider, len(sections[provider.section])) for provider in providers()],
            "controller": settings.DATA_CONTROLLER,
            "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for section, rows in sections.items():
            # A byte-order mark lets spreadsheet programs read the CSV as UTF-8.
            archive.writestr(f"{section}.csv", "\ufeff" + _csv(rows))
    audit.record(
        actor=actor,
        action="privacy.export.downloaded",
        target=user,
        rows={section: len(rows) for section, rows in sections.items()},
    )
    return buffer.getvalue()


# --- erase me ---------------------------------------------------------------------------


def _spellings(identifier: str) -> set[str]:
    """How an identifier may be stored: as typed or in other case, raw or JSON-escaped.

    SQLite keeps JSON with non-ASCII characters escaped (\\u015b) and compares case only
    for ASCII letters, so each variant is searched for.
    """
    variants = {identifier, identifier.lower(), identifier.upper(), identifier.title()}
    return variants | {json.dumps(variant)[1:-1] for variant in variants}


def _mentioning(identifiers: Iterable[str], *fields: str) -> Q:
    condition = Q(pk__in=[])
    for identifier in identifiers:
        for spelling in _spellings(identifier):
            for name in fields:
                condition |= Q(**{f"{name}__icontains": spelling})
    return condition


def _scrub_json(value: Any, identifiers: Iterable[str]) -> Any:
    if isinstance(value, str):
        return scrub(value, identifiers)
    if isinstance(value, list):
        return [_scrub_json(item, identifiers) for item in value]
    if isinstance(value, dict):
        return {
            scrub(str(key), identifiers): _scrub_json(item, identifiers)
            for key, item in value.items()
        }
    return value


def _about(records: Iterable[models.Model], type_field: str, id_field: str) -> Q:
    """Rows of a log whose target is one of the records."""
    ids: dict[int, list[str]] = defaultdict(list)
    for instance in records:
        ids[ContentType.objects.get_for_model(instance).pk].append(str(instance.pk))
    condition = Q(pk__in=[])
    for type_id, pks in ids.items():
        condition |= Q(**{f"{type_field}_id": type_id, f"{id_field}__in": pks})
    return condition


def _redact_audit(subject: DataSubject, records: list[models.Model]) -> int:
    """Keep each audit entry (what happened, when) but remove the person's identifiers.

    Entries about the person's own records are also cleaned of each part of their names
    (a diff of `first_name`); elsewhere only whole identifiers count.
    """
    identifiers = subject.identifiers
    thorough = identifiers | subject.name_parts
    about = set(
        AuditEntry.objects.filter(_about(records, "target_type", "target_id")).values_list(
            "pk", flat=True
        )
    )
    entries = AuditEntry.objects.annotate(data_text=Cast("data", TextField())).filter(
        _mentioning(identifiers, "target_repr", "data_text") | Q(pk__in=about)
    )
    count = 0
    for entry in entries:
        words = thorough if entry.pk in about else identifiers
        entry.target_repr = scrub(entry.target_repr, words)
        entry.data = _scrub_json(entry.data, words)
        entry.save(update_fields=["target_repr", "data"])
        count += 1
    return count


def _redact_admin_log(subject: DataSubject, records: list[models.Model]) -> int:
    """Django admin's own history names the records it changed; clean it the same way."""
    identifiers = subject.identifiers
    thorough = identifiers | subject.name_parts
    about = set(
        LogEntry.objects.filter(_about(records, "content_type", "object_id")).values_list(
            "pk", flat=True
        )
    )
    count = 0
    for entry in LogEntry.objects.filter(
        _mentioning(identifiers, "object_repr", "change_message") | Q(pk__in=about)
    ):
        words = thorough if entry.pk in about else identifiers
        entry.object_repr = scrub(entry.object_repr, words)
        entry.change_message = scrub(entry.change_message, words)
        entry.save(update_fields=["object_repr", "change_message"])
        count += 1
    return count


@transaction.atomic
def erase_personal_data(*, user: Any, actor: Any) -> dict[str, int]:
    """Erase a person: every provider erases, the logs are cleaned, the account goes.

    Kept: records that must stay for the programme (attendance, decisions on applications,
    the audit log), without anything that identifies the person. The audit entry written
    last says that an erasure happened, with counts and the former account id only.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    user_id = user.pk
    subject = subject_for(user)
    names: list[str] = []
    records: list[models.Model] = []
    for provider in providers():
        names.extend(provider.identifiers(subject))
        records.extend(provider.records(subject))
    subject = subject.with_names(names)

    counts: dict[str, int] = {}
    for provider in providers():
        counts[provider.section] = provider.erase(subject, actor=actor)
    counts["audit_entries_redacted"] = _redact_audit(subject, records)
    counts["admin_log_entries_redacted"] = _redact_admin_log(subject, records)
    counts["email_addresses"], _rows = EmailAddress.objects.filter(user=user).delete()
    user.delete()
    counts["account"] = counts.get("account", 0) + 1

    acting_self = getattr(actor, "pk", None) == user_id
    audit.record(
        actor=None if acting_self else actor,
        action="privacy.subject.erased",
        target=None,
        user_id=user_id,
        by_subject=acting_self,
        counts=counts,
    )
    return counts


# --- retention ----------------------------------------------------------------------------


def _inactive_accounts(now: datetime.datetime) -> list[Any]:
    """Accounts nobody needs any more: no role, no person record, no recent sign-in."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS["inactive_accounts"])
    in_use = Q(pk__in=[])
    for provider in providers():
        needed = provider.accounts_in_use()
        if needed is not None:
            in_use |= needed
    user_model = get_user_model()
    stale = Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    keep = user_model.objects.filter(in_use).values("pk")
    return list(user_model.objects.filter(stale).exclude(pk__in=keep).order_by("pk"))


def purge_expired(
    *, now: datetime.datetime | None = None, actor: Any = None, dry_run: bool = False
) -> dict[str, int]:
    """Apply every retention rule as of `now`; returns how many records each rule changed.

    A dry run does all the work inside a transaction that is then rolled back, so the
    counts are exact and nothing is saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        counts: dict[str, int] = {}
        for provider in providers():
            counts.update(provider.purge_expired(now))
        accounts = _inactive_accounts(now)
        for account in accounts:
            erase_personal_data(user=account, actor=actor)
        counts["inactive_accounts_erased"] = len(accounts)
        audit.record(
            actor=actor,
            action="privacy.retention.purged",
            target=None,
            as_of=now.isoformat(),
            counts=counts,
        )
        if dry_run:
            transaction.set_rollback(True)
    return counts
