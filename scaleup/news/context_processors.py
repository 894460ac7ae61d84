from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from scaleup.news.selectors import footer_pages


def footer(request: HttpRequest) -> dict[str, Any]:
    return {"footer_pages": SimpleLazyObject(lambda: list(footer_pages()))}
