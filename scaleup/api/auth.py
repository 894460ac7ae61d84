"""Who calls the API: the owner of the bearer token, or nobody.

Writes need a token (`TokenAuth`); reads take one when it is sent (`OptionalTokenAuth`),
so a facilitator's script sees what the facilitator sees on the pages. The session cookie
is not used: a browser's signed-in session is not an API client, and without it the API
needs no CSRF protection."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from scaleup.api import problems, services
from scaleup.api.selectors import active_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    openapi_description = (
        "An API token made on the account's API tokens page. A read-only token is refused "
        "(403) for every request that would change something."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = active_token(token)
        if found is None:
            return None
        if found.read_only and request.method not in SAFE_METHODS:
            raise problems.Refusal(problems.read_only_token())
        services.note_use(found)
        request.user = found.user
        return found.user


class OptionalTokenAuth(TokenAuth):
    """A missing Authorization header is an anonymous caller; a wrong one is refused."""

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return request.user
        return super().__call__(request)


token_auth = TokenAuth()
optional_token_auth = OptionalTokenAuth()
