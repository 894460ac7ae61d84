"""Records and uploads for workspace tests: group documents, invitations, sample files."""

from __future__ import annotations

import datetime as dt
import io
import secrets
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scaleup.stakeholders.models import GroupDocument, Invitation, Organisation, StakeholderGroup

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(folder: str) -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", f"{folder}/document.xml": b"<x/>"})


def odf(mimetype: str) -> bytes:
    return zip_bytes({"mimetype": mimetype.encode(), "content.xml": b"<office:document/>"})


SAMPLES: dict[str, bytes] = {
    "minutes.pdf": PDF,
    "minutes.docx": ooxml("word"),
    "budget.xlsx": ooxml("xl"),
    "slides.pptx": ooxml("ppt"),
    "minutes.odt": odf("application/vnd.oasis.opendocument.text"),
    "budget.ods": odf("application/vnd.oasis.opendocument.spreadsheet"),
    "notes.txt": "Protokół ze spotkania – zażółć gęślą jaźń\n".encode(),
    "members.csv": b"name;city\nKlaster;Lublin\n",
}


def upload(name: str = "minutes.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SAMPLES[name] if content is None else content)


def make_document(
    group: StakeholderGroup, *, title: str = "Minutes", **fields: Any
) -> GroupDocument:
    document = GroupDocument(
        group=group, title=title, content_type="application/pdf", size=len(PDF), **fields
    )
    document.file.save("minutes.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


def make_invitation(
    group: StakeholderGroup, organisation: Organisation, *, email: str = "invitee@example.org"
) -> Invitation:
    return Invitation.objects.create(
        group=group,
        email=email,
        first_name="Iwona",
        last_name="Zaproszona",
        organisation=organisation,
        token=secrets.token_urlsafe(32),
        code=secrets.token_hex(4).upper(),
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
