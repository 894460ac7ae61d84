"""People in a real browser: invited, accepted by code, signed in, own group only, erased.

The journey runs in Polish, the language of the Lubelskie group; texts are looked up in the
translation catalogue (`tr`), so the test reads the pages as they are, before and after
the Polish translation lands. Mail goes to Django's test outbox (the live server runs in
this process), where the codes are read as a person reads them.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import translation
from playwright.sync_api import Page, expect

from scaleup.accounts.tests.helpers import CODE_LINE, last_code
from scaleup.demo.tests.people import (
    FACILITATOR_EMAIL,
    Regions,
    account_nav,
    build_regions,
    exactly,
    invitation_code,
    mails_to,
    request_sign_in_code,
    sign_in_by_code,
    starting,
    tr,
    type_sign_in_code,
)
from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.services import erase_personal_data
from scaleup.privacy.texts import CONSENT_TEXTS
from scaleup.stakeholders.models import Invitation, Membership, Person

pytestmark = pytest.mark.browser

LANG = "pl"
INVITEE = "ewa.nowicka@fabryka-testowa.example"
NEW_ORGANISATION = "Lubelska Fabryka Testowa sp. z o.o."


def _status(page: Page, path: str) -> int:
    response = page.goto(path)
    assert response is not None
    return response.status


def _invite(page: Page, regions: Regions) -> None:
    """The facilitator signs in, opens the workspace and invites Ewa for a new organisation."""
    sign_in_by_code(page, FACILITATOR_EMAIL, LANG)
    account_nav(page, LANG).get_by_role("link", name=exactly("Workspace", LANG)).click()
    expect(page).to_have_url(re.compile(rf"/{LANG}/workspace/$"))
    group_card = page.get_by_role("region", name=re.compile(re.escape(regions.lubelskie.name_pl)))
    group_card.get_by_role("link", name=exactly("Invite a person", LANG)).click()
    expect(page.locator("h1")).to_have_text(tr("Invite a person to the group", LANG))

    page.get_by_label(starting("First name", LANG)).fill("Ewa")
    page.get_by_label(starting("Last name", LANG)).fill("Nowicka")
    page.get_by_label(starting("E-mail", LANG)).fill(INVITEE)
    organisation = page.get_by_label(starting("Organisation the person speaks for", LANG))
    # Only Lubelskie's member organisations are offered; Attica's is not even a choice.
    expect(organisation).not_to_contain_text("Piraeus Logistics")
    page.get_by_label(starting("Name of the new organisation", LANG)).fill(NEW_ORGANISATION)
    page.get_by_label(starting("Kind of organisation", LANG)).select_option("sme")
    page.get_by_label(starting("Language of the invitation e-mail", LANG)).select_option("pl")
    page.get_by_role("button", name=exactly("Send the invitation", LANG)).click()

    expect(page).to_have_url(re.compile(rf"/{LANG}/workspace/groups/lubelskie/members/$"))
    expect(page.get_by_role("status")).to_contain_text(INVITEE)
    invitation = Invitation.objects.get(email=INVITEE)
    assert invitation.group == regions.lubelskie
    assert invitation.organisation.name == NEW_ORGANISATION


def _accept_by_code(page: Page, regions: Regions) -> None:
    """Ewa types the code from the mail, accepts with the listing consent, is signed in."""
    (invitation_mail,) = mails_to(INVITEE)
    assert tr("Or type this code on the page below:", "pl") in str(invitation_mail.body)
    code = invitation_code(INVITEE)

    page.goto(f"/{LANG}/join/invitation/")
    page.get_by_label(starting("Invitation code", LANG)).fill(code)
    page.get_by_role("button", name=exactly("Continue", LANG)).click()
    expect(page).to_have_url(re.compile(rf"/{LANG}/join/invitation/[\w-]+/$"))
    expect(page.locator("h1")).to_contain_text(regions.lubelskie.name_pl)
    expect(page.locator("main")).to_contain_text(NEW_ORGANISATION)
    expect(page.get_by_label(starting("First name", LANG))).to_have_value("Ewa")
    expect(page.get_by_label(starting("Last name", LANG))).to_have_value("Nowicka")
    with translation.override(LANG):
        consent = str(CONSENT_TEXTS[ConsentPurpose.PUBLIC_LISTING].text)
    page.get_by_label(consent).check()
    page.get_by_role("button", name=exactly("Accept the invitation", LANG)).click()

    expect(page).to_have_url(re.compile(rf"/{LANG}/account/$"))
    expect(page.locator("h1")).to_have_text(tr("My account", LANG))
    groups = page.get_by_role("region", name=exactly("Your groups", LANG))
    expect(groups.get_by_role("link", name=regions.lubelskie.name_pl)).to_be_visible()
    expect(groups).not_to_contain_text(regions.attica.name_pl)
    assert Membership.objects.filter(
        group=regions.lubelskie, organisation__name=NEW_ORGANISATION
    ).exists()


def _sign_out(page: Page) -> None:
    account_nav(page, LANG).get_by_role("button", name=exactly("Sign out", LANG)).click()
    expect(
        account_nav(page, LANG).get_by_role("link", name=exactly("Sign in", LANG))
    ).to_be_visible()


def _sees_own_group_only(page: Page, regions: Regions) -> None:
    page.goto(f"/{LANG}/workspace/groups/lubelskie/")
    expect(page.locator("h1")).to_have_text(regions.lubelskie.name_pl)
    expect(page.locator("main")).to_contain_text(NEW_ORGANISATION)
    # The group space is a members' permission: another group's is not found. The
    # workspace is no member's business at all: refused, whichever group.
    assert _status(page, f"/{LANG}/workspace/groups/attica/") == 404
    assert _status(page, f"/{LANG}/workspace/") == 403
    assert _status(page, f"/{LANG}/workspace/groups/lubelskie/members/") == 403
    assert _status(page, f"/{LANG}/workspace/applications/") == 403
    page.goto(f"/{LANG}/account/")
    expect(
        account_nav(page, LANG).get_by_role("link", name=exactly("Workspace", LANG))
    ).to_have_count(0)


def _not_signed_in(page: Page) -> None:
    page.goto(f"/{LANG}/account/")
    expect(page).to_have_url(re.compile(rf"/{LANG}/accounts/login/"))
    expect(
        account_nav(page, LANG).get_by_role("link", name=exactly("Sign in", LANG))
    ).to_be_visible()


def _downloads_own_data(page: Page) -> None:
    page.get_by_role(
        "link", name=exactly("My data: see, download or erase it, and your consents", LANG)
    ).click()
    expect(page.locator("h1")).to_have_text(tr("My data", LANG))
    page.get_by_role("link", name=exactly("Download my data", LANG)).click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=exactly("Download the zip file", LANG)).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert "data.json" in files, list(files)
    csv_files = [name for name in files if name.endswith(".csv")]
    assert csv_files, list(files)
    assert INVITEE in json.dumps(json.loads(files["data.json"]), ensure_ascii=False)
    assert any(INVITEE in files[name] for name in csv_files)


def _erases_themselves(page: Page) -> None:
    page.goto(f"/{LANG}/privacy/my-data/")
    page.get_by_role("link", name=exactly("Erase my data", LANG)).click()
    page.get_by_label(starting("Your e-mail address", LANG)).fill(INVITEE)
    page.get_by_role("button", name=exactly("Erase my data for good", LANG)).click()
    expect(page).to_have_url(re.compile(rf"/{LANG}/privacy/erased/$"))
    expect(page.locator("h1")).to_have_text(tr("Your data has been erased", LANG))
    expect(
        account_nav(page, LANG).get_by_role("link", name=exactly("Sign in", LANG))
    ).to_be_visible()


def test_invited_person_joins_sees_own_group_takes_data_and_is_erased(
    new_page: Callable[..., Page], story: str
) -> None:
    regions = build_regions()
    _invite(new_page(), regions)

    page = new_page()
    _accept_by_code(page, regions)
    person = Person.objects.get(email=INVITEE)
    assert person.user is not None
    user_pk = person.user.pk

    _sign_out(page)
    used_code = sign_in_by_code(page, INVITEE, LANG)
    _sees_own_group_only(page, regions)
    _downloads_own_data(page)
    # Somebody else (on another device) asks for a code now and keeps the page open.
    other_device = new_page()
    request_sign_in_code(other_device, INVITEE, LANG)
    pending_code = last_code(INVITEE)
    _erases_themselves(page)

    users = get_user_model().objects
    assert not Person.objects.filter(email__iexact=INVITEE).exists()
    assert not users.filter(pk=user_pk).exists()
    assert not users.filter(email__iexact=INVITEE).exists()
    assert not EmailAddress.objects.filter(email__iexact=INVITEE).exists()
    # The organisation stays a member; it only lost its contact person.
    assert Membership.objects.filter(
        group=regions.lubelskie, organisation__name=NEW_ORGANISATION, left_on__isnull=True
    ).exists()

    # The code asked for before the erasure no longer opens anything.
    type_sign_in_code(other_device, pending_code, LANG)
    _not_signed_in(other_device)

    # Asking for a code again signs nobody in: the mail carries no code, old codes are dead.
    mails_before = len(mails_to(INVITEE))
    request_sign_in_code(page, INVITEE, LANG)
    new_mails = mails_to(INVITEE)[mails_before:]
    assert new_mails, "the sign-in page answers as for any address (no enumeration)"
    assert all(not CODE_LINE.search(str(message.body)) for message in new_mails)
    for code in (used_code, pending_code):
        type_sign_in_code(page, code, LANG)
        expect(page.get_by_label(starting("Code", LANG))).to_have_attribute("aria-invalid", "true")
    _not_signed_in(page)
    assert not users.filter(email__iexact=INVITEE).exists()


def test_facilitator_sees_own_region_only(new_page: Callable[..., Page], story: str) -> None:
    regions = build_regions()
    page = new_page()
    sign_in_by_code(page, FACILITATOR_EMAIL, LANG)
    page.goto(f"/{LANG}/workspace/")
    page.get_by_role("navigation", name=exactly("Workspace", LANG)).get_by_role(
        "link", name=exactly("Applications", LANG)
    ).click()
    expect(page).to_have_url(re.compile(rf"/{LANG}/workspace/applications/$"))
    main = page.locator("main")
    expect(main.get_by_role("link", name="Klaster Testowy Zamość")).to_be_visible()
    expect(main).not_to_contain_text(regions.attica_application.organisation_name)
    expect(main).not_to_contain_text(regions.attica.name_pl)

    main.get_by_role("link", name="Klaster Testowy Zamość").click()
    expect(page).to_have_url(
        re.compile(rf"/{LANG}/workspace/applications/{regions.lubelskie_application.pk}/$")
    )
    expect(page.locator("h1")).to_contain_text("Klaster Testowy Zamość")

    attica = regions.attica_application.pk
    assert _status(page, f"/{LANG}/workspace/applications/{attica}/") == 404
    assert _status(page, f"/{LANG}/workspace/groups/attica/members/") == 404
    assert _status(page, f"/{LANG}/workspace/groups/attica/invite/") == 404
    assert _status(page, f"/{LANG}/workspace/groups/attica/") == 404


def test_a_code_asked_for_before_erasure_is_refused_without_error(
    new_page: Callable[..., Page], story: str
) -> None:
    member = build_regions().member
    page = new_page()
    request_sign_in_code(page, member.email, LANG)
    code = last_code(member.email)
    erase_personal_data(user=member, actor=member)

    with page.expect_response(re.compile(r"/login/code/confirm/$")) as confirmation:
        type_sign_in_code(page, code, LANG)
    assert confirmation.value.status < 500, f"the code page answered {confirmation.value.status}"
    _not_signed_in(page)
