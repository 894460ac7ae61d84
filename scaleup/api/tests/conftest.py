from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


class ApiClient:
    """JSON in and out, in English, with the given user's token (none: anonymous)."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.client = Client()
        self.headers = {"HTTP_ACCEPT_LANGUAGE": "en", **headers}

    def _call(self, method: str, path: str, body: Any = None, **headers: Any) -> Any:
        kwargs: dict[str, Any] = {**self.headers, **headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path: str, **headers: Any) -> Any:
        return self._call("get", path, **headers)

    def post(self, path: str, body: Any, **headers: Any) -> Any:
        return self._call("post", path, body, **headers)

    def patch(self, path: str, body: Any, **headers: Any) -> Any:
        return self._call("patch", path, body, **headers)

    def delete(self, path: str, **headers: Any) -> Any:
        return self._call("delete", path, **headers)


@pytest.fixture
def api_as() -> Any:
    from scaleup.api.tests.factories import bearer

    return lambda user: ApiClient(bearer(user))
