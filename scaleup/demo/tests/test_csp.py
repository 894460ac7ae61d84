"""The Content Security Policy ('self' only, nothing inline) holds in a real browser.

Chromium reports every refused script, style or resource twice: as a console message
("Refused to ...") and as a `securitypolicyviolation` event. Both are collected while the
public pages, the sign-in page and the back office are used as people use them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import LazySettings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import ConsoleMessage, Page, expect

from scaleup.demo.tests.conftest import NEWS_POST, PAST_MEETING, STATIC_PAGE, UPCOMING_MEETING
from scaleup.demo.tests.people import sign_in_as
from scaleup.meetings.models import Meeting, Registration

pytestmark = pytest.mark.browser

# Forwards the browser's violation events to the test (the binding is not subject to CSP).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} (${event.sample})`
  );
});
"""

PUBLIC_PAGES = [
    "/pl/",
    "/en/",
    "/pl/project/",
    "/pl/meetings/",
    f"/pl/meetings/{UPCOMING_MEETING}/",
    f"/en/meetings/{PAST_MEETING}/",
    "/pl/news/",
    f"/pl/news/{NEWS_POST}/",
    f"/pl/pages/{STATIC_PAGE}/",
    "/pl/join/",
    "/pl/accessibility/",
    "/pl/accounts/login/",
    "/pl/accounts/signup/",
    "/pl/does-not-exist/",
]


class Violations(list[str]):
    def watch(self, page: Page) -> Page:
        def on_console(message: ConsoleMessage) -> None:
            if "Refused to" in message.text or "Content Security Policy" in message.text:
                self.append(f"console: {message.text}")

        page.on("console", on_console)
        page.expose_function("reportCspViolation", lambda text: self.append(f"event: {text}"))
        page.add_init_script(REPORT_VIOLATIONS)
        return page

    def settle(self, page: Page) -> None:
        """Let pending reports arrive: events are dispatched after the offending action."""
        page.wait_for_load_state("networkidle")
        page.evaluate("() => new Promise((done) => setTimeout(done, 50))")

    def assert_none(self, page: Page) -> None:
        self.settle(page)
        assert not self, "\n".join(self)


@pytest.fixture
def violations() -> Violations:
    return Violations()


@pytest.fixture
def watched(page: Page, violations: Violations) -> Page:
    return violations.watch(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_csp_violations(
    watched: Page, violations: Violations, path: str
) -> None:
    response = watched.goto(path)
    assert response is not None
    assert response.status == (404 if "does-not-exist" in path else 200)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    # htmx and our script loaded and started (they are the only scripts on the page).
    expect(watched.locator("html")).to_have_attribute("lang", re.compile("pl|en"))
    watched.wait_for_function("() => window.htmx && htmx.config.includeIndicatorStyles === false")
    violations.assert_none(watched)


def test_the_api_documentation_renders_under_the_policy(
    watched: Page, violations: Violations
) -> None:
    """Swagger UI comes from django-ninja's own files and reads its settings from JSON."""
    response = watched.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    expect(watched.get_by_text("/api/v1/meetings/{meeting_id}").first).to_be_visible()
    violations.assert_none(watched)


def test_the_dashboard_charts_are_redrawn_under_the_policy(
    new_page: Callable[..., Page], story: str, violations: Violations
) -> None:
    """Chart.js (from npm) draws on canvases; its figures come from JSON blocks."""
    page = violations.watch(new_page())
    sign_in_as(page, get_user_model().objects.get(username="facilitator"), story)
    page.goto("/en/indicators/dashboard/")
    enhanced = page.locator("figure.dashboard-chart.is-enhanced")
    expect(enhanced.first).to_be_visible()
    assert enhanced.count() == page.locator("figure.dashboard-chart").count()
    assert page.locator("figure.dashboard-chart.is-enhanced svg").first.is_hidden()
    violations.assert_none(page)


def test_no_inline_style_was_injected(watched: Page, violations: Violations) -> None:
    watched.goto("/pl/")
    watched.wait_for_function("() => window.htmx !== undefined")
    assert watched.locator("style").count() == 0
    assert watched.locator("[style]").count() == 0
    violations.assert_none(watched)


def test_the_gallery_dialog_opens_under_the_policy(watched: Page, violations: Violations) -> None:
    watched.goto(f"/pl/news/{NEWS_POST}/")
    watched.locator("[data-gallery-item]").first.click()
    dialog = watched.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("figcaption")).to_contain_text("1 / 6")
    watched.keyboard.press("ArrowRight")
    expect(dialog.locator("figcaption")).to_contain_text("2 / 6")
    watched.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    violations.assert_none(watched)


def _fill_registration(page: Page, email: str) -> None:
    page.get_by_label(re.compile(r"^Full name")).fill("Ewa Testowa")
    page.get_by_label(re.compile(r"^E-mail")).fill(email)
    page.get_by_label(re.compile(r"^Organisation")).fill("Bitwise Lublin sp. z o.o.")
    page.get_by_label(re.compile(r"^Kind of organisation")).select_option("sme")
    page.get_by_label(re.compile(r"privacy notice below")).check()


def test_the_htmx_registration_swaps_under_the_policy(
    watched: Page, violations: Violations
) -> None:
    watched.goto(f"/en/meetings/{UPCOMING_MEETING}/")
    # A failed attempt first: the form comes back with its errors, in place.
    watched.get_by_role("button", name="Register").click()
    expect(watched.locator("#registration [role=alert]")).to_be_visible()
    _fill_registration(watched, "ewa.csp@example.org")
    watched.get_by_role("button", name="Register").click()
    expect(watched.get_by_role("status").filter(has_text="You are registered")).to_be_visible()
    expect(watched).to_have_url(re.compile(rf"/en/meetings/{UPCOMING_MEETING}/$"))
    assert Registration.objects.filter(email="ewa.csp@example.org").exists()
    violations.assert_none(watched)


def test_a_rate_limited_htmx_registration_says_so_in_place(
    watched: Page, violations: Violations, settings: LazySettings
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "1/600"}
    watched.goto(f"/en/meetings/{UPCOMING_MEETING}/")
    watched.get_by_role("button", name="Register").click()  # counts, though invalid
    expect(watched.locator("#registration [role=alert]")).to_be_visible()
    _fill_registration(watched, "ewa.limit@example.org")
    watched.get_by_role("button", name="Register").click()
    message = watched.locator("#registration #too-many-requests")
    expect(message).to_be_visible()
    expect(message).to_be_focused()
    expect(message).to_contain_text("Too many attempts")
    assert not Registration.objects.filter(email="ewa.limit@example.org").exists()
    violations.assert_none(watched)


@pytest.fixture
def admin_page(watched: Page, story: str) -> Page:
    """The back office as the demo's site administrator (signed in through a session)."""
    client = Client()
    client.force_login(_user("admin"))
    watched.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": story}]
    )
    return watched


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_the_admin_works_under_the_policy(admin_page: Page, violations: Violations) -> None:
    page = admin_page
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/admin/meetings/meeting/")
    expect(page.locator("#result_list")).to_be_visible()
    past = Meeting.objects.get(slug=PAST_MEETING)
    page.goto(f"/admin/meetings/meeting/{past.pk}/change/")
    expect(page.locator("#meeting_form")).to_be_visible()
    expect(page.locator("img[width='160']").first).to_be_visible()  # photo previews
    # Scripted widgets: the inline "add another" row and the date shortcuts.
    page.goto("/admin/news/post/add/")
    expect(page.locator("#post_form")).to_be_visible()
    page.goto("/admin/auth/user/?is_staff__exact=1")
    expect(page.locator("#changelist-filter")).to_be_visible()
    violations.assert_none(page)


def test_the_admin_date_widgets_work_under_the_policy(
    admin_page: Page, violations: Violations
) -> None:
    page = admin_page
    page.goto("/admin/meetings/meeting/add/")
    today = page.locator(".datetimeshortcuts a", has_text=re.compile("Today|Dzisiaj")).first
    expect(today).to_be_visible()  # drawn by the admin's DateTimeShortcuts.js
    today.click()
    expect(page.locator("input[name='starts_at_0']")).not_to_have_value("")
    violations.assert_none(page)


def test_violations_are_seen_at_all(new_page: Callable[..., Page], violations: Violations) -> None:
    """The watch itself works: an inline style added by a page's script is reported."""
    page = violations.watch(new_page())
    page.goto("/pl/")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'p{}';"
        " document.head.appendChild(s); }"
    )
    violations.settle(page)
    assert any("style-src" in text for text in violations), violations
