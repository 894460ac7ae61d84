"""A disk that fills up in the middle of a write, for tests of uploads.

`DiskFills` replaces `os.write` for files under the given folders: the first `room` bytes
are really written (so a partial file exists, as on a real full disk), then every write
fails with ENOSPC (or the errno given). Writes anywhere else are left alone.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

_real_write = os.write


class DiskFills:
    def __init__(self, roots: Iterable[Path], *, room: int, error: int = errno.ENOSPC) -> None:
        self.roots = [str(Path(root).resolve()) for root in roots]
        self.room = room
        self.error = error
        self.written = 0
        self.refused = 0

    def _watched(self, fd: int) -> bool:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return False
        return any(target.startswith(root + os.sep) for root in self.roots)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        if not self._watched(fd):
            return _real_write(fd, data)
        left = self.room - self.written
        if left <= 0:
            self.refused += 1
            raise OSError(self.error, os.strerror(self.error))
        written = _real_write(fd, bytes(data[:left]))
        self.written += written
        return written

    def install(self, monkeypatch: pytest.MonkeyPatch) -> DiskFills:
        monkeypatch.setattr(os, "write", self.write)
        return self


def tree(root: Path) -> list[str]:
    """Every file and folder under root (hidden ones too), relative to it."""
    root = Path(root)
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def files_in(root: Path) -> list[str]:
    root = Path(root)
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
