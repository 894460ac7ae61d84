"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import LazySettings

if TYPE_CHECKING:
    from scaleup.testing.world import World


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: LazySettings, tmp_path: Path) -> Iterator[None]:
    """Uploaded files go to a per-test folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.OPENDATA_CACHE_DIR = tmp_path / "opendata-cache"
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Messages from services are asserted in English, the source language.

    Pages still choose their language from the /pl/ or /en/ prefix of the request.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate-limit counters (ours and allauth's) live in the cache: no test inherits another's."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def world(db: None) -> World:
    """Two regions with every role (see scaleup/testing/world.py)."""
    from scaleup.testing.world import build_world

    return build_world()


@pytest.fixture
def private_root(settings: LazySettings) -> Path:
    """The per-test folder of files served only after a permission check."""
    return Path(settings.PRIVATE_ROOT)
