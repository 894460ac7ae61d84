"""Exports of personal data, as CSV or XLSX. Each export is written to the audit log as it
is made.

Exporting contact details takes personal data out of the system, so the log records who
took which list and how many people were in it (GDPR accountability). Cells that a
spreadsheet would read as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.core.audit import record
from scaleup.core.spreadsheets import XLSX_CONTENT_TYPE, defuse_formula, write_xlsx, xlsx_response
from scaleup.meetings.models import Meeting
from scaleup.stakeholders.models import StakeholderGroup
from scaleup.workspace import selectors


def _minute(moment: Any) -> str:
    """A moment as the region's local time, to the minute; empty when there is none."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _cell(value: Any) -> str:
    return defuse_formula("" if value is None else str(value))


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    # The byte-order mark makes Excel open the file as UTF-8, keeping Polish letters intact.
    return "\ufeff" + buffer.getvalue()


FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_CONTENT_TYPE,
}


def _table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, file_format: str, title: str
) -> bytes:
    if file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, header, rows, title=title)
        return buffer.getvalue()
    return _csv(header, rows).encode("utf-8")


def filename(stem: str, file_format: str = "csv") -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{file_format}"


@transaction.atomic
def members_export(*, group: StakeholderGroup, actor: Any, file_format: str = "csv") -> bytes:
    """The contact persons of the group's current member organisations."""
    contacts = selectors.member_contacts(group)
    content = _table(
        [
            _("organisation"),
            _("kind"),
            _("joined on"),
            _("first name"),
            _("last name"),
            _("e-mail"),
            _("phone"),
            _("job title"),
        ],
        [
            (
                membership.organisation.name,
                membership.organisation.get_kind_display(),
                membership.joined_on.isoformat(),
                person.first_name,
                person.last_name,
                person.email,
                person.phone,
                person.position,
            )
            for membership, person in contacts
        ],
        file_format=file_format,
        title=_("Contact persons"),
    )
    record(
        actor=actor,
        action="stakeholders.members.exported",
        target=group,
        rows=len(contacts),
        format=file_format,
    )
    return content


@transaction.atomic
def registrations_export(*, meeting: Meeting, actor: Any, file_format: str = "csv") -> bytes:
    registrations = list(selectors.registrations_of(meeting))
    content = _table(
        [
            _("full name"),
            _("e-mail"),
            _("organisation"),
            _("kind of organisation"),
            _("status"),
            _("agrees to be photographed"),
            _("attended"),
            _("registered at"),
        ],
        [
            (
                registration.full_name,
                registration.email,
                registration.organisation_name,
                registration.get_organisation_kind_display(),
                registration.get_status_display(),
                _("yes") if registration.image_consent else _("no"),
                _("yes") if registration.attended else _("no"),
                _minute(registration.created_at),
            )
            for registration in registrations
        ],
        file_format=file_format,
        title=_("Registrations"),
    )
    record(
        actor=actor,
        action="meetings.registrations.exported",
        target=meeting,
        rows=len(registrations),
        format=file_format,
    )
    return content


@transaction.atomic
def applications_export(*, applications: Iterable[Any], actor: Any) -> HttpResponseBase:
    """The applications listed (they hold the applicants' contact details)."""
    rows = [
        (
            application.created_at.date().isoformat(),
            application.group.name,
            application.organisation_name,
            application.get_organisation_kind_display(),
            application.city,
            application.contact_first_name,
            application.contact_last_name,
            application.contact_email,
            application.contact_position,
            application.get_status_display(),
            application.decided_at.date().isoformat() if application.decided_at else "",
        )
        for application in applications
    ]
    record(actor=actor, action="workspace.applications.exported", target=None, rows=len(rows))
    return xlsx_response(
        filename=filename("applications", "xlsx"),
        header=[
            _("submitted on"),
            _("stakeholder group"),
            _("organisation"),
            _("kind"),
            _("city"),
            _("first name"),
            _("last name"),
            _("e-mail"),
            _("job title"),
            _("status"),
            _("decided on"),
        ],
        rows=rows,
        title=_("Applications"),
    )


def meetings_export(*, meetings: Iterable[Any]) -> HttpResponseBase:
    """The meetings listed, with their seats (no personal data)."""
    return xlsx_response(
        filename=filename("meetings", "xlsx"),
        header=[
            _("starts at"),
            _("partner"),
            _("stakeholder group"),
            _("format"),
            _("title (Polish)"),
            _("title (English)"),
            _("venue (Polish)"),
            _("capacity"),
            _("confirmed"),
            _("waiting"),
            _("published"),
        ],
        rows=(
            (
                _minute(meeting.starts_at),
                meeting.group.partner.short_name,
                meeting.group.name,
                meeting.get_format_display(),
                meeting.title_pl,
                meeting.title_en,
                meeting.venue_pl,
                meeting.capacity,
                meeting.confirmed_count,
                meeting.waitlisted_count,
                _("yes") if meeting.is_published else _("no"),
            )
            for meeting in meetings
        ),
        title=_("Meetings"),
    )


def workshops_export(*, workshops: Iterable[Any]) -> HttpResponseBase:
    """The workshops listed, with their counts (no personal data)."""
    return xlsx_response(
        filename=filename("workshops", "xlsx"),
        header=[
            _("question"),
            _("stakeholder group"),
            _("meeting"),
            _("open"),
            _("participants"),
            _("statements accepted"),
            _("waiting for moderation"),
            _("created"),
        ],
        rows=(
            (
                workshop.question,
                workshop.group.name,
                workshop.meeting.title_pl if workshop.meeting else "",
                _("yes") if workshop.is_open else _("no"),
                workshop.participants_count,
                workshop.statements_count,
                workshop.pending_count,
                workshop.created_at.date().isoformat(),
            )
            for workshop in workshops
        ),
        title=_("Workshops"),
    )


@transaction.atomic
def audit_export(*, entries: Any, regions: dict[int, str], actor: Any) -> HttpResponseBase:
    """The audit log as filtered (it names the people who acted); the export is logged too."""
    count = entries.count()
    record(actor=actor, action="workspace.audit.exported", target=None, rows=count)
    return xlsx_response(
        filename=filename("audit-log", "xlsx"),
        header=[_("when"), _("who"), _("action"), _("record"), _("partner region"), _("details")],
        rows=(
            (
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor.email if entry.actor else "",
                entry.action,
                entry.target_repr,
                regions.get(entry.tenant_id or 0, ""),
                json.dumps(entry.data, ensure_ascii=False, sort_keys=True, default=str)
                if entry.data
                else "",
            )
            for entry in entries.iterator(chunk_size=2000)
        ),
        title=_("Audit log"),
    )


def _person(user: Any) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def posts_export(*, posts: Iterable[Any]) -> HttpResponseBase:
    """The news posts listed, drafts included."""
    return xlsx_response(
        filename=filename("news", "xlsx"),
        header=[
            _("title (Polish)"),
            _("title (English)"),
            _("region"),
            _("meeting"),
            _("status"),
            _("published at"),
            _("author"),
            _("public page"),
        ],
        rows=(
            (
                post.title_pl,
                post.title_en,
                post.partner.short_name if post.partner else _("whole project"),
                post.meeting.title_pl if post.meeting else "",
                post.get_status_display(),
                _minute(post.published_at),
                _person(post.author),
                post.get_absolute_url() if post.status == "published" else "",
            )
            for post in posts
        ),
        title=_("News"),
    )


def documents_export(*, group: StakeholderGroup, documents: Iterable[Any]) -> HttpResponseBase:
    """The group's documents for members: what is there, not the files themselves."""
    return xlsx_response(
        filename=filename(f"documents-{group.slug}", "xlsx"),
        header=[
            _("title"),
            _("description"),
            _("file name"),
            _("size in bytes"),
            _("added"),
            _("uploaded by"),
        ],
        rows=(
            (
                document.title,
                document.description,
                document.file.name.rsplit("/", 1)[-1],
                document.size,
                _minute(document.created_at),
                _person(document.uploaded_by),
            )
            for document in documents
        ),
        title=_("Documents"),
    )


@transaction.atomic
def invitations_export(*, group: StakeholderGroup, actor: Any) -> HttpResponseBase:
    """The invitations still waiting for an answer (names and e-mails: the export is logged)."""
    now = timezone.now()
    rows = [
        (
            invitation.first_name,
            invitation.last_name,
            invitation.email,
            invitation.organisation.name,
            invitation.language,
            _person(invitation.invited_by),
            _minute(invitation.created_at),
            _minute(invitation.expires_at),
            _("yes") if invitation.expires_at <= now else _("no"),
        )
        for invitation in selectors.open_invitations_of(group).order_by("created_at", "id")
    ]
    record(
        actor=actor,
        action="stakeholders.invitations.exported",
        target=group,
        rows=len(rows),
        format="xlsx",
    )
    return xlsx_response(
        filename=filename(f"invitations-{group.slug}", "xlsx"),
        header=[
            _("first name"),
            _("last name"),
            _("e-mail"),
            _("organisation"),
            _("language"),
            _("invited by"),
            _("sent"),
            _("valid until"),
            _("expired"),
        ],
        rows=rows,
        title=_("Invitations"),
    )
