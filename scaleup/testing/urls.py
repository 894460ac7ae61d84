"""Reversing a URL name in a given language, as the /pl/ and /en/ prefixes need."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation


def url(name: str, language: str = "pl", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)
