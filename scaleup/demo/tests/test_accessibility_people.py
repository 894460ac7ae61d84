"""axe-core (WCAG 2.0/2.1 A and AA) over the pages of accounts, privacy, invitations and the
workspace, in Polish and in English.

One test per language and audience (visitor, member, facilitator) visits all of that
audience's pages in one browser context, so the story is loaded once per test; a failure
lists the violations of every page, not only of the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from scaleup.demo.tests.conftest import UPCOMING_MEETING
from scaleup.demo.tests.people import (
    MEMBER_EMAIL,
    Regions,
    build_regions,
    request_sign_in_code,
    sign_in_as,
    starting,
)
from scaleup.demo.tests.test_accessibility import LANGUAGES, _axe_violations, _describe
from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import Conversation, Statement
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.dialogue.tests.test_projector_pages import _two_camps as two_camps
from scaleup.meetings.models import Meeting
from scaleup.stakeholders import invitations
from scaleup.stakeholders.models import Organisation

pytestmark = pytest.mark.browser


@dataclass
class Scene:
    """What the pages need: the two regions and an open invitation to Lubelskie."""

    regions: Regions
    invitation_token: str
    meeting_pk: int
    conversation: Conversation
    network_organisation_pk: int


Opener = Callable[[Page, str, Scene], None]


def _open(path: str | Callable[[Scene], str]) -> Opener:
    def open_page(page: Page, lang: str, scene: Scene) -> None:
        where = f"/{lang}{path(scene) if callable(path) else path}"
        response = page.goto(where)
        assert response is not None
        assert response.ok, f"{where} answered {response.status}"
        # Not sent elsewhere (to sign in, say): the page itself is checked.
        assert page.url.endswith(where), f"{where} led to {page.url}"

    return open_page


def _submitted_with_errors(path: str, fill: Callable[[Page, str], None] | None = None) -> Opener:
    """The page's form sent (empty, or with `fill`'s wrong input): its errors are shown."""

    def open_page(page: Page, lang: str, scene: Scene) -> None:
        _open(path)(page, lang, scene)
        if fill is not None:
            fill(page, lang)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main [aria-invalid=true]").first).to_be_visible()

    return open_page


def _new_api_token(page: Page, lang: str, scene: Scene) -> None:
    """The tokens page after making one: its key shown once, above the list."""
    _open("/account/api-tokens/")(page, lang, scene)
    page.locator("main input[name=name]").fill(f"axe {lang}")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#new-key-value")).to_be_visible()


def _drawn(path: str | Callable[[Scene], str]) -> Opener:
    """A page with a network map: opened, and the map drawn by Cytoscape before the check."""

    def open_page(page: Page, lang: str, scene: Scene) -> None:
        _open(path)(page, lang, scene)
        expect(page.locator("[data-network-map]")).to_have_attribute("data-state", "ready")

    return open_page


def _charted(path: str) -> Opener:
    """The dashboard: opened, and its charts redrawn by Chart.js before the check."""

    def open_page(page: Page, lang: str, scene: Scene) -> None:
        _open(path)(page, lang, scene)
        expect(page.locator("figure.dashboard-chart.is-enhanced canvas").first).to_be_visible()

    return open_page


def _code_confirm(page: Page, lang: str, scene: Scene) -> None:
    request_sign_in_code(page, MEMBER_EMAIL, lang)


def _wrong_invitation_code(page: Page, lang: str) -> None:
    page.get_by_label(starting("Invitation code", lang)).fill("ZZZZ-ZZZZ")


def _wrong_erase_address(page: Page, lang: str) -> None:
    page.get_by_label(starting("Your e-mail address", lang)).fill("somebody.else@example.org")


def _wrong_workshop_code(page: Page, lang: str) -> None:
    page.get_by_label(starting("Workshop code", lang)).fill("ZZZZZZ")


def _recommendation(state: str) -> Callable[[Scene], str]:
    """The demo story's recommendation in `state` (one of each), on its group page."""

    def path(scene: Scene) -> str:
        from scaleup.policy.models import Recommendation

        return f"/policy/recommendations/{Recommendation.objects.get(state=state).pk}/"

    return path


def _public(prefix: str, pk: Callable[[], int]) -> Callable[[Scene], str]:
    return lambda scene: f"/instruments/{prefix}{pk()}/"


def _accepted_pk() -> int:
    from scaleup.policy.models import Recommendation

    return Recommendation.objects.get(state="accepted").pk


def _plan_pk() -> int:
    from scaleup.actionplans.models import ActionPlan

    return ActionPlan.objects.get(partner__short_name="Lubelskie").pk


def _lubelskie_pk() -> int:
    from scaleup.projects.models import Partner

    return Partner.objects.get(short_name="Lubelskie").pk


def _indicator_value_with_errors(page: Page, lang: str, scene: Scene) -> None:
    """The partner's indicator page with its value form sent empty (the page has other forms)."""
    _open(lambda scene: f"/indicators/partners/{_lubelskie_pk()}/")(page, lang, scene)
    page.locator("main form[action$='/values/'] button[type=submit]").click()
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()


def _submitted_with_errors_at(path: Callable[[], str]) -> Opener:
    """`_submitted_with_errors` for a path known only once the story is loaded."""

    def open_page(page: Page, lang: str, scene: Scene) -> None:
        _submitted_with_errors(path())(page, lang, scene)

    return open_page


def _fel_pk() -> int:
    from scaleup.projects.models import PolicyInstrument

    return PolicyInstrument.objects.get(code="FEL 2021-2027").pk


def _cited_statement_pk() -> int:
    from scaleup.policy.models import RecommendationStatement

    cited = RecommendationStatement.objects.filter(recommendation__state="accepted")
    return int(cited.values_list("statement_id", flat=True)[0])


def _workshop(page: Page, lang: str, scene: Scene) -> None:
    """Joined by the code from the projector's QR link: one statement to vote on."""
    conversation = scene.conversation
    page.goto(f"/{lang}/workshops/join/?code={conversation.join_code}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/{lang}/workshops/{conversation.slug}/")


VISITOR_PAGES: dict[str, Opener] = {
    "sign-in": _open("/accounts/login/"),
    "code-request": _open("/accounts/login/code/"),
    "code-confirm": _code_confirm,
    "signup": _open("/accounts/signup/"),
    "privacy-notice": _open("/privacy/"),
    "erased": _open("/privacy/erased/"),
    "invitation-code-errors": _submitted_with_errors("/join/invitation/", _wrong_invitation_code),
    "invitation": _open(lambda scene: f"/join/invitation/{scene.invitation_token}/"),
    "public-group": _open("/join/groups/lubelskie/"),
    "workshop-join": _open("/workshops/join/"),
    "workshop-join-errors": _submitted_with_errors("/workshops/join/", _wrong_workshop_code),
    "workshop": _workshop,
    "practices": _open("/practices/"),
    "practices-search": _open("/practices/?q=marka&country=PL"),
    "practice": _open("/practices/centrum-obslugi-inwestorow-i-eksporterow/"),
    "accountability": _open("/instruments/"),
    "accountability-instrument": _open(_public("", _fel_pk)),
    "accountability-recommendation": _open(_public("recommendations/", _accepted_pk)),
    "accountability-statement": _open(_public("statements/", _cited_statement_pk)),
}

MEMBER_PAGES: dict[str, Opener] = {
    "my-account": _open("/account/"),
    "profile": _open("/account/profile/"),
    "api-tokens": _open("/account/api-tokens/"),
    "api-token-made": _new_api_token,
    "my-data": _open("/privacy/my-data/"),
    "download": _open("/privacy/my-data/download/"),
    "erase-errors": _submitted_with_errors("/privacy/my-data/erase/", _wrong_erase_address),
    "group-space": _open("/workspace/groups/lubelskie/"),
    "recommendations": _open("/policy/lubelskie/recommendations/"),
    "recommendation-to-endorse": _open(_recommendation("discussed")),
}

FACILITATOR_PAGES: dict[str, Opener] = {
    "dashboard": _open("/workspace/"),
    "applications": _open("/workspace/applications/"),
    "application": _open(
        lambda scene: f"/workspace/applications/{scene.regions.lubelskie_application.pk}/"
    ),
    "members": _open("/workspace/groups/lubelskie/members/"),
    "invite-errors": _submitted_with_errors("/workspace/groups/lubelskie/invite/"),
    "meetings": _open("/workspace/meetings/"),
    "meeting": _open(lambda scene: f"/workspace/meetings/{scene.meeting_pk}/"),
    "meeting-form": _open("/workspace/meetings/new/"),
    "posts": _open("/workspace/news/"),
    "post-form": _open("/workspace/news/new/"),
    "documents": _open("/workspace/groups/lubelskie/documents/"),
    "audit": _open("/workspace/audit/"),
    "workshops": _open("/workspace/workshops/"),
    "workshop": _open(lambda scene: f"/workspace/workshops/{scene.conversation.slug}/"),
    "workshop-form": _open("/workspace/workshops/new/"),
    "workshop-form-errors": _submitted_with_errors("/workspace/workshops/new/"),
    "projector": _open(lambda scene: f"/workshops/{scene.conversation.slug}/projector/"),
    "moderation": _open(lambda scene: f"/workshops/{scene.conversation.slug}/moderation/"),
    "network-map": _drawn("/network/lubelskie/"),
    "network-organisation": _drawn(
        lambda scene: f"/network/lubelskie/organisations/{scene.network_organisation_pk}/"
    ),
    "network-gaps": _open("/network/lubelskie/gaps/"),
    "tie-form": _open("/network/lubelskie/ties/new/"),
    "tie-form-errors": _submitted_with_errors("/network/lubelskie/ties/new/"),
    "ties-import": _open("/network/lubelskie/ties/import/"),
    "practices-manage": _open("/practices/manage/"),
    "practice-form": _open("/practices/manage/new/"),
    "practice-form-errors": _submitted_with_errors("/practices/manage/new/"),
    "lessons": _open(
        lambda scene: f"/practices/events/{Meeting.objects.get(format='study_visit').pk}/lessons/"
    ),
    "action-plans": _open("/action-plans/"),
    "action-plan": _open(lambda scene: f"/action-plans/{_plan_pk()}/"),
    "action-plan-form": _open(lambda scene: f"/action-plans/{_plan_pk()}/edit/"),
    "action-form": _open(lambda scene: f"/action-plans/{_plan_pk()}/actions/new/"),
    "action-form-errors": _submitted_with_errors_at(
        lambda: f"/action-plans/{_plan_pk()}/actions/new/"
    ),
    "indicators": _open("/indicators/"),
    "indicators-partner": _open(lambda scene: f"/indicators/partners/{_lubelskie_pk()}/"),
    "indicators-2021-2027": _open("/indicators/?period=2021-2027&semester=1"),
    "indicators-dashboard": _charted("/indicators/dashboard/"),
    "indicator-value-errors": _indicator_value_with_errors,
    "recommendations-staff": _open("/policy/lubelskie/recommendations/"),
    "recommendation-form": _open(
        lambda scene: (
            "/policy/lubelskie/recommendations/new/?statement="
            + str(scene.conversation.statements.values_list("pk", flat=True)[0])
        )
    ),
    "recommendation-form-errors": _submitted_with_errors("/policy/lubelskie/recommendations/new/"),
    "recommendation-submitted": _open(_recommendation("endorsed")),
    "recommendation-accepted": _open(_recommendation("accepted")),
}

AUDIENCES: dict[str, dict[str, Opener]] = {
    "visitor": VISITOR_PAGES,
    "member": MEMBER_PAGES,
    "facilitator": FACILITATOR_PAGES,
}


def _scene() -> Scene:
    regions = build_regions()
    invitation = invitations.invite_person(
        group=regions.lubelskie,
        email="zaproszona@example.org",
        first_name="Zofia",
        last_name="Zaproszona",
        organisation_name="Spółdzielnia Testowa w Chełmie",
        organisation_kind="sme",
        language="pl",
        actor=regions.facilitator,
    )
    meeting = Meeting.objects.get(slug=UPCOMING_MEETING)
    conversation = ConversationFactory.create(
        group=regions.lubelskie, question="Jak lepiej współpracować?"
    )
    two_camps(conversation)
    dialogue_services.recompute(conversation=conversation)
    # Near-duplicates: the moderation queue and the workshop page offer to merge them.
    StatementFactory.create(
        conversation=conversation,
        text="Universities should share their labs with the small firms",
        state=Statement.State.PENDING,
    )
    StatementFactory.create(
        conversation=conversation, text="The region needs one joint cluster office"
    )
    return Scene(
        regions=regions,
        invitation_token=invitation.token,
        meeting_pk=meeting.pk,
        conversation=conversation,
        # The demo network's isolated SME: scores, ties, an ego map and suggested partners.
        network_organisation_pk=Organisation.objects.get(name="Stolarnia Tanew sp. z o.o.").pk,
    )


def _check(page: Page, name: str, open_page: Opener, lang: str, scene: Scene) -> str:
    """ "" when the page opens in `lang` with no violation, else what is wrong."""
    try:
        open_page(page, lang, scene)
        expect(page.locator("html")).to_have_attribute("lang", lang)
    except (AssertionError, PlaywrightError) as error:
        return f"{name} ({page.url}) could not be checked: {error}"
    violations = _axe_violations(page)
    return _describe(violations, f"{name} ({page.url})") if violations else ""


@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_people_pages_have_no_axe_violations(
    page: Page, story: str, lang: str, audience: str
) -> None:
    scene = _scene()
    if audience == "member":
        sign_in_as(page, scene.regions.member, story)
    elif audience == "facilitator":
        sign_in_as(page, scene.regions.facilitator, story)
    problems = [
        problem
        for name, open_page in AUDIENCES[audience].items()
        if (problem := _check(page, name, open_page, lang, scene))
    ]
    assert not problems, "\n\n".join(problems)
