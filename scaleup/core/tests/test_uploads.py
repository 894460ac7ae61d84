"""A request body the disk has no room for: a plain 507 page, not a traceback."""

from __future__ import annotations

import asyncio
import errno
import io
import os
import tempfile
from collections.abc import Mapping
from typing import Any

import pytest

from scaleup.core.uploads import UploadAwareASGIHandler

CHUNK = b"-" * 1000
LIMIT = 2500  # FILE_UPLOAD_MAX_MEMORY_SIZE in these tests: the spool rolls over to disk


class FullSpool(tempfile.SpooledTemporaryFile[bytes]):
    """Django's spool of the request body, on a disk that is full once it rolls over."""

    def write(self, data: Any) -> int:
        if getattr(self, "_rolled", False) or self.tell() + len(data) > LIMIT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


def _request(chunks: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """POST a body of `chunks` messages to the handler; returns (unread messages, sent)."""
    messages = [
        {"type": "http.request", "body": CHUNK, "more_body": index < chunks - 1}
        for index in range(chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if not messages:
            await asyncio.sleep(3600)  # what a server does once the body has been read
        return messages.pop(0)

    async def send(message: Mapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/pl/workspace/groups/lubelskie/documents/",
        "raw_path": b"/pl/workspace/groups/lubelskie/documents/",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"localhost"),
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", str(chunks * len(CHUNK)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }

    async def run() -> None:
        await asyncio.wait_for(UploadAwareASGIHandler()(scope, receive, send), timeout=10)

    asyncio.run(run())
    return messages, sent


def test_a_body_the_disk_has_no_room_for_is_a_507_page(settings, monkeypatch, caplog):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", FullSpool)

    unread, sent = _request(chunks=10)

    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent).decode()
    assert start["status"] == 507
    assert "No room on the server" in body and "Brak miejsca na serwerze" in body
    assert "nothing was saved" in body
    assert "Traceback" not in body and "ENOSPC" not in body
    assert unread == []  # the rest of the body was read, so the browser gets the page
    assert "Request body not stored: ENOSPC" in caplog.text


def test_a_body_that_fits_is_read_as_before(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    messages = [
        {"type": "http.request", "body": CHUNK, "more_body": True},
        {"type": "http.request", "body": CHUNK, "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    body = asyncio.run(UploadAwareASGIHandler().read_body(receive))

    assert isinstance(body, io.IOBase | tempfile.SpooledTemporaryFile)
    assert body.read() == CHUNK * 2


def test_another_error_while_reading_is_not_disguised(settings, monkeypatch):
    class BrokenSpool(FullSpool):
        def write(self, data: Any) -> int:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", BrokenSpool)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": CHUNK, "more_body": False}

    with pytest.raises(OSError, match="Input/output error"):
        asyncio.run(UploadAwareASGIHandler().read_body(receive))


def test_the_portal_is_served_by_this_handler():
    import sys

    interval = sys.getswitchinterval()
    try:
        from scaleup.asgi import django_application
    finally:
        sys.setswitchinterval(interval)  # the module shortens it for the server

    assert isinstance(django_application, UploadAwareASGIHandler)
