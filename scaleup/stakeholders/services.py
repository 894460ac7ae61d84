"""State changes of the stakeholder registry. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import datetime
import posixpath
import zipfile
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from scaleup.access.checks import has_permission
from scaleup.core.audit import changes, record, snapshot, stored_snapshot
from scaleup.core.i18n import active_language
from scaleup.core.mail import send_after_commit
from scaleup.core.selectors import site_configuration
from scaleup.core.storage import save_file, storage_guard
from scaleup.stakeholders.models import (
    Application,
    GroupDocument,
    Membership,
    Organisation,
    Person,
    StakeholderGroup,
)
from scaleup.stakeholders.selectors import find_organisation, may_manage_organisation


@transaction.atomic
def submit_application(
    *,
    group: StakeholderGroup,
    organisation_name: str,
    organisation_kind: str,
    contact_first_name: str,
    contact_last_name: str,
    contact_email: str,
    city: str = "",
    website: str = "",
    contact_position: str = "",
    motivation: str = "",
    actor: Any = None,
) -> Application:
    if not group.accepts_applications:
        raise ValidationError(_("This group does not accept applications at the moment."))
    name = organisation_name.strip()
    duplicate = ValidationError(
        _("An application from %(name)s is already waiting for a decision.") % {"name": name}
    )
    if Application.objects.filter(
        group=group, organisation_name__iexact=name, status=Application.Status.PENDING
    ).exists():
        raise duplicate
    existing = find_organisation(name)
    if existing and Membership.objects.filter(group=group, organisation=existing).exists():
        raise ValidationError(_("%(name)s is already a member of this group.") % {"name": name})
    try:
        with transaction.atomic():  # a double submit races past the check above
            application = Application.objects.create(
                group=group,
                organisation_name=name,
                organisation_kind=organisation_kind,
                city=city,
                website=website,
                contact_first_name=contact_first_name,
                contact_last_name=contact_last_name,
                contact_email=contact_email,
                contact_position=contact_position,
                motivation=motivation,
                consent_given_at=timezone.now(),
                language=active_language(),
            )
    except IntegrityError as error:
        raise duplicate from error
    record(actor=actor, action="stakeholders.application.submitted", target=application)
    _mail_applicant(application, "application_received")
    facilitators = site_configuration().contact_email
    if facilitators:
        send_after_commit(
            to=facilitators,
            subject_template="stakeholders/mail/application_notice_subject.txt",
            body_template="stakeholders/mail/application_notice.txt",
            context={"application": application, "group": group},
            language="pl",
        )
    return application


def _mail_applicant(application: Application, template: str) -> None:
    send_after_commit(
        to=application.contact_email,
        subject_template=f"stakeholders/mail/{template}_subject.txt",
        body_template=f"stakeholders/mail/{template}.txt",
        context={"application": application, "group": application.group},
        language=application.language,
    )


def _lock_pending(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.PENDING:
        raise ValidationError(
            _("The application from %(name)s has already been decided.")
            % {"name": locked.organisation_name}
        )
    return locked


@transaction.atomic
def approve_application(*, application: Application, actor: Any, note: str = "") -> Application:
    """Approval makes the applicant a member: organisation, contact person and membership."""
    application = _lock_pending(application)
    organisation = find_organisation(application.organisation_name)
    if organisation is None:
        organisation = Organisation.objects.create(
            name=application.organisation_name,
            kind=application.organisation_kind,
            city=application.city,
            website=application.website,
        )
        record(actor=actor, action="stakeholders.organisation.created", target=organisation)
    person = Person.objects.filter(email__iexact=application.contact_email).first()
    if person is not None and person.organisation_id is None:
        person.organisation = organisation
        person.save(update_fields=["organisation", "updated_at"])
    elif person is None:
        person = Person.objects.create(
            first_name=application.contact_first_name,
            last_name=application.contact_last_name,
            email=application.contact_email,
            position=application.contact_position,
            organisation=organisation,
        )
    membership, created = Membership.objects.get_or_create(
        group=application.group,
        organisation=organisation,
        defaults={"joined_on": timezone.localdate()},
    )
    if created:
        record(actor=actor, action="stakeholders.membership.created", target=membership)
    # The applicant speaks for the organisation in this group, and in this group only.
    membership.contacts.add(person)
    application.status = Application.Status.APPROVED
    application.organisation = organisation
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_note = note
    application.save()
    record(actor=actor, action="stakeholders.application.approved", target=application)
    _mail_applicant(application, "application_approved")
    return application


@transaction.atomic
def reject_application(*, application: Application, actor: Any, note: str = "") -> Application:
    application = _lock_pending(application)
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_note = note
    application.save()
    record(actor=actor, action="stakeholders.application.rejected", target=application, note=note)
    _mail_applicant(application, "application_rejected")
    return application


@transaction.atomic
def end_membership(*, membership: Membership, left_on: datetime.date, actor: Any) -> Membership:
    """An organisation leaves a group; the row stays, dated, as the group's history."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(
            _("%(organisation)s already left the group on %(date)s.")
            % {"organisation": membership.organisation, "date": membership.left_on.isoformat()}
        )
    if left_on < membership.joined_on:
        raise ValidationError(
            {
                "left_on": _("The date of leaving cannot be before the date of joining (%(date)s).")
                % {"date": membership.joined_on.isoformat()}
            }
        )
    before = snapshot(membership, ["left_on"])
    membership.left_on = left_on
    membership.save(update_fields=["left_on", "updated_at"])
    record(
        actor=actor,
        action="stakeholders.membership.ended",
        target=membership,
        changes=changes(before, snapshot(membership, ["left_on"])),
    )
    return membership


# --- group documents -------------------------------------------------------------------

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# Extension -> (content type stored and sent, label shown in errors).
DOCUMENT_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "PDF"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PPTX",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", "ODT"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
    ".txt": ("text/plain", "TXT"),
    ".csv": ("text/csv", "CSV"),
}
_OOXML_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
_TEXT_SAMPLE = 64 * 1024
# C0 control characters that never occur in text files (tab, line breaks, form feed do).
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | (frozenset(range(0x0E, 0x20)) - {0x1B})


def _zip_names(upload: UploadedFile) -> list[str] | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _odf_mimetype(upload: UploadedFile) -> str:
    try:
        # Read a little of the member only: never unpack a zip bomb.
        with zipfile.ZipFile(upload) as archive, archive.open("mimetype") as member:
            return member.read(100).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return ""


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    """Look at the bytes, not the name or the browser's claim: the file must be what it says."""
    upload.seek(0)
    head = upload.read(_TEXT_SAMPLE)
    upload.seek(0)
    try:
        if extension == ".pdf":
            return head.startswith(b"%PDF-")
        if extension in _OOXML_FOLDERS:
            if not head.startswith(b"PK\x03\x04"):
                return False
            names = _zip_names(upload) or []
            folder = _OOXML_FOLDERS[extension]
            return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
        if extension in {".odt", ".ods"}:
            return (
                head.startswith(b"PK\x03\x04")
                and _odf_mimetype(upload) == (DOCUMENT_TYPES[extension][0])
            )
        # Plain text (.txt, .csv): no binary control bytes, and not a known container.
        if head.startswith((b"PK\x03\x04", b"%PDF-", b"MZ", b"\x7fELF")):
            return False
        return not any(byte in _BINARY_BYTES for byte in head)
    finally:
        upload.seek(0)


def _document_filename(name: str, extension: str) -> str:
    stem = posixpath.basename(name.replace("\\", "/"))
    stem = stem[: -len(extension)] if stem.lower().endswith(extension) else stem
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # a name like ".."
        stem = ""
    return f"{(stem or 'document')[: 50 - len(extension)]}{extension}"


def validate_document_upload(uploaded_file: UploadedFile) -> tuple[str, str]:
    """Check a group document; returns (content type, safe file name) or a `file` error."""
    name = uploaded_file.name or ""
    extension = posixpath.splitext(name.lower())[1]
    allowed = ", ".join(label for _, label in DOCUMENT_TYPES.values())
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            {
                "file": _("Files of this type cannot be uploaded. Allowed types: %(types)s.")
                % {"types": allowed}
            }
        )
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {
                    "size": number_format(size / 1024 / 1024, 1),
                    "limit": DOCUMENT_MAX_BYTES // 1024 // 1024,
                }
            }
        )
    content_type, label = DOCUMENT_TYPES[extension]
    if not _content_matches(uploaded_file, extension):
        raise ValidationError(
            {
                "file": _(
                    "The file's content is not a %(type)s document; check that the file is "
                    "not damaged and that its name ends in the right extension."
                )
                % {"type": label}
            }
        )
    return content_type, _document_filename(name, extension)


@storage_guard()
@transaction.atomic
def add_document(
    *,
    group: StakeholderGroup,
    title: str,
    description: str,
    uploaded_file: UploadedFile,
    actor: Any,
) -> GroupDocument:
    """Store a members-only file on private storage; it is served only after a permission check.

    A file the server cannot store (a full disk) is a ValidationError and leaves nothing:
    no file, no row, no audit entry (`storage_guard`)."""
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    content_type, filename = validate_document_upload(uploaded_file)
    document = GroupDocument(
        group=group,
        title=title.strip(),
        description=description.strip(),
        content_type=content_type,
        size=uploaded_file.size or 0,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_file(document.file, filename, uploaded_file)
    document.save()
    record(
        actor=actor,
        action="stakeholders.document.added",
        target=document,
        group=group.pk,
        size=document.size,
    )
    return document


@transaction.atomic
def delete_document(*, document: GroupDocument, actor: Any) -> None:
    """Delete the record now and the file once the deletion is committed."""
    storage, name = document.file.storage, document.file.name
    record(
        actor=actor,
        action="stakeholders.document.deleted",
        target=document,
        group=document.group_id,
        title=document.title,
    )
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_organisation(*, organisation: Organisation, actor: Any) -> Organisation:
    """An organisation entered or corrected by staff (the API; the admin has its own log)."""
    if actor is not None and not (
        has_permission(actor, "organisation:manage")
        if organisation.pk is None
        else may_manage_organisation(actor, organisation)
    ):
        raise PermissionDenied
    created = organisation.pk is None
    before = stored_snapshot(organisation)
    organisation.full_clean()
    organisation.save()
    record(
        actor=actor,
        action="stakeholders.organisation.created"
        if created
        else "stakeholders.organisation.changed",
        target=organisation,
        changes=changes(before, snapshot(organisation)),
    )
    return organisation
