from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from scaleup.core.selectors import site_configuration


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"site_configuration": SimpleLazyObject(site_configuration)}
