"""ETags: a representation's hash, for caching reads (If-None-Match) and for refusing a
change made to a record that changed meanwhile (If-Match)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags, quote_etag
from ninja import Schema

from scaleup.api.problems import precondition_failed


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def answer_conditionally(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Tag a record or list sent back; a client that holds the same version of what it
    reads gets 304. (If-Match is for changes: a read ignores it.)"""
    if response.status_code not in (200, 201) or response.streaming:
        return response
    etag = etag_of(response.content)
    response["ETag"] = etag
    if request.method not in ("GET", "HEAD"):
        return response
    response.headers.setdefault("Cache-Control", "private, no-cache")
    response.headers.setdefault("Vary", "Authorization, Accept-Language")
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in wanted or etag in wanted:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


def lock(model: type[Model], pk: int) -> None:
    """Hold the record's row until the transaction ends, so that the version compared with
    If-Match is still the one changed (call inside `transaction.atomic`)."""
    list(model._default_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def precondition_refusal(request: HttpRequest, current: bytes) -> HttpResponse | None:
    """412 if the request's If-Match names another version than `current` (its body)."""
    header = request.headers.get("If-Match")
    if not header:
        return None
    wanted = parse_etags(header)
    if "*" in wanted or etag_of(current) in wanted:
        return None
    return precondition_failed()


def representation(request: HttpRequest, schema: type[Schema], record: Any) -> bytes:
    """The body a read of the record would answer with now, to compare with If-Match."""
    from scaleup.api.api import api

    data = schema.from_orm(record, context={"request": request}).model_dump()
    content = api.renderer.render(request, data, response_status=200)
    return content if isinstance(content, bytes) else content.encode()


def refuse_if_changed(
    request: HttpRequest, schema: type[Schema], record: Any
) -> HttpResponse | None:
    return precondition_refusal(request, representation(request, schema, record))
