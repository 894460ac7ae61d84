"""Uploaded files on disk that are either complete or absent, and that follow their row.

Django's `FileSystemStorage` writes straight into the final path, so a disk that fills up
mid-write leaves a truncated file under its real name, and a file written for a row whose
transaction rolls back stays behind. Here:

- `AtomicFileSystemStorage` writes each file to a temporary name in the target folder
  (`.upload-<random>.part`), flushes it to disk and only then gives it its name (a hard
  link, so an existing file is never replaced); on any error the temporary file and the
  folders created for it are removed and `StorageWriteError` is raised. A reader sees the
  whole file or no file.
- `storage_guard()` wraps a service (outside its `transaction.atomic`) or an admin view:
  files written inside it are deleted unless the transaction that wrote them commits,
  and a write that failed becomes a `ValidationError` with a plain message, so the form
  says that nothing was saved instead of the server answering 500.

Object storage (S3) is left as it is: a PUT is atomic, and buckets do not fill up.
"""

from __future__ import annotations

import contextvars
import errno
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: "No space left on device" and "disk quota exceeded".
STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
#: Codes of the ValidationError a refused write becomes.
STORAGE_FULL = "storage_full"
STORAGE_FAILED = "storage_failed"
STORAGE_REFUSAL_CODES = frozenset({STORAGE_FULL, STORAGE_FAILED})
#: Temporary names start with this, so that an operator can find what a killed process left.
STAGING_PREFIX = ".upload-"
STAGING_SUFFIX = ".part"
# A file system without hard links answers one of these to os.link().
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}
)


class StorageWriteError(OSError):
    """A storage write that failed; nothing of the file is left on disk."""


def is_storage_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in STORAGE_FULL_ERRNOS


def storage_refusal(error: OSError) -> ValidationError:
    """The message a person sees when their file could not be stored."""
    if is_storage_full(error):
        return ValidationError(
            _(
                "The server has no room to store your file right now, so nothing was saved. "
                "Please try again later, or tell the site administrator."
            ),
            code=STORAGE_FULL,
        )
    return ValidationError(
        _(
            "The server could not store your file, so nothing was saved. "
            "Please try again later, or tell the site administrator."
        ),
        code=STORAGE_FAILED,
    )


def log_refusal(error: OSError, *, what: str, folder: str | None = None) -> None:
    """A warning for the operator: which file or folder, why, and how much room is left.

    `folder` is where the write went when the error does not name a file (Django's
    temporary files of an upload)."""
    path = str(error.filename or folder or "")
    place = path
    while place and not os.path.isdir(place) and os.path.dirname(place) != place:
        place = os.path.dirname(place)
    try:
        free = f"{shutil.disk_usage(place or '.').free} bytes free there"
    except OSError:
        free = "free space unknown"
    logger.warning(
        "%s not stored: %s (%s) writing to %s; %s",
        what,
        errno.errorcode.get(error.errno or 0, error.errno),
        error.strerror or error,
        path or "?",
        free,
    )


# --- The storage -----------------------------------------------------------------------------


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _missing_folders(directory: str) -> list[str]:
    """The folders os.makedirs(directory) would create, the deepest last."""
    missing: list[str] = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return list(reversed(missing))


def _remove_folders(folders: list[str]) -> None:
    """Remove folders made for a file that was not stored, if nothing else went into them."""
    for folder in reversed(folders):
        try:
            os.rmdir(folder)
        except OSError:
            return


@deconstructible(path="scaleup.core.storage.AtomicFileSystemStorage")
class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose files appear under their name only once completely written."""

    def _save(self, name: str, content: File[Any]) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        created: list[str] = []
        staging: str | None = None
        try:
            for attempt in (1, 2):
                created += self._make_folders(directory)
                try:
                    staging = self._write_staging(directory, content)
                    break
                except FileNotFoundError:
                    # The folder was just removed by another upload's clean-up: make it again.
                    if attempt == 2:
                        raise
            assert staging is not None
            while True:
                try:
                    self._place(staging, full_path)
                except FileExistsError:
                    # Another request took the name since get_available_name(): pick another.
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
            staging = None
        except BaseException as error:
            if staging is not None:
                with suppress(OSError):
                    os.unlink(staging)
            _remove_folders(created)
            if isinstance(error, OSError) and not isinstance(error, StorageWriteError):
                raise StorageWriteError(
                    error.errno, error.strerror or str(error), error.filename or full_path
                ) from error
            raise
        # Stored with forward slashes and relative to the storage root, as Django does.
        stored = os.path.relpath(full_path, self.location).replace("\\", "/")
        note_written(self, stored)
        return stored

    def discard(self, name: str) -> None:
        """Delete a file that must not have been stored, and the folders left empty by it."""
        path = self.path(name)
        with suppress(FileNotFoundError):
            os.remove(path)
        root = os.path.abspath(self.location)
        folder = os.path.dirname(path)
        while folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                return
            folder = os.path.dirname(folder)

    def _make_folders(self, directory: str) -> list[str]:
        """Make the missing folders, each with directory_permissions_mode; returns them."""
        missing = _missing_folders(directory)
        mode = self.directory_permissions_mode
        try:
            for folder in missing:
                try:
                    os.mkdir(folder)
                except FileExistsError:
                    if not os.path.isdir(folder):
                        raise FileExistsError(f"{folder} exists and is not a directory.") from None
                    continue  # made by a concurrent upload just now
                if mode is not None:
                    os.chmod(folder, mode)  # mkdir's mode would be cut by the umask
        except OSError:
            _remove_folders(missing)
            raise
        return missing

    def _write_staging(self, directory: str, content: File[Any]) -> str:
        """The whole content under a temporary name in the target folder, on disk."""
        staging = os.path.join(directory, f"{STAGING_PREFIX}{secrets.token_hex(8)}{STAGING_SUFFIX}")
        temporary = getattr(content, "temporary_file_path", None)
        if temporary is not None and self._link_upload(temporary(), staging):
            fd = os.open(staging, os.O_WRONLY | getattr(os, "O_BINARY", 0))
            chunks: Iterator[bytes | str] = iter(())
        else:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            fd = os.open(staging, flags, 0o666)
            chunks = content.chunks()
        closed = False
        try:
            for chunk in chunks:
                _write_all(fd, chunk.encode() if isinstance(chunk, str) else chunk)
            if self.file_permissions_mode is not None:
                os.fchmod(fd, self.file_permissions_mode)
            # A full disk may be reported only here (NFS, quotas), never after the rename.
            os.fsync(fd)
            closed = True  # a failed close() frees the descriptor too: never close it twice
            os.close(fd)
        except BaseException:
            if not closed:
                with suppress(OSError):
                    os.close(fd)
            with suppress(OSError):
                os.unlink(staging)
            raise
        self._ensure_location_group_id(staging)  # type: ignore[attr-defined]
        return staging

    @staticmethod
    def _link_upload(source: str, staging: str) -> bool:
        """An upload Django spooled to a file on the same disk is linked, not copied: a big
        file then needs its room once, not twice."""
        try:
            os.link(source, staging)
        except OSError:
            return False
        return True

    def _place(self, staging: str, full_path: str) -> None:
        if self._allow_overwrite:  # type: ignore[attr-defined]
            os.replace(staging, full_path)
        else:
            try:
                # Unlike a rename, a link never replaces a file that took the name meanwhile.
                os.link(staging, full_path)
            except FileExistsError:
                raise
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                if os.path.lexists(full_path):
                    raise FileExistsError(full_path) from error
                os.rename(staging, full_path)
            else:
                with suppress(FileNotFoundError):
                    os.unlink(staging)
        _sync_folder(os.path.dirname(full_path))


def _sync_folder(folder: str) -> None:
    """The new name survives a crash too, so a committed row never points at nothing."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- Files follow their transaction ----------------------------------------------------------


@dataclass
class _Written:
    storage: Storage
    name: str
    committed: bool = False

    def mark_committed(self) -> None:
        self.committed = True

    def discard(self) -> None:
        try:
            remove = getattr(self.storage, "discard", None) or self.storage.delete
            remove(self.name)
        except Exception:  # the refusal is what matters; the operator sees this warning
            logger.warning("Could not remove %s after a failed upload", self.name, exc_info=True)


# One list of files per open storage_guard(), the innermost last.
_guards: contextvars.ContextVar[list[list[_Written]] | None] = contextvars.ContextVar(
    "scaleup_storage_guards", default=None
)


def note_written(storage: Storage, name: str) -> None:
    """Tell the innermost storage_guard() that a file was written (storages call this)."""
    guards = _guards.get()
    if not guards:
        return
    written = _Written(storage, name)
    guards[-1].append(written)
    # Dropped with a rolled-back savepoint; run at once outside a transaction.
    transaction.on_commit(written.mark_committed)


def register_written(storage: Storage, name: str) -> None:
    """For a storage without its own note_written() call (S3): the file follows the guard too."""
    if not isinstance(storage, AtomicFileSystemStorage):
        note_written(storage, name)


@contextmanager
def storage_guard() -> Iterator[None]:
    """Files written inside are deleted unless their transaction commits; a failed write is
    a `ValidationError` (code `storage_full` or `storage_failed`) with a plain message.

    Use it outside `transaction.atomic`, as a decorator above it: when the guard sees an
    exception, the transaction has already been rolled back. Inside another guard, the
    outer one decides at its end; inside a transaction the guard does not own (a test), files
    of a successful call are left to that transaction.
    """
    guards = _guards.get()
    token: contextvars.Token[list[list[_Written]] | None] | None = None
    if guards is None:
        guards = []
        token = _guards.set(guards)
    mine: list[_Written] = []
    guards.append(mine)
    try:
        yield
    except BaseException as error:
        guards.pop()
        for written in mine:
            if not written.committed:
                written.discard()
        if isinstance(error, StorageWriteError) or is_storage_full(error):
            assert isinstance(error, OSError)
            log_refusal(error, what="Upload")
            raise storage_refusal(error) from error
        raise
    else:
        guards.pop()
        if guards:
            guards[-1].extend(mine)
        elif not transaction.get_connection().in_atomic_block:
            for written in mine:
                if not written.committed:  # its transaction was rolled back
                    written.discard()
    finally:
        if token is not None:
            _guards.reset(token)


def save_file(field_file: Any, name: str, content: File[Any]) -> None:
    """`FieldFile.save(..., save=False)`, with the file known to the enclosing guard whatever
    the storage."""
    field_file.save(name, content, save=False)
    register_written(field_file.storage, field_file.name)
