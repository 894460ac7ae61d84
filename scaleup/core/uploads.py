"""A request whose body the server has no room to receive: a plain 507 page, never a traceback.

Before any view runs, an upload is written to temporary files twice: under ASGI the whole
body is spooled to a temporary file once it is larger than FILE_UPLOAD_MAX_MEMORY_SIZE
(`read_body`, before Django builds the request), then the multipart parser streams each
file into FILE_UPLOAD_TEMP_DIR (TemporaryFileUploadHandler, when CSRF or the view first
reads request.POST). When the disk is full there, no form exists yet that could show an
error, so the answer is a page of its own (507 Insufficient Storage) that says nothing
was saved, with the partial temporary files removed. What the person typed is still in
their browser's form (Back).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, Any

import django
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, ASGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import loader

from scaleup.core.storage import is_storage_full, log_refusal

STATUS_INSUFFICIENT_STORAGE = 507


def not_stored_response() -> HttpResponse:
    """The page needs no database and no request: it is shown before either exists."""
    response = HttpResponse(
        loader.get_template("507.html").render(), status=STATUS_INSUFFICIENT_STORAGE
    )
    response["Cache-Control"] = "no-store"
    return response


def release_upload_files(request: HttpRequest) -> None:
    """Delete the temporary file of an upload the parser stopped in the middle of; Django
    would otherwise keep it until the request object is collected."""
    for handler in request.upload_handlers:
        handler.upload_interrupted()


class _BodyNotStored(io.BytesIO):
    """Stands for a request body that could not be spooled to disk."""


Receive = Callable[[], Awaitable[dict[str, Any]]]


class UploadAwareASGIHandler(ASGIHandler):
    """Django's ASGI handler, answering 507 when the body cannot be spooled to disk."""

    async def read_body(self, receive: Receive) -> IO[bytes]:  # type: ignore[override]
        finished = False

        async def tracked() -> dict[str, Any]:
            nonlocal finished
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                finished = True
            return message

        try:
            return await super().read_body(tracked)
        except OSError as error:
            if not is_storage_full(error):
                raise
            log_refusal(error, what="Request body", folder=tempfile.gettempdir())
            # Read the rest before answering: a socket closed with unread data is reset, and
            # the browser would show a connection error instead of the page.
            while not finished:
                if (await tracked())["type"] == "http.disconnect":
                    raise RequestAborted from error
            return _BodyNotStored()

    def create_request(
        self, scope: Mapping[str, Any], body_file: IO[bytes]
    ) -> tuple[ASGIRequest, None] | tuple[None, HttpResponseBase]:
        if isinstance(body_file, _BodyNotStored):
            return None, not_stored_response()
        return super().create_request(scope, body_file)


def get_asgi_application() -> UploadAwareASGIHandler:
    """`django.core.asgi.get_asgi_application`, with the handler above."""
    django.setup(set_prefix=False)
    return UploadAwareASGIHandler()
