"""The first meeting's workshop, run in a real browser: a facilitator and two participants.

The facilitator finds the workshop from the meeting in the workspace, switches it to
pre-moderation and puts the projector on the wall. One participant joins on a phone-sized
screen with JavaScript (htmx), the other without JavaScript (plain forms). They vote and
post statements; the projector's map takes in a new participant within two seconds of the
vote that places them; the facilitator accepts a statement from the moderation queue,
merges a near-duplicate, and closes the conversation. Texts are looked up in the
translation catalogue (`tr`), as in the other browser tests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import pgettext
from playwright.sync_api import Page, ViewportSize, expect

from scaleup.demo import workshop
from scaleup.demo.tests.people import build_regions, exactly, sign_in_as, starting, tr
from scaleup.dialogue.models import Conversation, Statement, Vote

LANG = "pl"
#: A statement is placed on the map once its author has voted on min(7, statements).
VOTES_TO_BE_PLACED = 7
PHONE: ViewportSize = {"width": 360, "height": 740}
#: The service's refusal of a vote in a closed conversation (`services.cast_vote`).
CLOSED_REFUSAL = "This conversation is closed; votes are no longer taken."

pytestmark = pytest.mark.browser


def _join(page: Page, code: str) -> None:
    page.goto(f"/{LANG}/workshops/join/")
    page.get_by_label(starting("Workshop code", LANG)).fill(code.lower())
    page.get_by_role("button", name=exactly("Join", LANG)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.QUESTION)


def _vote(page: Page, times: int) -> None:
    """Tap agree, disagree, agree... on the statement cards, waiting for each to change."""
    card = page.locator("#statement-card")
    for index in range(times):
        text = card.locator(".statement-text p").inner_text()
        name = "Agree" if index % 2 == 0 else "Disagree"
        card.get_by_role("button", name=exactly(name, LANG)).click()
        expect(card.locator(".statement-text p")).not_to_have_text(text)


def _dots(projector: Page) -> int:
    return projector.locator(".projector-dot").count()


def test_facilitator_runs_the_first_meetings_workshop(
    new_page: Callable[..., Page], story: str
) -> None:
    regions = build_regions()
    conversation = Conversation.objects.get(slug=workshop.SLUG)
    placed_before = (
        Conversation.objects.get(pk=conversation.pk).snapshots.latest().data["n_participants"]
    )

    # The facilitator: from the meeting to its workshop, pre-moderation on, projector up.
    facilitator = new_page()
    sign_in_as(facilitator, regions.facilitator, story)
    facilitator.goto(f"/{LANG}/workspace/meetings/{conversation.meeting_id}/")
    facilitator.get_by_role("link", name=workshop.QUESTION).click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(workshop.QUESTION)
    facilitator.locator("details.workshop-settings summary").click()
    facilitator.locator("select[name=moderation]").select_option("pre")
    facilitator.get_by_role("button", name=exactly("Save the settings", LANG)).click()
    expect(facilitator.locator(".messages, .message").first).to_be_visible()
    facilitator.get_by_role("link", name=exactly("Projector", LANG)).first.click()
    code = facilitator.locator(".projector-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(facilitator.locator(".projector-dot")).to_have_count(placed_before)

    # A participant on a phone, with JavaScript: one tap per vote, the card swaps in place.
    phone = new_page()
    phone.set_viewport_size(PHONE)
    _join(phone, code)
    _vote(phone, VOTES_TO_BE_PLACED - 1)
    # The vote that places them on the map: the projector shows it within two seconds.
    card = phone.locator("#statement-card")
    card.get_by_role("button", name=exactly("Agree", LANG)).click()
    expect(card.locator("progress")).to_have_attribute("value", str(VOTES_TO_BE_PLACED))
    voted_at = time.monotonic()
    expect(facilitator.locator(".projector-dot")).to_have_count(placed_before + 1, timeout=2000)
    assert time.monotonic() - voted_at <= 2.0
    expect(facilitator.locator('[data-count="votes"]')).to_have_text(
        str(Vote.objects.filter(statement__conversation=conversation).count())
    )
    # Nothing on the phone scrolls sideways at 360 px.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A participant without JavaScript posts a statement: it waits for moderation.
    laptop = new_page(java_script_enabled=False)
    _join(laptop, code)
    laptop.get_by_role("button", name=exactly("Agree", LANG)).click()
    expect(laptop.get_by_text(tr("Your vote was recorded: you agree.", LANG))).to_be_visible()
    new_text = "Potrzebujemy wspólnego katalogu ofert eksportowych firm z regionu."
    laptop.get_by_label(starting("Your statement", LANG)).fill(new_text)
    laptop.get_by_role("button", name=exactly("Add statement", LANG)).click()
    expect(
        laptop.get_by_text(
            tr(
                "Thank you. Your statement will be shown to the others once a facilitator "
                "has accepted it.",
                LANG,
            )
        )
    ).to_be_visible()
    # A near-duplicate of a statement on the board is offered for a vote instead.
    near_duplicate = workshop.STATEMENTS[0][2].replace("jednego miejsca", "jednego punktu")
    laptop.get_by_label(starting("Your statement", LANG)).fill(near_duplicate)
    laptop.get_by_role("button", name=exactly("Add statement", LANG)).click()
    expect(
        laptop.get_by_text(tr("Similar statements exist: vote on them instead?", LANG))
    ).to_be_visible()
    laptop.get_by_role("button", name=exactly("Post mine anyway", LANG)).click()

    # The facilitator accepts the new statement and merges the near-duplicate.
    facilitator.get_by_role("link", name=starting("Moderation queue", LANG)).click()
    pending = Statement.objects.get(conversation=conversation, text=new_text)
    duplicate = Statement.objects.get(conversation=conversation, text=near_duplicate)
    row = facilitator.locator("tr", has=facilitator.locator(f"#statement-{pending.pk}"))
    with translation.override(LANG):
        accept = pgettext("moderation: accept a statement", "Accept")
    row.get_by_role("button", name=re.compile("^" + re.escape(accept))).click()
    expect(facilitator.locator(f"#statement-{pending.pk}")).to_have_count(0)
    row = facilitator.locator("tr", has=facilitator.locator(f"#statement-{duplicate.pk}"))
    original = Statement.objects.get(conversation=conversation, text=workshop.STATEMENTS[0][2])
    merge = tr("Merge into #%(number)s", LANG) % {"number": original.pk}
    row.get_by_role("button", name=re.compile("^" + re.escape(merge))).click()
    expect(facilitator.locator(f"#statement-{duplicate.pk}")).to_have_count(0)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert duplicate.state == Statement.State.REJECTED

    # The phone reloads: the accepted statement is there to vote on, the duplicate is not.
    phone.reload()
    accepted = Statement.objects.filter(
        conversation=conversation, state=Statement.State.ACCEPTED
    ).count()
    expect(phone.locator("#statement-card progress")).to_have_attribute("max", str(accepted))

    # The facilitator closes the conversation; the phone can no longer vote.
    facilitator.goto(f"/{LANG}/workshops/{conversation.slug}/projector/")
    facilitator.get_by_role("button", name=exactly("Close the conversation", LANG)).click()
    expect(facilitator.locator(".projector-closed")).to_be_visible()
    phone.reload()
    expect(
        phone.get_by_text(
            tr(
                "This conversation is closed: votes and new statements are no longer taken. "
                "Thank you for taking part.",
                LANG,
            )
        )
    ).to_be_visible()
    expect(phone.get_by_role("button", name=exactly("Agree", LANG))).to_have_count(0)


def test_a_phone_votes_through_the_vote_api_and_a_lost_answer_counts_once(
    new_page: Callable[..., Page], story: str
) -> None:
    from urllib.parse import urlsplit

    from playwright.sync_api import Request, Route

    from scaleup.dialogue.models import Participant, VoteEvent

    conversation = Conversation.objects.get(slug=workshop.SLUG)
    phone = new_page()
    phone.set_viewport_size(PHONE)
    posts: list[str] = []
    phone.on(
        "request",
        lambda request: (
            posts.append(urlsplit(request.url).path) if request.method == "POST" else None
        ),
    )
    unavailable_once = {"left": 1}

    def first_answer_lost(route: Route, request: Request) -> None:
        if request.method == "POST" and unavailable_once["left"]:
            # The vote reaches the server and is recorded; its answer is lost on the way.
            unavailable_once["left"] -= 1
            route.fetch()
            route.fulfill(status=503, content_type="application/problem+json", body="{}")
        else:
            route.continue_()

    phone.route("**/live/v1/**", first_answer_lost)
    _join(phone, conversation.join_code)
    card = phone.locator("#statement-card")
    first_text = card.locator(".statement-text p").inner_text()
    first_id = int(card.locator("input[name=statement]").input_value())
    first_vote_id = card.locator("input[name=client_vote_id]").input_value()
    voted_before = int(card.locator("progress").get_attribute("value") or 0)
    posts.clear()

    card.get_by_role("button", name=exactly("Disagree", LANG)).click()

    expect(card.locator(".statement-text p")).not_to_have_text(first_text)
    expect(phone.locator("#vote-result")).to_have_text(
        tr("Your vote was recorded: you disagree.", LANG)
    )
    expect(card.locator("progress")).to_have_attribute("value", str(voted_before + 1))
    expect(card.locator("label[for=vote-progress]")).to_contain_text(str(voted_before + 1))
    # The vote went to the vote API twice (the first answer was lost) and never to the form.
    votes_path = f"/live/v1/conversations/{conversation.slug}/votes"
    assert posts == [votes_path, votes_path]
    participant = Participant.objects.filter(conversation=conversation).latest("created_at")
    assert Vote.objects.get(participant=participant, statement_id=first_id).value == -1
    assert VoteEvent.objects.filter(participant=participant).count() == 1
    # The card is ready for the next vote: another statement, a fresh vote id.
    assert int(card.locator("input[name=statement]").input_value()) != first_id
    assert card.locator("input[name=client_vote_id]").input_value() != first_vote_id
    card.get_by_role("button", name=exactly("Agree", LANG)).click()
    expect(card.locator("progress")).to_have_attribute("value", str(voted_before + 2))
    assert VoteEvent.objects.filter(participant=participant).count() == 2


def test_a_refused_vote_falls_back_to_the_form_and_its_message(
    new_page: Callable[..., Page], story: str
) -> None:
    from scaleup.dialogue import services

    conversation = Conversation.objects.get(slug=workshop.SLUG)
    phone = new_page()
    _join(phone, conversation.join_code)
    services.close_conversation(conversation=conversation, actor=None)
    phone.locator("#statement-card").get_by_role("button", name=exactly("Agree", LANG)).click()
    # The form's own path answers with the service's refusal of this vote (not a complaint
    # that no choice was sent: the tapped value goes along).
    alert = phone.locator("#statement-card [role=alert]")
    expect(alert).to_have_text(tr(CLOSED_REFUSAL, LANG))
