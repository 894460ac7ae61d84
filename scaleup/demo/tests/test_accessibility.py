"""axe-core (WCAG 2.0/2.1 A and AA) over every public page, in Polish and in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scaleup.demo.tests.conftest import NEWS_POST, PAST_MEETING, STATIC_PAGE, UPCOMING_MEETING

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[3]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LANGUAGES = ["pl", "en"]

DECLARATION_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-data-przeglad",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


def _open(path: str) -> Callable[[Page, str], None]:
    def open_page(page: Page, lang: str) -> None:
        response = page.goto(f"/{lang}{path}")
        assert response is not None
        assert response.ok, f"/{lang}{path} answered {response.status}"

    return open_page


def _join_with_errors(page: Page, lang: str) -> None:
    _open("/join/")(page, lang)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()


def _registration_with_errors(page: Page, lang: str) -> None:
    _open(f"/meetings/{UPCOMING_MEETING}/")(page, lang)
    page.locator("#registration button[type=submit]").click()
    expect(page.locator("#registration #form-errors")).to_be_visible()
    expect(page.locator("#form-errors")).to_be_focused()  # portal.js, after the htmx swap


def _registration_status(page: Page, lang: str) -> None:
    from scaleup.meetings.models import Meeting
    from scaleup.meetings.services import register_for_meeting

    registration = register_for_meeting(
        meeting=Meeting.objects.get(slug=UPCOMING_MEETING),
        full_name="Ewa Testowa",
        email="ewa.testowa@example.org",
        organisation_name="Bitwise Lublin sp. z o.o.",
        organisation_kind="sme",
    )
    _open(f"/meetings/registration/{registration.token}/")(page, lang)


def _not_found(page: Page, lang: str) -> None:
    response = page.goto(f"/{lang}/does-not-exist/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()


def _gallery_open(page: Page, lang: str) -> None:
    _open(f"/news/{NEWS_POST}/")(page, lang)
    page.locator("[data-gallery-item]").first.click()
    expect(page.locator("dialog.gallery-dialog")).to_be_visible()


PAGES: dict[str, Callable[[Page, str], None]] = {
    "home": _open("/"),
    "project": _open("/project/"),
    "meetings": _open("/meetings/"),
    "meeting-past": _open(f"/meetings/{PAST_MEETING}/"),
    "meeting-upcoming": _open(f"/meetings/{UPCOMING_MEETING}/"),
    "registration-errors": _registration_with_errors,
    "registration-status": _registration_status,
    "news": _open("/news/"),
    "news-post": _open(f"/news/{NEWS_POST}/"),
    "news-post-gallery-open": _gallery_open,
    "static-page": _open(f"/pages/{STATIC_PAGE}/"),
    "join": _open("/join/"),
    "join-errors": _join_with_errors,
    "join-thanks": _open("/join/thanks/"),
    "accessibility": _open("/accessibility/"),
    "open-data": _open("/open-data/"),
    "not-found": _not_found,
}


def _describe(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"      {summary}")
    return "\n".join(lines)


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    violations: list[dict[str, Any]] = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        AXE_OPTIONS,
    )
    return violations


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page: Page, name: str, lang: str) -> None:
    PAGES[name](page, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    violations = _axe_violations(page)
    assert not violations, _describe(violations, f"{name} ({page.url})")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_footer_links_to_the_declaration(page: Page, lang: str) -> None:
    declaration = f"/{lang}/accessibility/"
    for name, open_page in PAGES.items():
        open_page(page, lang)
        link = page.locator(f'footer a[href="{declaration}"]')
        assert link.count() == 1, f"{name} ({page.url}): no footer link to {declaration}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_declaration_has_the_required_elements(page: Page, lang: str) -> None:
    _open("/accessibility/")(page, lang)
    missing = [id_ for id_ in DECLARATION_IDS if page.locator(f"#{id_}").count() != 1]
    assert not missing, f"accessibility declaration lacks #{', #'.join(missing)}"
    expect(page.locator("#a11y-email")).to_have_attribute("href", "mailto:dostepnosc@example.org")
