"""A visitor's journey through the demo portal in a real browser, with and without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from scaleup.demo.tests.conftest import NEWS_POST, PAST_MEETING, UPCOMING_MEETING
from scaleup.meetings.models import Registration

pytestmark = pytest.mark.browser

UPCOMING_TITLE_EN = "Group meeting: SMEs on foreign markets \N{EN DASH} what do firms need?"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_register_for_the_upcoming_meeting(new_page: Callable[..., Page], javascript: bool) -> None:
    page = new_page(java_script_enabled=javascript)

    page.goto("/pl/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_contain_text("SCALE UP")
    expect(page.locator("h1")).to_contain_text("Wspieranie koncentracji i odporności MŚP")

    page.locator("nav.language-switcher").get_by_role("link", name=re.compile(r"^EN\b")).click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Supporting concentration and robustness of SMEs")

    page.get_by_role("link", name=UPCOMING_TITLE_EN).click()
    expect(page).to_have_url(re.compile(rf"/en/meetings/{UPCOMING_MEETING}/$"))
    expect(page.locator("h1")).to_have_text(UPCOMING_TITLE_EN)

    page.get_by_label(re.compile(r"^Full name")).fill("Ewa Testowa")
    page.get_by_label(re.compile(r"^E-mail")).fill("ewa.testowa@example.org")
    page.get_by_label(re.compile(r"^Organisation")).fill("Bitwise Lublin sp. z o.o.")
    page.get_by_label(re.compile(r"^Kind of organisation")).select_option("sme")
    page.get_by_label(re.compile(r"privacy notice below")).check()
    page.get_by_role("button", name="Register").click()

    confirmation = page.get_by_role("status").filter(has_text="You are registered")
    expect(confirmation).to_be_visible()
    registration = Registration.objects.get(email="ewa.testowa@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    status_url = f"/en/meetings/registration/{registration.token}/"
    if javascript:
        # htmx swapped the form for the confirmation in place and moved focus to it.
        expect(page).to_have_url(re.compile(rf"/en/meetings/{UPCOMING_MEETING}/$"))
        expect(page.locator("#registration")).to_be_focused()
        expect(page.locator("#registration a")).to_have_attribute("href", status_url)
    else:
        # A plain POST, redirected to the registration's own page (the browser keeps the
        # form's #registration fragment, which lands a failed attempt at the form).
        expect(page).to_have_url(re.compile(re.escape(status_url) + "(#registration)?$"))
        expect(page.locator("h1")).to_have_text("Your registration")


@pytest.mark.parametrize(
    "path", ["/pl/", f"/en/meetings/{PAST_MEETING}/", f"/pl/news/{NEWS_POST}/", "/pl/join/"]
)
def test_first_tab_focuses_the_skip_link(page: Page, path: str) -> None:
    page.goto(path)
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # visible when focused, not only to screen readers
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))


def test_gallery_opens_photos_in_a_dialog(page: Page) -> None:
    page.goto(f"/pl/news/{NEWS_POST}/")
    thumbnails = page.locator("[data-gallery-item]")
    expect(thumbnails).to_have_count(6)
    first, second = thumbnails.nth(0), thumbnails.nth(1)
    first_full, second_full = first.get_attribute("data-full"), second.get_attribute("data-full")
    assert first_full and second_full

    first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    image = dialog.locator("img")
    expect(image).to_have_attribute("src", first_full)
    expect(image).to_have_attribute("alt", re.compile(r"\S"))
    expect(dialog.locator("figcaption")).to_contain_text("1 / 6")
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    page.keyboard.press("ArrowRight")
    expect(image).to_have_attribute("src", second_full)
    expect(dialog.locator("figcaption")).to_contain_text("2 / 6")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(first).to_be_focused()


def test_gallery_without_javascript_links_to_the_photos(no_js_page: Page) -> None:
    page = no_js_page
    page.goto(f"/pl/news/{NEWS_POST}/")
    first = page.locator("[data-gallery-item]").first
    href = first.get_attribute("href")
    assert href and href.endswith(".jpg"), href
    first.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"] == "image/jpeg"
    assert page.locator("dialog").count() == 0
