"""The cooperation network of the demo story, in a real browser: a facilitator of Lubelskie
opens the map (Cytoscape draws it), filters it to clusters, opens the gaps report, follows
the isolated joinery to its page, reads the suggested partners with their reasons, and
records a tie from there, which then shows among the joinery's ties.

Texts are looked up in the translation catalogue (`tr`), as in the other browser tests. The
map page is also used without JavaScript (the table is the page) and watched for Content
Security Policy violations (Cytoscape must not inject inline styles).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from scaleup.demo.tests.people import FACILITATOR_EMAIL, exactly, sign_in_as, starting, tr
from scaleup.demo.tests.test_csp import Violations
from scaleup.network.models import NetworkSnapshot, Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind

pytestmark = pytest.mark.browser

LANG = "pl"
GAP_SME = "Stolarnia Tanew sp. z o.o."
MAP = f"/{LANG}/network/lubelskie/"


def _drawn(page: Page) -> int:
    """Wait for Cytoscape to draw the map; the number of nodes it drew."""
    container = page.locator("[data-network-map]").first
    expect(container).to_have_attribute("data-state", "ready")
    expect(container).to_be_visible()
    count = int(page.evaluate("window.scaleupNetwork.nodes().length"))
    assert container.get_attribute("data-node-count") == str(count)
    # Drawn on canvas, not merely loaded: the canvas has a size.
    box = container.locator("canvas").first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    return count


def _table_names(page: Page) -> list[str]:
    return page.locator("table.network-table tbody th[scope=row] a").all_inner_texts()


def test_facilitator_explores_the_network_and_records_a_tie(page: Page, story: str) -> None:
    facilitator = get_user_model().objects.get(email=FACILITATOR_EMAIL)
    snapshot = NetworkSnapshot.objects.filter(group__slug="lubelskie").latest()
    violations = Violations()
    violations.watch(page)
    sign_in_as(page, facilitator, story)

    # From the workspace navigation to the group's map.
    page.goto(f"/{LANG}/workspace/")
    nav = page.get_by_role("navigation", name=exactly("Workspace", LANG))
    nav.get_by_role("link", name=exactly("Cooperation network", LANG)).click()
    expect(page).to_have_url(re.compile(rf"{MAP}$"))
    assert _drawn(page) == snapshot.nodes
    assert page.evaluate("window.scaleupNetwork.edges().length") > 0
    assert len(_table_names(page)) == snapshot.nodes
    violations.assert_none(page)

    # Only the clusters: the map and the table follow the filter.
    page.get_by_label(starting("Kind of organisation", LANG)).select_option(
        OrganisationKind.CLUSTER.value
    )
    page.get_by_role("button", name=exactly("Show", LANG)).click()
    expect(page).to_have_url(re.compile(r"kind=cluster"))
    clusters = Organisation.objects.filter(
        network_scores__snapshot=snapshot, kind=OrganisationKind.CLUSTER
    ).count()
    assert _drawn(page) == clusters == 4
    assert len(_table_names(page)) == clusters
    kinds = page.evaluate("window.scaleupNetwork.nodes().map((node) => node.data('kind'))")
    assert set(kinds) == {"cluster"}

    # The gaps report names the joinery; its page explains why and suggests partners.
    network_nav = page.get_by_role("navigation", name=exactly("Cooperation network", LANG))
    network_nav.get_by_role("link", name=exactly("Gaps report", LANG)).click()
    gaps = page.get_by_role("region", name=exactly("Isolated SMEs", LANG))
    gaps.get_by_role("link", name=GAP_SME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GAP_SME)
    expect(page.get_by_text(tr("Isolated SME", LANG), exact=True)).to_be_visible()
    ego = _drawn(page)
    assert ego == 2  # the joinery and its one partner, the packaging maker
    suggestions = page.get_by_role("region", name=exactly("Suggested partners", LANG))
    reason = tr("both cooperate with %(first)s", LANG) % {"first": "EkoPak s.c."}
    expect(suggestions.get_by_text(reason).first).to_be_visible()
    suggested = suggestions.locator("li > a").first.inner_text()

    # Record a tie with the first suggested partner, from the suggestion itself.
    record_a_tie = tr(
        'Record a tie<span class="visually-hidden"> between %(first)s and %(second)s</span>',
        LANG,
    ).split("<span", 1)[0]
    suggestions.get_by_role("link", name=re.compile("^" + re.escape(record_a_tie))).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("Add a tie", LANG))
    # In Polish "Organizacja" begins both labels: the fields are told apart by name.
    expect(page.locator("input[name=organisation]")).to_have_value(GAP_SME)
    expect(page.locator("input[name=partner]")).to_have_value(suggested)
    page.get_by_label(starting("Kind of tie", LANG)).select_option(TieKind.INFORMAL.value)
    page.get_by_label(starting("Source", LANG)).fill("Spotkanie RGI")
    page.get_by_role("button", name=exactly("Add the tie", LANG)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(GAP_SME)
    ties = page.get_by_role("region", name=exactly("Ties in this group", LANG))
    expect(ties.get_by_role("link", name=suggested, exact=True)).to_be_visible()
    expect(ties.get_by_text("Spotkanie RGI")).to_be_visible()
    tie = Tie.objects.get(group__slug="lubelskie", source_name="Spotkanie RGI")
    assert {tie.source.name, tie.target.name} == {GAP_SME, suggested}
    assert _drawn(page) == ego + 1  # the ego map reads the current ties
    violations.assert_none(page)


def test_without_javascript_the_table_is_the_map_page(no_js_page: Page, story: str) -> None:
    facilitator = get_user_model().objects.get(email=FACILITATOR_EMAIL)
    sign_in_as(no_js_page, facilitator, story)
    no_js_page.goto(MAP)
    notice = no_js_page.get_by_text(tr("The map needs JavaScript.", LANG))
    expect(notice).to_be_visible()
    expect(no_js_page.locator("[data-network-map]")).to_be_hidden()
    assert GAP_SME in _table_names(no_js_page)
    no_js_page.get_by_role(
        "link", name=exactly("The table of organisations below shows the same network.", LANG)
    ).click()
    no_js_page.get_by_role("link", name=exactly("Organisation", LANG)).click()
    expect(no_js_page).to_have_url(re.compile(r"sort=name"))
    names = _table_names(no_js_page)
    assert names == sorted(names)
