from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from scaleup.core.models import AuditEntry
from scaleup.stakeholders import services
from scaleup.stakeholders.models import GroupDocument
from scaleup.testing.urls import url
from scaleup.workspace.tests.factories import (
    PDF,
    SAMPLES,
    make_document,
    odf,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def _files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _post(client, world, file, **fields):
    return client.post(
        url("workspace:documents", "en", slug=world.lubelskie.group.slug),
        {"title": "Protokół", "description": "Z warsztatu", "file": file} | fields,
    )


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_upload_every_allowed_type(client, world, name, private_root):
    client.force_login(world.lubelskie.facilitator)
    response = _post(client, world, upload(name))
    assert response.status_code == 302
    document = GroupDocument.objects.get()
    assert document.group == world.lubelskie.group
    assert document.uploaded_by == world.lubelskie.facilitator
    assert document.size == len(SAMPLES[name])
    assert document.content_type == services.DOCUMENT_TYPES["." + name.rsplit(".", 1)[1]][0]
    assert document.file.name.endswith(name)
    assert document.file.read() == SAMPLES[name]
    assert _files(private_root)
    entry = AuditEntry.objects.get(action="stakeholders.document.added")
    assert entry.tenant_id == world.lubelskie.partner.pk


REJECTED = [
    ("program.exe", b"MZ\x90\x00", "cannot be uploaded"),
    ("page.html", b"<html></html>", "cannot be uploaded"),
    ("no-extension", PDF, "cannot be uploaded"),
    ("minutes.pdf", b"MZ\x90\x00 not a pdf", "not a PDF"),
    ("minutes.pdf", SAMPLES["minutes.docx"], "not a PDF"),
    ("minutes.docx", zip_bytes({"readme.txt": b"hi"}), "not a DOCX"),
    ("minutes.docx", SAMPLES["budget.xlsx"], "not a DOCX"),
    ("minutes.docx", PDF, "not a DOCX"),
    ("budget.xlsx", b"PK\x03\x04 broken zip", "not a XLSX"),
    ("minutes.odt", odf("application/vnd.oasis.opendocument.spreadsheet"), "not a ODT"),
    ("budget.ods", zip_bytes({"content.xml": b"<x/>"}), "not a ODS"),
    ("notes.txt", b"text\x00\x01\x02binary", "not a TXT"),
    ("notes.txt", PDF, "not a TXT"),
    ("members.csv", SAMPLES["minutes.docx"], "not a CSV"),
    ("empty.pdf", b"", "empty"),
]


@pytest.mark.parametrize(("name", "content", "error"), REJECTED)
def test_bad_uploads_are_form_errors_and_store_nothing(
    client, world, name, content, error, private_root
):
    client.force_login(world.lubelskie.facilitator)
    response = _post(client, world, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert error in response.text
    assert not GroupDocument.objects.exists()
    assert not _files(private_root)
    assert not AuditEntry.objects.exists()


def test_files_over_the_limit_are_refused(client, world, monkeypatch):
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 1024)
    client.force_login(world.lubelskie.facilitator)
    response = _post(client, world, upload("minutes.pdf", PDF + b"0" * 2000))
    assert "too large" in response.text
    assert not GroupDocument.objects.exists()


def test_the_real_limit_is_20_megabytes():
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.validate_document_upload(big)
    assert "too large" in str(error.value)
    just_right = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024 - len(PDF)))
    assert services.validate_document_upload(just_right)[0] == "application/pdf"


def test_a_title_is_required(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = _post(client, world, upload(), title="")
    assert "title" in response.context["form"].errors
    assert not GroupDocument.objects.exists()


def test_the_service_refuses_a_blank_title(world):
    with pytest.raises(ValidationError) as error:
        services.add_document(
            group=world.lubelskie.group,
            title="   ",
            description="",
            uploaded_file=upload(),
            actor=world.lubelskie.facilitator,
        )
    assert "title" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\anna\\Protokół z warsztatu.PDF", "Protokół_z_warsztatu.pdf"),
        (" .pdf", "document.pdf"),
        ("%%%.pdf", "document.pdf"),
        ("x" * 200 + ".pdf", "x" * 46 + ".pdf"),
    ],
)
def test_file_names_are_made_safe(world, name, stored):
    document = services.add_document(
        group=world.lubelskie.group,
        title="Protokół",
        description="",
        uploaded_file=SimpleUploadedFile(name, PDF),
        actor=None,
    )
    assert document.file.name.startswith(f"groups/{world.lubelskie.group.pk}/")
    assert document.file.name.rsplit("/", 1)[1] == stored
    assert ".." not in document.file.name


def test_delete_removes_the_record_and_the_file(
    client, world, django_capture_on_commit_callbacks, private_root
):
    document = make_document(world.lubelskie.group)
    assert _files(private_root)
    client.force_login(world.lubelskie.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("workspace:document_delete", pk=document.pk))
    assert response.status_code == 302
    assert response["Location"] == url("workspace:documents", slug=world.lubelskie.group.slug)
    assert not GroupDocument.objects.exists()
    assert not _files(private_root)
    entry = AuditEntry.objects.get(action="stakeholders.document.deleted")
    assert entry.data["title"] == "Minutes"


def test_documents_page_lists_the_groups_documents(client, world):
    mine = make_document(world.lubelskie.group, title="Protokół lubelski")
    make_document(world.attica.group, title="Attica minutes")
    client.force_login(world.lubelskie.facilitator)
    response = client.get(url("workspace:documents", slug=world.lubelskie.group.slug))
    assert mine.title in response.text
    assert "Attica minutes" not in response.text
    assert 'enctype="multipart/form-data"' in response.text


@pytest.mark.parametrize("role", ["member", "facilitator", "coordinator"])
def test_download_streams_the_private_file(client, world, role):
    document = make_document(world.lubelskie.group)
    client.force_login(world.user(role))
    response = client.get(url("workspace:document_download", pk=document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_missing_file_is_not_found(client, world):
    document = make_document(world.lubelskie.group)
    document.file.storage.delete(document.file.name)
    client.force_login(world.lubelskie.member)
    assert client.get(url("workspace:document_download", pk=document.pk)).status_code == 404


def test_private_files_are_not_under_media(world, settings):
    document = make_document(world.lubelskie.group)
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))


def test_group_space_shows_what_members_need(client, world):
    group = world.lubelskie.group
    group.description_pl = "Opis grupy dla członków."
    group.save()
    document = make_document(group, title="Protokół")
    client.force_login(world.lubelskie.member)
    response = client.get(url("workspace:group", slug=group.slug))
    assert response.status_code == 200
    assert "Opis grupy dla członków." in response.text
    assert world.lubelskie.meeting.title_pl in response.text
    assert world.lubelskie.draft_meeting.title_pl not in response.text
    assert world.lubelskie.organisation.name in response.text
    assert url("workspace:document_download", pk=document.pk) in response.text
    # members get no staff navigation and no staff links
    assert "workspace-nav" not in response.text
    assert url("workspace:documents", slug=group.slug) not in response.text
    assert world.lubelskie.member.email not in response.text
