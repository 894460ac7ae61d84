"""Streamed downloads under ASGI in constant memory.

Django serves a streaming response with a synchronous iterator (a CSV written row by row,
a `FileResponse`, WhiteNoise's static files) under ASGI by reading the whole iterator
into a list first, in one thread hop, then sending it: a 1M-vote export would sit in the
worker's memory whole. This middleware, first in `MIDDLEWARE`, hands such a response an
asynchronous iterator that reads the parts in batches of about `BATCH_BYTES`, each batch
in the request's own thread (where the view ran, so a database cursor the iterator
reads from stays on its connection). Under WSGI nothing changes: the server iterates.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterable, Iterator
from typing import cast

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase

BATCH_BYTES = 256 * 1024


def _next_batch(parts: Iterator[bytes]) -> list[bytes]:
    batch: list[bytes] = []
    size = 0
    for part in parts:
        batch.append(part)
        size += len(part)
        if size >= BATCH_BYTES:
            break
    return batch


async def in_batches(content: Iterable[bytes]) -> AsyncGenerator[bytes]:
    # Closing the source (a generator, a file) is the response's: the ASGI handler calls
    # its close() in the request's thread when the download ends or the client goes.
    parts = iter(content)
    while batch := await sync_to_async(_next_batch, thread_sensitive=True)(parts):
        for part in batch:
            yield part


async def _no_body() -> AsyncGenerator[bytes]:
    return
    yield b""  # pragma: no cover - makes this an async generator


def asgi_streaming(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if (
            isinstance(request, ASGIRequest)
            and isinstance(response, StreamingHttpResponse)
            and not response.is_async
        ):
            if request.method == "HEAD":
                # The server sends no body for HEAD: do not make one (a whole export) either.
                response.streaming_content = _no_body()
            else:
                response.streaming_content = in_batches(
                    cast(Iterator[bytes], response.streaming_content)
                )
        return response

    return middleware
