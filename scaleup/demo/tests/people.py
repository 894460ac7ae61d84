"""Helpers for the browser tests of people, roles and privacy (test_*_people.py).

A second region (Attica) next to the demo story's Lubelskie, so that "own region only"
means something; texts in the page language as the pages show them; signing in by a
one-time code read from the test mail outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation
from playwright.sync_api import Page, expect

from scaleup.accounts.tests.helpers import last_code
from scaleup.projects.models import Partner
from scaleup.stakeholders.models import Application, StakeholderGroup
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    StakeholderGroupFactory,
)

FACILITATOR_EMAIL = "facilitator@lubelskie.example"
MEMBER_EMAIL = "kontakt1@example.org"  # the demo story's member account
#: At the end of its line: the invitation link's UUID may hold "1234-5678" too.
INVITATION_CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def tr(text: str, lang: str) -> str:
    """`text` as the page in `lang` shows it (the English source until it is translated)."""
    with translation.override(lang):
        return translation.gettext(text)


def starting(text: str, lang: str) -> re.Pattern[str]:
    """A label or name that begins with the translated `text` (labels end in '(required)')."""
    return re.compile("^" + re.escape(tr(text, lang)))


def exactly(text: str, lang: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(tr(text, lang)) + "$")


@dataclass
class Regions:
    """The demo story's Lubelskie and a second region, Attica, each with an application."""

    lubelskie: StakeholderGroup
    attica: StakeholderGroup
    lubelskie_application: Application
    attica_application: Application
    facilitator: Any
    member: Any


def build_regions() -> Regions:
    """Attica next to the loaded demo story (call after the `story` fixture)."""
    lubelskie = StakeholderGroup.objects.get(slug="lubelskie")
    attica = StakeholderGroupFactory.create(
        slug="attica",
        name_pl="Regionalna Grupa Interesariuszy SCALE UP – Attyka",
        name_en="SCALE UP Regional Stakeholder Group – Attica",
        partner=Partner.objects.get(short_name="Attica"),
    )
    MembershipFactory.create(
        group=attica, organisation=OrganisationFactory.create(name="Piraeus Logistics S.A.")
    )
    users = get_user_model().objects
    return Regions(
        lubelskie=lubelskie,
        attica=attica,
        lubelskie_application=ApplicationFactory.create(
            group=lubelskie, organisation_name="Klaster Testowy Zamość"
        ),
        attica_application=ApplicationFactory.create(
            group=attica, organisation_name="Athens Export Cluster"
        ),
        facilitator=users.get(email=FACILITATOR_EMAIL),
        member=users.get(email=MEMBER_EMAIL),
    )


def mails_to(email: str) -> list[Any]:
    return [message for message in mail.outbox if email in message.to]


def invitation_code(email: str) -> str:
    """The code, as printed, in the newest invitation mail to `email`."""
    for message in reversed(mails_to(email)):
        found = INVITATION_CODE.search(str(message.body))
        if found:
            return found.group(1)
    raise AssertionError(f"no invitation mail with a code to {email}")


def account_nav(page: Page, lang: str) -> Any:
    return page.get_by_role("navigation", name=exactly("Account", lang))


def request_sign_in_code(page: Page, email: str, lang: str) -> None:
    """On the sign-in page, ask for a one-time code; ends on the page to type it."""
    page.goto(f"/{lang}/accounts/login/")
    by_code = page.get_by_role("region", name=exactly("Sign in with a code sent by e-mail", lang))
    by_code.get_by_label(starting("E-mail", lang)).fill(email)
    by_code.get_by_role("button", name=exactly("Send me a sign-in code", lang)).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/login/code/confirm/$"))


def type_sign_in_code(page: Page, code: str, lang: str) -> None:
    page.get_by_label(starting("Code", lang)).fill(code)
    page.get_by_label(starting("Code", lang)).press("Enter")


def sign_in_by_code(page: Page, email: str, lang: str) -> str:
    """Sign in as a person does: ask for a code, read it in the mail, type it. Returns it."""
    request_sign_in_code(page, email, lang)
    code = last_code(email)
    type_sign_in_code(page, code, lang)
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
    expect(
        account_nav(page, lang).get_by_role("button", name=exactly("Sign out", lang))
    ).to_be_visible()
    return code


def sign_in_as(page: Page, user: Any, base_url: str) -> None:
    """A session cookie for `user`, for tests about a page rather than about signing in."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
