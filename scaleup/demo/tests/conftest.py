"""Browser fixtures: one headless Chromium for the whole run, a fresh context per test.

The tests drive pytest-django's `live_server` with the demo story loaded. Chromium is
Debian's (/usr/bin/chromium, or SCALEUP_CHROMIUM); Playwright's own browser download is
not used. Without Chromium the browser tests are skipped, unless SCALEUP_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import LazySettings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


CHROMIUM = Path(os.environ.get("SCALEUP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Fail fast: every page of the portal answers in well under a second.
TIMEOUT_MS = 10_000

UPCOMING_MEETING = "rsg-lubelskie-msp-na-rynkach-zagranicznych"
PAST_MEETING = "rsg-lublin-2019-11-28"
NEWS_POST = "pierwsze-spotkanie-rsg-lublin"
STATIC_PAGE = "o-grupie"


def _browser_unavailable(reason: str) -> None:
    if os.environ.get("SCALEUP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SCALEUP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (set SCALEUP_REQUIRE_BROWSER=1 to fail instead)")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all the browser tests (they all live in this package).

    While Playwright's sync API is running, this thread has a running event loop, and Django
    refuses ORM calls (loading the story, creating a registration, flushing the database)
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Package scope ends Playwright, and the variable,
    after the last browser test: neither leaks into other apps' tests (`check --deploy` in
    core's tests warns about the variable).
    """
    if not CHROMIUM.exists():
        _browser_unavailable(f"Chromium was not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # a dev dependency (requirements/dev.lock)

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def story(
    live_server: Any,
    transactional_db: None,
    settings: LazySettings,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """The demo story in the live server's database; returns the server's base URL."""
    from scaleup.demo.story import load_story

    # The story creates a back-office user; a fast hasher saves ~0.2 s per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_story()
    return str(live_server.url)


@pytest.fixture
def new_page(browser: Browser, story: str) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context: `new_page(java_script_enabled=False)`."""
    contexts: list[BrowserContext] = []

    def open_page(*, java_script_enabled: bool = True) -> Page:
        context = browser.new_context(
            base_url=story, java_script_enabled=java_script_enabled, locale="pl-PL"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def no_js_page(new_page: Callable[..., Page]) -> Page:
    return new_page(java_script_enabled=False)
