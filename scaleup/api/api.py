"""The REST API: one NinjaAPI mounted at /api/v1/, its OpenAPI document and its errors.

Resources live in `endpoints/`, one module per app whose records they expose; each calls
that app's selectors and services, so the API changes state only the way the pages do."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from scaleup.api import problems
from scaleup.api.conditional import answer_conditionally
from scaleup.api.problems import PROBLEM_CONTENT_TYPE

logger = logging.getLogger(__name__)

DESCRIPTION = """\
The records of the platform's stakeholder groups: meetings and registrations, organisations
and their cooperation ties, workshop statements and votes, indicators and reports.

**Reading** public records needs nothing. Send an API token (`Authorization: Bearer …`,
made on your account's *API tokens* page) to read and change what your roles allow: the
API checks the same permissions as the pages.

**Lists** take `limit` and `offset` and answer with `count`, `next` and `previous`.
Every successful read carries an `ETag`; send it back as `If-None-Match` to get *304 Not
Modified*, or as `If-Match` with a change to have it refused (*412*) if the record changed
since you read it.

**Errors** are problem details (RFC 9457, `application/problem+json`) in the language of
`Accept-Language` (Polish or English).
"""


class ScaleupAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return answer_conditionally(request, response)

    def get_openapi_operation_id(self, operation: Any) -> str:
        """The view's name (`meeting_list`), which is also its URL name."""
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        _document_problems_and_optional_auth(schema)
        return schema


def _document_problems_and_optional_auth(schema: Any) -> None:
    """Errors are answered as problem+json; a public read takes a token but needs none."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and "application/json" in content:
                    content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                elif "application/octet-stream" in content:
                    content.pop("application/json", None)
            security = operation.get("security")
            if security == [{"OptionalTokenAuth": []}]:
                operation["security"] = [{}, {"TokenAuth": []}]
    schemes = schema.get("components", {}).get("securitySchemes", {})
    optional = schemes.pop("OptionalTokenAuth", None)
    if optional is not None:
        schemes.setdefault("TokenAuth", optional)


api = ScaleupAPI(
    title="scaleup API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(problems.Refusal)
def _refusal(request: HttpRequest, exc: problems.Refusal) -> HttpResponse:
    return exc.response


@api.exception_handler(RequestValidationError)
def _invalid_request(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
    return problems.invalid_request(exc.errors)


#: Refusals because of the record's state, not the request's content.
CONFLICT_CODES = frozenset({"closed"})


@api.exception_handler(DjangoValidationError)
def _rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    codes = {error.code for error in exc.error_list} if hasattr(exc, "error_list") else set()
    if hasattr(exc, "error_dict"):
        codes = {e.code for errors in exc.error_dict.values() for e in errors}
    if codes & CONFLICT_CODES:
        return problems.conflict(" ".join(exc.messages))
    return problems.rejected(exc)


@api.exception_handler(IntegrityError)
def _raced(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """Two requests made the same record at once; the loser is told to look again."""
    logger.info("API request lost a race: %s %s: %s", request.method, request.path, exc)
    return problems.conflict(_("Someone made the same change at the same moment; read again."))


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.unauthorised()


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problems.forbidden()


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problems.not_found()


@api.exception_handler(ObjectDoesNotExist)
def _missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return problems.not_found()


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        # The only HttpError ninja raises itself: a body it cannot parse.
        return problems.malformed_body()
    return problems.problem(exc.status_code, "http-error", str(exc.message))


@api.exception_handler(OperationalError)
def _database_unavailable(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """A database restart or failover: the same request will work again in a moment."""
    # The class tells a restart (OperationalError) from a deadlock or a lock timeout (its
    # subclasses), which is a bug to fix rather than weather to wait out.
    logger.warning(
        "API request without a database: %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        exc,
    )
    return problems.unavailable()


@api.exception_handler(InterfaceError)
def _database_gone(request: HttpRequest, exc: InterfaceError) -> HttpResponse:
    logger.warning(
        "API request lost its database connection: %s %s: %s", request.method, request.path, exc
    )
    return problems.unavailable()


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request failed: %s %s", request.method, request.path)
    return problems.server_error()


def _mount() -> None:
    from scaleup.api.endpoints import (
        meetings,
        network,
        organisations,
        public,
        reports,
        workshops,
    )

    api.add_router("/meetings", meetings.router)
    api.add_router("/organisations", organisations.router)
    api.add_router("/groups", network.router)
    api.add_router("/workshops", workshops.router)
    api.add_router("", reports.router)
    api.add_router("", public.router)


_mount()
