"""A full disk while a group document is uploaded: a clear form error, nothing stored.

The disk is simulated (`scaleup.testing.disk.DiskFills`): the first bytes really reach
the private folder, then every write fails, as on a real full file system. The scripted
fault on a real one is `bench/disk_full.py`.
"""

from __future__ import annotations

import errno
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from scaleup.core.models import AuditEntry
from scaleup.stakeholders import services
from scaleup.stakeholders.models import GroupDocument
from scaleup.testing.disk import DiskFills, files_in, tree
from scaleup.testing.urls import url
from scaleup.workspace.tests.factories import PDF

pytestmark = pytest.mark.django_db

BIG_PDF = PDF + b"%" + b"0" * 300_000  # several chunks
NO_ROOM = "The server has no room to store your file right now, so nothing was saved."


def _post(client, world, file, language="en"):
    return client.post(
        url("workspace:documents", language, slug=world.lubelskie.group.slug),
        {"title": "Protokół z warsztatu", "description": "Wersja robocza", "file": file},
    )


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_is_a_form_error_and_stores_nothing(
    client, world, private_root, monkeypatch, caplog, code
):
    disk = DiskFills([private_root], room=100_000, error=code).install(monkeypatch)
    client.force_login(world.lubelskie.facilitator)

    with caplog.at_level(logging.WARNING, "scaleup.core.storage"):
        response = _post(client, world, SimpleUploadedFile("minutes.pdf", BIG_PDF))

    assert disk.written == 100_000 and disk.refused == 1  # the disk filled mid-file
    assert response.status_code == 200
    assert NO_ROOM in response.text
    assert "try again later, or tell the site administrator" in response.text
    assert response.context["form"].non_field_errors() == [
        NO_ROOM + " Please try again later, or tell the site administrator."
    ]
    # What was typed is shown again; only the file has to be chosen again.
    assert 'value="Protokół z warsztatu"' in response.text
    assert "Wersja robocza" in response.text
    assert tree(private_root) == []  # no file, no temporary file, no folder made for it
    assert not GroupDocument.objects.exists()
    assert not AuditEntry.objects.exists()
    assert "Upload not stored" in caplog.text


def test_the_polish_page_shows_the_refusal_too(client, world, private_root, monkeypatch):
    DiskFills([private_root], room=0).install(monkeypatch)
    client.force_login(world.lubelskie.facilitator)

    response = _post(client, world, SimpleUploadedFile("minutes.pdf", BIG_PDF), language="pl")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not GroupDocument.objects.exists()


def test_another_write_error_is_a_form_error_too(client, world, private_root, monkeypatch):
    DiskFills([private_root], room=10, error=errno.EIO).install(monkeypatch)
    client.force_login(world.lubelskie.facilitator)

    response = _post(client, world, SimpleUploadedFile("minutes.pdf", BIG_PDF))

    assert response.status_code == 200
    assert "The server could not store your file, so nothing was saved." in response.text
    assert files_in(private_root) == []
    assert not GroupDocument.objects.exists()


def test_after_the_refusal_the_same_upload_succeeds_once_there_is_room(
    client, world, private_root, monkeypatch
):
    client.force_login(world.lubelskie.facilitator)
    DiskFills([private_root], room=1000).install(monkeypatch)
    assert _post(client, world, SimpleUploadedFile("minutes.pdf", BIG_PDF)).status_code == 200
    monkeypatch.undo()  # the operator made room

    response = _post(client, world, SimpleUploadedFile("minutes.pdf", BIG_PDF))

    assert response.status_code == 302
    document = GroupDocument.objects.get()
    assert document.file.read() == BIG_PDF
    assert files_in(private_root) == [document.file.name]


def test_a_file_written_for_a_row_that_is_not_saved_is_removed(world, private_root, monkeypatch):
    def audit_fails(**kwargs):
        raise RuntimeError("the audit entry could not be written")

    monkeypatch.setattr(services, "record", audit_fails)

    with pytest.raises(RuntimeError):
        services.add_document(
            group=world.lubelskie.group,
            title="Minutes",
            description="",
            uploaded_file=SimpleUploadedFile("minutes.pdf", PDF),
            actor=world.lubelskie.facilitator,
        )

    assert tree(private_root) == []
    assert not GroupDocument.objects.exists()


def test_the_service_refuses_with_a_validation_error(world, private_root, monkeypatch):
    DiskFills([private_root], room=0).install(monkeypatch)

    with pytest.raises(ValidationError) as raised:
        services.add_document(
            group=world.lubelskie.group,
            title="Minutes",
            description="",
            uploaded_file=SimpleUploadedFile("minutes.pdf", PDF),
            actor=world.lubelskie.facilitator,
        )

    assert raised.value.code == "storage_full"
    assert tree(private_root) == []


def test_an_upload_too_big_for_the_temporary_folder_is_a_clear_page(
    client, world, private_root, settings, tmp_path, monkeypatch
):
    """The disk fills while Django spools the upload itself (FILE_UPLOAD_TEMP_DIR), before
    any form exists: a 507 page saying nothing was saved, and the partial file removed."""
    from django.core.files import uploadhandler

    client.raise_request_exception = False
    upload_temp = tmp_path / "upload-tmp"
    upload_temp.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(upload_temp)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    real_receive = uploadhandler.TemporaryFileUploadHandler.receive_data_chunk

    def disk_fills(self, raw_data, start):
        if start >= 64 * 1024:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_receive(self, raw_data, start)

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "receive_data_chunk", disk_fills)
    client.force_login(world.lubelskie.facilitator)

    response = _post(client, world, SimpleUploadedFile("minutes.pdf", BIG_PDF))

    assert response.status_code == 507
    assert "No room on the server" in response.text and "nothing was saved" in response.text
    assert "Traceback" not in response.text
    assert tree(upload_temp) == []  # the partial temporary file is gone
    assert tree(private_root) == []
    assert not GroupDocument.objects.exists()
    assert not AuditEntry.objects.exists()
