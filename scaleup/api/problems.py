"""Errors of the REST API as RFC 9457 problem details, in the caller's language.

Every refusal of the API is one of these: a form's or a service's `ValidationError`
(422, with the fields), the permission layer's refusals (401, 403, 404), a failed
precondition (412) and the API's own request validation (422)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Schema

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://scaleup.example/problems/"


class FieldError(Schema):
    """One problem with one part of the request: `pointer` is a JSON pointer into it."""

    pointer: str
    detail: str


class Problem(Schema):
    type: str
    title: str
    status: int
    code: str
    detail: str | None = None
    errors: list[FieldError] | None = None


#: What a read may answer besides its record: not modified (If-None-Match), a wrong
#: token, no such record, wrong parameters, the database restarting.
READ_ERRORS: dict[Any, Any] = {304: None, frozenset({401, 404, 422, 503}): Problem}
#: What a read that needs a token may answer: also a refusal.
PRIVATE_READ_ERRORS: dict[Any, Any] = {304: None, frozenset({401, 403, 404, 422, 503}): Problem}
#: What a change may answer besides its record: also a body that is not JSON, a refusal,
#: a conflict with the record's state and a record changed since it was read.
WRITE_ERRORS: dict[Any, Any] = {frozenset({400, 401, 403, 404, 409, 412, 422, 429, 503}): Problem}


class Refusal(Exception):  # noqa: N818 - a refusal, not an error
    """Raised where a problem cannot be returned (inside a paginated list)."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


def problem(
    status: int,
    code: str,
    title: str | Promise,
    detail: str | Promise = "",
    *,
    errors: Iterable[tuple[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": str(title),
        "status": int(status),
        "code": code,
    }
    if detail:
        body["detail"] = str(detail)
    field_errors = [{"pointer": pointer, "detail": str(text)} for pointer, text in errors]
    if field_errors:
        body["errors"] = field_errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unauthorised(detail: str | Promise = "") -> HttpResponse:
    return problem(
        HTTPStatus.UNAUTHORIZED,
        "not-authenticated",
        _("Authentication needed"),
        detail or _("Send a valid API token: Authorization: Bearer <token>."),
        headers={"WWW-Authenticate": 'Bearer realm="scaleup"'},
    )


def forbidden() -> HttpResponse:
    return problem(HTTPStatus.FORBIDDEN, "forbidden", _("You are not allowed to do this."), "")


def read_only_token() -> HttpResponse:
    return problem(
        HTTPStatus.FORBIDDEN,
        "read-only-token",
        _("This token may only read."),
        _("Make a token that may also change records on your API tokens page."),
    )


def not_found() -> HttpResponse:
    return problem(HTTPStatus.NOT_FOUND, "not-found", _("There is nothing at this address."))


def method_not_allowed(allow: str) -> HttpResponse:
    return problem(
        HTTPStatus.METHOD_NOT_ALLOWED,
        "method-not-allowed",
        _("This method is not allowed here."),
        headers={"Allow": allow},
    )


def precondition_failed() -> HttpResponse:
    return problem(
        HTTPStatus.PRECONDITION_FAILED,
        "changed-meanwhile",
        _("The record changed since you read it."),
        _("Read it again (its ETag changed) and send your change with the new If-Match."),
    )


def server_error() -> HttpResponse:
    return problem(
        HTTPStatus.INTERNAL_SERVER_ERROR,
        "server-error",
        _("Something went wrong on our side."),
        _("Nothing was changed; try again in a moment."),
    )


def malformed_body() -> HttpResponse:
    return problem(
        HTTPStatus.BAD_REQUEST,
        "malformed-body",
        _("The request body is not valid JSON."),
        _("Send a JSON object, with Content-Type: application/json."),
    )


def unavailable() -> HttpResponse:
    return problem(
        HTTPStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        _("The platform is briefly unavailable."),
        _("Nothing was changed; send the request again in a few seconds."),
        headers={"Retry-After": "5"},
    )


def _pointer(*parts: object) -> str:
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/" + "/".join(escaped)


def invalid_request(errors: Iterable[dict[str, Any]]) -> HttpResponse:
    """The API's own validation of parameters and bodies (pydantic's errors)."""
    items = []
    for error in errors:
        location = [part for part in error.get("loc", ()) if part != "payload"]
        items.append((_pointer(*location), error.get("msg", "")))
    return problem(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "invalid-request",
        _("The request is not valid."),
        _("See the errors for what to change."),
        errors=items,
    )


def rejected(error: DjangoValidationError) -> HttpResponse:
    """A service's refusal; the fields it names point into the body."""
    if hasattr(error, "error_dict"):
        return _refused(
            (field, field_error.messages)
            for field, field_errors in error.error_dict.items()
            for field_error in field_errors
        )
    return _refused([(NON_FIELD_ERRORS, error.messages)])


def form_rejected(form: Any) -> HttpResponse:
    """A form's errors, as the same form shows them on the page."""
    return _refused((field, list(messages)) for field, messages in form.errors.items())


def _refused(fields: Iterable[tuple[str, list[str]]]) -> HttpResponse:
    items = [
        ("/body" if field == NON_FIELD_ERRORS else _pointer("body", field), str(message))
        for field, messages in fields
        for message in messages
    ]
    detail = items[0][1] if len(items) == 1 else _("See the errors for what to change.")
    return problem(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "rejected",
        _("The change was not made."),
        detail,
        errors=items,
    )


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def conflict(detail: str | Promise) -> HttpResponse:
    return problem(HTTPStatus.CONFLICT, "conflict", _("The change was not made."), detail)


def too_many_requests(retry_after: int) -> HttpResponse:
    return problem(
        HTTPStatus.TOO_MANY_REQUESTS,
        "too-many-requests",
        _("Too many requests."),
        _("Wait %(seconds)d seconds before trying again.") % {"seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )
