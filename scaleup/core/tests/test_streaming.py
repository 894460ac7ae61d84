"""Streamed downloads under ASGI arrive whole, read in batches, never as one list."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse
from django.test import AsyncClient, Client

from scaleup.core import streaming
from scaleup.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def _body(response: Any) -> bytes:
    return b"".join([part async for part in response.streaming_content])


def test_an_open_data_csv_under_asgi_streams_without_buffering() -> None:
    MeetingFactory.create_batch(3, is_published=True)

    async def download() -> tuple[bool, bytes]:
        response: Any = await AsyncClient().get("/en/open-data/meetings.csv")
        return response.is_async, await _body(response)

    with warnings.catch_warnings():
        # Django's fallback (the whole iterator read into a list) warns: make it fail.
        warnings.filterwarnings("error", message="StreamingHttpResponse must consume")
        is_async, body = async_to_sync(download)()
    assert is_async
    assert body.count(b"\n") == 4  # the header and three meetings


def test_under_wsgi_the_response_is_left_to_the_server() -> None:
    response: Any = Client().get("/en/open-data/meetings.csv")
    assert not response.is_async
    assert b"".join(response.streaming_content).count(b"\n") >= 1


def test_parts_are_read_in_batches_of_about_the_batch_size(monkeypatch) -> None:
    monkeypatch.setattr(streaming, "BATCH_BYTES", 10)
    pulled: list[int] = []

    def parts() -> Iterator[bytes]:
        for number in range(7):
            pulled.append(number)
            yield b"12345"

    async def read() -> list[int]:
        return [len(pulled) async for _part in streaming.in_batches(parts())]

    # Two parts of five bytes fill a batch: the third is read only after two are sent.
    assert async_to_sync(read)() == [2, 2, 4, 4, 6, 6, 7]


def test_a_head_request_makes_no_body() -> None:
    made: list[int] = []

    def parts() -> Iterator[bytes]:
        made.append(1)
        yield b"x"

    class Request(ASGIRequest):
        def __init__(self) -> None:
            self.method = "HEAD"

    middleware = streaming.asgi_streaming(lambda request: StreamingHttpResponse(parts()))
    response: Any = middleware(Request())

    async def read() -> list[bytes]:
        return [part async for part in response.streaming_content]

    assert async_to_sync(read)() == []
    assert made == []
