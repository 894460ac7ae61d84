"""Action plans: the partner's staff (Lubelskie's facilitator, the coordinator, the site
administrator) read, change and export them (`actionplan:manage`); another region's
facilitator gets 404 for Lubelskie's plan; members and outsiders 403; anonymous visitors
sign in."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Expected, Row, staff
from scaleup.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from scaleup.testing.world import World


def _plan(world: World) -> dict[str, Any]:
    return {"pk": ActionPlanFactory.create(partner=world.lubelskie.partner).pk}


def _action(world: World) -> dict[str, Any]:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    return {"pk": ActionFactory.create(plan=plan).pk}


def _plan_form(world: World) -> dict[str, Any]:
    return {
        "partner": str(world.lubelskie.partner.pk),
        "instrument": str(world.lubelskie.partner.policy_instrument_id),
        "instrument_type": "growth_jobs",
        "other_partners": "",
        "nuts2_region": "Lubelskie (PL81)",
        "contact_name": "Anna Koordynatorka",
        "contact_email": "plan@example.org",
        "contact_phone": "",
        "policy_context_pl": "Oś 3.",
        "policy_context_en": "",
    }


def _action_form(world: World) -> dict[str, Any]:
    return {
        "title_pl": "Wspólne stoiska",
        "background_pl": "Warsztat grupy.",
        "description_pl": "Zmienić kryteria.",
        "players_pl": "Urząd.",
        "starts_on": "2021-01-01",
        "ends_on": "2022-12-31",
    }


#: Attica's facilitator starts plans for Attica: the form opens; a Lubelskie partner is
#: not among its choices, so the post shows the form again (200).
CREATE: Expected = staff(REDIRECT) | {"other_facilitator": 200}

ROWS = [
    Row("actionplans:index", get=staff(200, other_region=200)),
    Row("actionplans:index_export_xlsx", get=staff(200, other_region=200)),
    Row(
        "actionplans:plan_create",
        get=staff(200, other_region=200),
        post=CREATE,
        data=_plan_form,
    ),
    Row("actionplans:plan", get=staff(200), kwargs=_plan),
    Row(
        "actionplans:plan_edit", get=staff(200), post=staff(REDIRECT), kwargs=_plan, data=_plan_form
    ),
    Row(
        "actionplans:action_create",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_plan,
        data=_action_form,
    ),
    Row(
        "actionplans:action_edit",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_action,
        data=_action_form,
    ),
    Row("actionplans:action_delete", get=staff(405), post=staff(REDIRECT), kwargs=_action),
    Row(
        "actionplans:note_add",
        get=staff(405),
        post=staff(400),
        kwargs=_action,
        notes="an empty note: the plan's page again with the errors",
    ),
    Row(
        "actionplans:export",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=lambda world: _plan(world) | {"file_format": "docx"},
        data=lambda world: {"lang": "en"},
        notes="queues the document as the person's job, then to the job's page",
    ),
    Row(
        "actionplans:export",
        post=staff(REDIRECT),
        kwargs=lambda world: _plan(world) | {"file_format": "pdf"},
        data=lambda world: {"lang": "pl"},
        variant="pdf",
    ),
]
