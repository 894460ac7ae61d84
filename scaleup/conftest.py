"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: LazySettings, tmp_path: Path) -> Iterator[None]:
    """Uploaded files go to a per-test folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Messages from services are asserted in English, the source language.

    Pages still choose their language from the /pl/ or /en/ prefix of the request.
    """
    from django.utils import translation

    with translation.override("en"):
        yield
