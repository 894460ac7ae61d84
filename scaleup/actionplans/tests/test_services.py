"""Action plans: the partner's own instrument, actions numbered in order and linked only
to what the partner may link, dates and costs that make sense; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from scaleup.actionplans import services
from scaleup.actionplans.models import Action, ActionPlan, MonitoringNote
from scaleup.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from scaleup.core.models import AuditEntry
from scaleup.policy.tests.factories import RecommendationFactory
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.projects.tests.factories import PolicyInstrumentFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _action(plan: ActionPlan, **fields: object) -> Action:
    values: dict[str, object] = {
        "plan": plan,
        "title_pl": "Wspólne stoiska",
        "background_pl": "Warsztat.",
        "description_pl": "Zmienić kryteria.",
        "players_pl": "Urząd.",
        "starts_on": dt.date(2021, 1, 1),
        "ends_on": dt.date(2022, 1, 1),
    }
    return Action(**(values | fields))


def test_a_plan_for_another_instrument_is_refused(world: World) -> None:
    plan = ActionPlanFactory.build(
        partner=world.lubelskie.partner, instrument=PolicyInstrumentFactory.create()
    )
    with pytest.raises(ValidationError) as refused:
        services.save_plan(plan=plan, actor=world.lubelskie.facilitator)
    assert "instrument" in refused.value.message_dict
    assert not ActionPlan.objects.exists()


def test_the_successor_instrument_may_be_addressed(world: World) -> None:
    successor = PolicyInstrumentFactory.create(
        predecessor=world.lubelskie.partner.policy_instrument
    )
    plan = ActionPlanFactory.build(partner=world.lubelskie.partner, instrument=successor)
    assert services.save_plan(plan=plan, actor=None).pk is not None


def test_one_plan_per_partner_and_instrument(world: World) -> None:
    ActionPlanFactory.create(partner=world.lubelskie.partner)
    with pytest.raises(ValidationError):
        services.save_plan(
            plan=ActionPlanFactory.build(partner=world.lubelskie.partner), actor=None
        )


def test_another_regions_staff_cannot_change_the_plan(world: World) -> None:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    with pytest.raises(PermissionDenied):
        services.save_action(action=_action(plan), actor=world.attica.facilitator)


def test_actions_are_numbered_after_the_last(world: World) -> None:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    ActionFactory.create(plan=plan, position=4)
    action = services.save_action(action=_action(plan), actor=world.lubelskie.facilitator)
    assert action.position == 5
    assert AuditEntry.objects.filter(action="actionplans.action.created").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": dt.date(2020, 1, 1)}, "__all__"),
        ({"cost_eur": Decimal("-1")}, "__all__"),
        ({"description_pl": "x" * 4001}, "description_pl"),
        ({"players_pl": ""}, "players_pl"),
    ],
)
def test_an_action_that_makes_no_sense_is_refused(
    world: World, fields: dict[str, object], field: str
) -> None:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    with pytest.raises(ValidationError) as refused:
        services.save_action(action=_action(plan, **fields), actor=None)
    assert field in refused.value.message_dict
    assert not Action.objects.exists()


def test_the_database_refuses_an_action_ending_before_it_starts(world: World) -> None:
    action = ActionFactory.create(plan=ActionPlanFactory.create(partner=world.lubelskie.partner))
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(ends_on=dt.date(2000, 1, 1))


def test_links_stay_within_the_partners_own_work(world: World) -> None:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    foreign_recommendation = RecommendationFactory.create(group=world.attica.group)
    foreign_draft = GoodPracticeFactory.create(partner=world.attica.partner, is_published=False)
    with pytest.raises(ValidationError) as refused:
        services.save_action(
            action=_action(plan),
            actor=None,
            recommendations=[foreign_recommendation],
            practices=[foreign_draft],
        )
    assert {"recommendations", "practices"} <= set(refused.value.message_dict)
    own = RecommendationFactory.create(group=world.lubelskie.group)
    action = services.save_action(action=_action(plan), actor=None, recommendations=[own])
    assert list(action.recommendations.all()) == [own]


def test_a_monitoring_note_needs_a_known_phase(world: World) -> None:
    action = ActionFactory.create(plan=ActionPlanFactory.create(partner=world.lubelskie.partner))
    note = MonitoringNote(
        action=action, phase="phase 3", noted_on=dt.date(2022, 1, 1), progress="done", text="x"
    )
    with pytest.raises(ValidationError) as refused:
        services.add_note(note=note, actor=None)
    assert "phase" in refused.value.message_dict
    assert not MonitoringNote.objects.exists()


def test_the_plan_page_runs_the_same_queries_for_more_actions(world: World) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from scaleup.testing.urls import url

    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    practice = GoodPracticeFactory.create()
    recommendation = RecommendationFactory.create(group=world.lubelskie.group)

    def grow(count: int) -> None:
        for _ in range(count):
            action = ActionFactory.create(plan=plan)
            action.practices.add(practice)
            action.recommendations.add(recommendation)
            MonitoringNote.objects.create(
                action=action, phase="core", noted_on="2022-01-01", progress="done", text="x"
            )

    client = Client()
    client.force_login(world.lubelskie.facilitator)
    page = url("actionplans:plan", pk=plan.pk)
    grow(2)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    grow(15)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_deleting_an_action_renumbers_the_rest(world: World) -> None:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    first, second, third = (ActionFactory.create(plan=plan, position=n) for n in (1, 2, 3))
    services.delete_action(action=second, actor=None)
    assert list(plan.actions.order_by("position").values_list("pk", "position")) == [
        (first.pk, 1),
        (third.pk, 2),
    ]


def test_a_plans_partner_cannot_be_changed_on_the_edit_form(world: World) -> None:
    from scaleup.actionplans.forms import PlanForm
    from scaleup.projects.models import Partner, PolicyInstrument

    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    data = {
        "partner": str(world.attica.partner.pk),
        "instrument": str(plan.instrument_id),
        "instrument_type": "growth_jobs",
        "nuts2_region": "x",
        "contact_name": "x",
        "contact_email": "x@example.org",
        "policy_context_pl": "x",
    }
    form = PlanForm(
        data,
        instance=plan,
        partners=Partner.objects.all(),
        instruments=PolicyInstrument.objects.all(),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["partner"] == world.lubelskie.partner


def test_a_plan_saved_twice_at_once_is_a_message_not_an_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of two simultaneous saves passes validation, then meets the constraint."""
    ActionPlanFactory.create(partner=world.lubelskie.partner)
    monkeypatch.setattr(ActionPlan, "full_clean", lambda self, **kwargs: None)
    with pytest.raises(ValidationError) as refused:
        services.save_plan(
            plan=ActionPlanFactory.build(partner=world.lubelskie.partner), actor=None
        )
    assert "instrument" in refused.value.message_dict
