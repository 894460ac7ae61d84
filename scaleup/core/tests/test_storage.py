"""Files on disk are complete or absent, and they follow their row's transaction."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import IntegrityError, transaction

from scaleup.core.storage import (
    STAGING_PREFIX,
    STORAGE_FAILED,
    STORAGE_FULL,
    AtomicFileSystemStorage,
    StorageWriteError,
    storage_guard,
)
from scaleup.testing.disk import DiskFills, files_in, tree

CONTENT = b"0123456789" * 10_000  # 100 kB: several chunks of 64 kB


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def storage(root: Path) -> AtomicFileSystemStorage:
    return AtomicFileSystemStorage(location=str(root))


class Chunked(File[bytes]):
    """Content in chunks, with a look at the folder between two of them."""

    def __init__(self, data: bytes, on_chunk: object = None) -> None:
        super().__init__(None, name="report.pdf")
        self.data = data
        self.size = len(data)
        self.on_chunk = on_chunk

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        for start in range(0, len(self.data), 10_000):
            yield self.data[start : start + 10_000]
            if callable(self.on_chunk):
                self.on_chunk()

    def open(self, mode: str | None = None, *args: object, **kwargs: object) -> Chunked:
        return self

    def close(self) -> None:
        pass


def test_a_write_that_fills_the_disk_leaves_nothing(storage, root, monkeypatch):
    disk = DiskFills([root], room=30_000).install(monkeypatch)

    with pytest.raises(StorageWriteError) as raised:
        storage.save("groups/1/abc/report.pdf", ContentFile(CONTENT))

    assert raised.value.errno == errno.ENOSPC
    assert disk.written == 30_000  # a partial file really was on disk
    assert files_in(root) == []
    assert tree(root) == []  # the folders made for it are gone too


def test_folders_that_existed_before_stay(storage, root, monkeypatch):
    (root / "groups" / "1").mkdir(parents=True)
    DiskFills([root], room=0).install(monkeypatch)

    with pytest.raises(StorageWriteError):
        storage.save("groups/1/abc/report.pdf", ContentFile(CONTENT))

    assert tree(root) == ["groups", "groups/1"]


def test_readers_never_see_a_partial_file(storage, root):
    """While the bytes are being written, the real name does not exist; the folder holds
    only the temporary file, whose name starts with `.upload-`."""
    seen: list[tuple[bool, list[str]]] = []
    target = root / "meetings" / "7" / "report.pdf"

    def look() -> None:
        seen.append((target.exists(), sorted(os.listdir(target.parent))))

    name = storage.save("meetings/7/report.pdf", Chunked(CONTENT, on_chunk=look))

    assert len(seen) == 10
    assert not any(exists for exists, _ in seen)
    for _, listing in seen:
        assert len(listing) == 1 and listing[0].startswith(STAGING_PREFIX)
    assert name == "meetings/7/report.pdf"
    assert target.read_bytes() == CONTENT
    assert files_in(root) == ["meetings/7/report.pdf"]


def test_a_name_taken_meanwhile_is_never_replaced(storage, root, monkeypatch):
    """Between get_available_name() and the rename another request may take the name: the
    link refuses to replace its file, and the upload gets another name."""
    rival = root / "docs" / "report.pdf"
    real_place = storage._place

    def place_after_a_rival(staging: str, full_path: str) -> None:
        if not rival.exists():
            rival.write_bytes(b"the other request's file")
        real_place(staging, full_path)

    monkeypatch.setattr(storage, "_place", place_after_a_rival)

    name = storage._save("docs/report.pdf", ContentFile(CONTENT))

    assert rival.read_bytes() == b"the other request's file"
    assert name != "docs/report.pdf" and name.startswith("docs/report_")
    assert (root / name).read_bytes() == CONTENT
    assert not [path for path in tree(root) if STAGING_PREFIX in path]


@pytest.mark.parametrize("failing", ["fsync", "link", "open"])
def test_a_failure_at_any_step_leaves_nothing(storage, root, monkeypatch, failing):
    real = getattr(os, failing)

    def refuse(*args, **kwargs):
        if failing == "open" and not str(args[0]).startswith(str(root)):
            return real(*args, **kwargs)
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setattr(os, failing, refuse)

    with pytest.raises(StorageWriteError) as raised:
        storage.save("a/b/report.pdf", ContentFile(CONTENT))

    assert raised.value.errno == errno.EDQUOT
    assert tree(root) == []


def test_a_spooled_upload_is_linked_into_place_not_copied(storage, root, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    upload = TemporaryUploadedFile("big.pdf", "application/pdf", len(CONTENT), None)
    upload.write(CONTENT)
    upload.seek(0)

    name = storage.save("big.pdf", upload)

    assert (root / name).read_bytes() == CONTENT
    assert os.stat(root / name).st_ino == os.stat(upload.temporary_file_path()).st_ino
    assert oct(os.stat(root / name).st_mode & 0o777) == oct(settings.FILE_UPLOAD_PERMISSIONS)
    upload.close()  # Django deletes its temporary name; the stored file stays
    assert (root / name).read_bytes() == CONTENT


# --- storage_guard ---------------------------------------------------------------------------


def test_the_guard_turns_a_full_disk_into_a_plain_message(storage, root, monkeypatch, caplog):
    DiskFills([root], room=1000).install(monkeypatch)

    with (
        caplog.at_level(logging.WARNING, "scaleup.core.storage"),
        pytest.raises(ValidationError) as raised,
        storage_guard(),
    ):
        storage.save("a.pdf", ContentFile(CONTENT))

    assert raised.value.code == STORAGE_FULL
    assert "no room to store your file" in raised.value.messages[0]
    assert "nothing was saved" in raised.value.messages[0]
    assert "ENOSPC" in caplog.text and "bytes free" in caplog.text


def test_any_other_write_error_is_a_plain_message_too(storage, root, monkeypatch):
    DiskFills([root], room=10, error=errno.EIO).install(monkeypatch)

    with pytest.raises(ValidationError) as raised, storage_guard():
        storage.save("a.pdf", ContentFile(CONTENT))

    assert raised.value.code == STORAGE_FAILED
    assert "could not store your file" in raised.value.messages[0]


def test_the_guard_removes_files_written_before_the_one_that_failed(storage, root, monkeypatch, db):
    DiskFills([root], room=len(CONTENT) + 10).install(monkeypatch)

    with pytest.raises(ValidationError), storage_guard(), transaction.atomic():
        storage.save("photo/image.jpg", ContentFile(CONTENT))
        storage.save("photo/thumb.jpg", ContentFile(CONTENT))

    assert tree(root) == []


def test_the_guard_removes_files_when_anything_else_fails(storage, root, db):
    with pytest.raises(RuntimeError), storage_guard(), transaction.atomic():
        storage.save("x/image.jpg", ContentFile(CONTENT))
        raise RuntimeError("the audit entry could not be written")

    assert tree(root) == []


@pytest.mark.django_db(transaction=True)
def test_a_file_follows_its_savepoint_and_its_transaction(storage, root):
    with storage_guard(), transaction.atomic():
        kept = storage.save("kept.txt", ContentFile(b"row committed"))
        with pytest.raises(IntegrityError), transaction.atomic():
            dropped = storage.save("dropped.txt", ContentFile(b"row rolled back"))
            raise IntegrityError("a constraint")

    assert storage.exists(kept)
    assert not storage.exists(dropped)


@pytest.mark.django_db(transaction=True)
def test_nested_guards_leave_the_decision_to_the_outer_one(storage, root):
    with pytest.raises(RuntimeError), storage_guard(), transaction.atomic():
        with storage_guard():
            storage.save("inner.txt", ContentFile(b"written by a service"))
        raise RuntimeError("the admin's change fails afterwards")

    assert tree(root) == []


@pytest.mark.django_db(transaction=True)
def test_committed_files_stay(storage, root):
    with storage_guard(), transaction.atomic():
        name = storage.save("a.txt", ContentFile(b"x"))

    assert storage.exists(name)
