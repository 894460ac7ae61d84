from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from scaleup.projects.models import Programme


def funding(request: HttpRequest) -> dict[str, Any]:
    """The programme whose funding statement and emblem every page shows."""
    return {
        "funding_programme": SimpleLazyObject(
            lambda: Programme.objects.order_by("-period_start").first()
        )
    }
