"""The recommendation pages: drafting from workshop statements, moving and endorsing
through the pages (refusals keep what was typed), and the public chain statement ->
recommendation -> measure -> decision, browsable both ways."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from scaleup.dialogue.models import Statement
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Endorsement, Recommendation
from scaleup.policy.tests.factories import RecommendationFactory, in_state, measure_of
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _statement(world: World, **fields: object) -> Statement:
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    return StatementFactory.create(conversation=conversation, **fields)


def _form(world: World, **fields: str) -> dict[str, str]:
    return {
        "title_pl": "Wspólne stoiska klastrów",
        "title_en": "",
        "text_pl": "Finansować wspólne stoiska klastrów na targach.",
        "text_en": "",
        "rationale_pl": "",
        "rationale_en": "",
        "instrument": str(world.lubelskie.group.policy_instrument_id),
        "measure": "",
    } | fields


def test_a_statement_from_the_workshop_page_fills_the_draft(client: Client, world: World) -> None:
    statement = _statement(world, text="Brakuje jednego miejsca z informacją o wsparciu eksportu.")
    client.force_login(world.lubelskie.facilitator)
    workshop = client.get(url("workspace:workshop", slug=statement.conversation.slug))
    assert f'name="statement" value="{statement.pk}" form="draft-recommendation"' in (
        workshop.content.decode()
    )
    page = client.get(
        url("policy:recommendation_create", slug=world.lubelskie.group.slug),
        {"statement": statement.pk},
    )
    html = page.content.decode()
    assert re.search(rf'value="{statement.pk}"[^>]*checked', html)
    assert "Brakuje jednego miejsca z informacją o wsparciu eksportu.</textarea>" in html


def test_drafting_from_several_gap_statements_links_them_all(client: Client, world: World) -> None:
    gaps = [_statement(world, kind=Statement.Kind.GAP) for _ in range(3)]
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("policy:recommendation_create", slug=world.lubelskie.group.slug),
        _form(world) | {"statements": [str(gap.pk) for gap in gaps]},
    )
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/recommendations/{recommendation.pk}/"
    )
    assert set(recommendation.statements.all()) == set(gaps)


def test_an_oversize_draft_is_shown_again_with_the_text_kept(client: Client, world: World) -> None:
    client.force_login(world.lubelskie.facilitator)
    text = "Długi tekst " * 500
    response = client.post(
        url("policy:recommendation_create", "en", slug=world.lubelskie.group.slug),
        _form(world, text_pl=text),
    )
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    assert text.strip() in response.content.decode()
    assert not Recommendation.objects.exists()


def test_a_move_the_lifecycle_forbids_is_refused_on_the_page(client: Client, world: World) -> None:
    recommendation = RecommendationFactory.create(group=world.lubelskie.group)
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("policy:recommendation_move", pk=recommendation.pk),
        {"to_state": State.ACCEPTED, "comment": "Przyjęte od razu?"},
    )
    assert response.status_code == 400
    assert "Przyjęte od razu?" in response.content.decode()  # what was typed stays
    recommendation.refresh_from_db()
    assert recommendation.state == State.DRAFT


def test_submitting_without_a_measure_says_so(client: Client, world: World) -> None:
    recommendation = in_state(State.ENDORSED, group=world.lubelskie.group)
    Recommendation.objects.filter(pk=recommendation.pk).update(measure=None)
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("policy:recommendation_move", "en", pk=recommendation.pk),
        {"to_state": State.SUBMITTED},
    )
    assert response.status_code == 400
    assert "Choose the measure this recommendation targets" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.state == State.ENDORSED


def test_a_member_cannot_move_a_recommendation(client: Client, world: World) -> None:
    recommendation = RecommendationFactory.create(group=world.lubelskie.group)
    client.force_login(world.lubelskie.member)
    response = client.post(
        url("policy:recommendation_move", pk=recommendation.pk), {"to_state": State.DISCUSSED}
    )
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.state == State.DRAFT


def test_a_member_endorses_from_the_page(client: Client, world: World) -> None:
    recommendation = in_state(State.DISCUSSED, group=world.lubelskie.group)
    client.force_login(world.lubelskie.member)
    page_url = url("policy:recommendation", "en", pk=recommendation.pk)
    page = client.get(page_url).content.decode()
    assert "Endorse the recommendation" in page
    response = client.post(
        url("policy:recommendation_endorse", pk=recommendation.pk),
        {"membership": world.lubelskie.membership.pk},
    )
    assert response.status_code == 302
    assert Endorsement.objects.get().membership == world.lubelskie.membership
    page = client.get(page_url).content.decode()
    assert "Endorse the recommendation" not in page
    assert "Withdraw the endorsement of Klaster lubelskie" in page


def _public_chain(world: World) -> tuple[Recommendation, Statement]:
    """An accepted recommendation (its measure coded "<n>.7") citing one statement."""
    measure = measure_of(world.lubelskie.group.policy_instrument)
    recommendation = in_state(State.ACCEPTED, group=world.lubelskie.group, measure=measure)
    statement = _statement(world, text="Wspólne stoisko kosztowało mniej niż połowę własnego.")
    recommendation.supports.create(statement=statement)
    return recommendation, statement


def test_the_chain_goes_from_the_instrument_down_to_the_statement(
    client: Client, world: World
) -> None:
    recommendation, statement = _public_chain(world)
    instrument = client.get(url("accountability:instrument", pk=recommendation.instrument_id))
    html = instrument.content.decode()
    assert recommendation.measure is not None
    assert f'id="measure-{recommendation.measure.code.replace(".", "")}"' in html
    assert url("accountability:recommendation", pk=recommendation.pk) in html
    page = client.get(url("accountability:recommendation", pk=recommendation.pk)).content.decode()
    assert url("accountability:statement", pk=statement.pk) in page
    assert "accepted" in page or "przyjęta" in page


def test_the_chain_goes_from_the_statement_up_to_the_decision(client: Client, world: World) -> None:
    recommendation, statement = _public_chain(world)
    page = client.get(url("accountability:statement", pk=statement.pk)).content.decode()
    assert url("accountability:recommendation", pk=recommendation.pk) in page
    assert recommendation.measure is not None
    measure_link = (
        url("accountability:instrument", pk=recommendation.instrument_id)
        + f"#measure-{recommendation.measure.code.replace('.', '')}"
    )
    assert measure_link in page


def test_drafts_and_discussions_stay_off_the_public_pages(client: Client, world: World) -> None:
    hidden = [
        RecommendationFactory.create(group=world.lubelskie.group, title_pl="Szkic wewnętrzny"),
        in_state(State.DISCUSSED, group=world.lubelskie.group, title_pl="W dyskusji"),
    ]
    _public_chain(world)
    page = client.get(url("accountability:instrument", pk=hidden[0].instrument_id))
    assert "Szkic wewnętrzny" not in page.content.decode()
    assert "W dyskusji" not in page.content.decode()
    for recommendation in hidden:
        assert (
            client.get(url("accountability:recommendation", pk=recommendation.pk)).status_code
            == 404
        )


def test_a_statement_no_public_recommendation_cites_is_not_public(
    client: Client, world: World
) -> None:
    statement = _statement(world)
    RecommendationFactory.create(group=world.lubelskie.group).supports.create(statement=statement)
    assert client.get(url("accountability:statement", pk=statement.pk)).status_code == 404


def test_a_practices_page_links_the_public_recommendations_it_inspired(
    client: Client, world: World
) -> None:
    from scaleup.practices.tests.factories import GoodPracticeFactory

    practice = GoodPracticeFactory.create()
    public = in_state(State.ENDORSED, group=world.lubelskie.group, title_pl="Publiczna")
    draft = RecommendationFactory.create(group=world.lubelskie.group, title_pl="Szkic")
    for recommendation in (public, draft):
        recommendation.inspired_by.add(practice)
    page = client.get(url("practices:detail", slug=practice.slug)).content.decode()
    assert url("accountability:recommendation", pk=public.pk) in page
    assert "Szkic" not in page


def test_a_statement_rejected_after_it_was_cited_leaves_the_public_pages(
    client: Client, world: World
) -> None:
    recommendation, statement = _public_chain(world)
    Statement.objects.filter(pk=statement.pk).update(state=Statement.State.REJECTED)
    assert client.get(url("accountability:statement", pk=statement.pk)).status_code == 404
    page = client.get(url("accountability:recommendation", pk=recommendation.pk))
    assert statement.text not in page.content.decode()


def test_an_unpublished_practice_is_not_named_on_the_public_page(
    client: Client, world: World
) -> None:
    from scaleup.practices.tests.factories import GoodPracticeFactory

    recommendation, _statement = _public_chain(world)
    recommendation.inspired_by.add(
        GoodPracticeFactory.create(title="Praktyka w przygotowaniu", is_published=False),
        GoodPracticeFactory.create(title="Praktyka opublikowana"),
    )
    page = client.get(url("accountability:recommendation", pk=recommendation.pk)).content
    assert "Praktyka opublikowana" in page.decode()
    assert "Praktyka w przygotowaniu" not in page.decode()


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "x", "-1"])
def test_a_strange_statement_parameter_is_ignored(client: Client, world: World, value: str) -> None:
    client.force_login(world.lubelskie.facilitator)
    page = url("policy:recommendation_create", slug=world.lubelskie.group.slug)
    assert client.get(page, {"statement": value}).status_code == 200
