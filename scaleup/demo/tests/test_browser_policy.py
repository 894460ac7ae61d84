"""From insights to policy, in a real browser, on the demo story: a facilitator of Lubelskie
ticks the first workshop's strongest consensus statement, drafts a recommendation from it
for FEL 2021-2027 measure 2.7, takes it through discussion and the group's endorsement to
submission, and follows it to the public accountability pages, where the chain runs from
the instrument to the statement and back.

Texts are looked up in the translation catalogue (`tr`), as in the other browser tests.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from playwright.sync_api import Page, expect

from scaleup.demo import workshop
from scaleup.demo.tests.people import FACILITATOR_EMAIL, exactly, sign_in_as, starting, tr
from scaleup.dialogue.models import Conversation, Statement
from scaleup.policy.lifecycle import MOVE_LABELS, State
from scaleup.policy.models import Recommendation

pytestmark = pytest.mark.browser

LANG = "pl"
TITLE = "Prostsze rozliczanie bonów badawczych dla MŚP"


def _strongest_consensus() -> Statement:
    snapshot = Conversation.objects.get(slug=workshop.SLUG).snapshots.latest()
    first = snapshot.data["consensus"]["agree"][0]["statement_id"]
    return Statement.objects.get(pk=first)


def _field(verbose_name: str) -> re.Pattern[str]:
    """A form label made from a model field's name: capitalised, maybe '(required)' after."""
    return re.compile("^" + re.escape(tr(verbose_name, LANG)), re.IGNORECASE)


def _state(state: str) -> str:
    with translation.override(LANG):
        return str(State(state).label)


def _record_step(page: Page, target: str) -> None:
    """Choose the step by its button label, as a facilitator reads it, and record it."""
    with translation.override(LANG):
        label = str(MOVE_LABELS[State(target)])
    page.get_by_label(starting("New state", LANG)).select_option(label=label)
    page.get_by_role("button", name=exactly("Record the step", LANG)).click()
    expect(page.locator("main .policy-state").first).to_have_text(_state(target))


def test_from_a_consensus_statement_to_its_public_accountability_entry(
    page: Page, story: str
) -> None:
    statement = _strongest_consensus()
    sign_in_as(page, get_user_model().objects.get(email=FACILITATOR_EMAIL), story)

    # The workshop page: tick the consensus statement and draft from it.
    page.goto(f"/{LANG}/workspace/workshops/{workshop.SLUG}/")
    page.locator(f"#use-statement-{statement.pk}").check()
    page.get_by_role(
        "button", name=exactly("Draft a recommendation from the ticked statements", LANG)
    ).click()
    expect(page).to_have_url(re.compile(rf"recommendations/new/\?statement={statement.pk}$"))
    expect(page.get_by_label(_field("recommendation (Polish)"))).to_have_value(statement.text)
    expect(page.locator(f"input[name=statements][value='{statement.pk}']")).to_be_checked()
    page.get_by_label(_field("title (Polish)")).fill(TITLE)
    page.get_by_label(_field("policy instrument")).select_option(label="FEL 2021-2027")
    page.get_by_label(_field("target measure")).select_option(
        label="FEL 2021-2027: 2.7 Lubelskie MŚP na rynkach zagranicznych"
    )
    page.get_by_role("button", name=exactly("Save the draft", LANG)).click()

    # Its page: the statement with its live votes, then one step after another.
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    cited = page.locator("article.policy-statement")
    expect(cited).to_have_count(1)
    expect(cited.get_by_role("heading")).to_contain_text(statement.text)
    expect(cited.locator("table caption")).to_contain_text("%")  # the consensus share
    for target in (State.DISCUSSED, State.ENDORSED, State.SUBMITTED):
        _record_step(page, target)
    recommendation = Recommendation.objects.get(title_pl=TITLE)
    assert recommendation.state == State.SUBMITTED
    assert list(recommendation.transitions.values_list("to_state", flat=True)) == [
        State.DRAFT,
        State.DISCUSSED,
        State.ENDORSED,
        State.SUBMITTED,
    ]
    history = page.locator(".policy-timeline li")
    expect(history).to_have_count(4)

    # The public page, then down the chain to the measure and up from the statement.
    page.get_by_role("link", name=exactly("Public page", LANG)).click()
    expect(page).to_have_url(re.compile(rf"/{LANG}/instruments/recommendations/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name=re.compile(r"^2\.7 ")).click()
    expect(page).to_have_url(re.compile(r"/instruments/\d+/#measure-27$"))
    measure = page.locator("#measure-27")
    expect(measure.get_by_role("link", name=exactly(TITLE, LANG))).to_be_visible()
    expect(measure).to_contain_text(_state(State.SUBMITTED))
    measure.get_by_role("link", name=exactly(TITLE, LANG)).click()
    page.get_by_role("link", name=re.compile(re.escape(statement.text))).click()
    expect(page).to_have_url(re.compile(rf"/instruments/statements/{statement.pk}/$"))
    expect(page.locator("blockquote")).to_contain_text(statement.text)
    expect(page.get_by_role("link", name=exactly(TITLE, LANG))).to_be_visible()
