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

from scaleup.api.selectors import user_for_key


class TokenAuth(HttpBearer):
    openapi_description = "An API token made on the account's API tokens page."

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """A missing Authorization header is an anonymous caller; a wrong one is refused."""

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return request.user
        return super().__call__(request)


token_auth = TokenAuth()
optional_token_auth = OptionalTokenAuth()
