"""The recommendation pages: members of the group and the staff of its region read
(`recommendation:view`); members endorse (`recommendation:endorse`); staff draft, edit and
move (`recommendation:manage`). Another region's people get 404, outsiders 403, anonymous
visitors are sent to sign in. The public accountability pages are open to everyone; a draft
is not public (404 for everyone there).
"""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import (
    LOGIN,
    REDIRECT,
    Expected,
    Row,
    everyone,
    group_members,
    staff,
)
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.policy.lifecycle import State
from scaleup.policy.tests.factories import RecommendationFactory, in_state
from scaleup.testing.world import World


def _group(world: World) -> dict[str, Any]:
    return {"slug": world.lubelskie.group.slug}


def _draft(world: World) -> dict[str, Any]:
    return {"pk": RecommendationFactory.create(group=world.lubelskie.group).pk}


def _discussed(world: World) -> dict[str, Any]:
    return {"pk": in_state(State.DISCUSSED, group=world.lubelskie.group).pk}


def _submitted(world: World) -> Any:
    recommendation = in_state(State.SUBMITTED, group=world.lubelskie.group)
    statement = StatementFactory.create(
        conversation=ConversationFactory.create(group=world.lubelskie.group)
    )
    recommendation.supports.create(statement=statement)
    return recommendation


def _new_draft(world: World) -> dict[str, Any]:
    return {
        "title_pl": "Wspólne stoiska klastrów",
        "title_en": "",
        "text_pl": "Finansować wspólne stoiska klastrów na targach zagranicznych.",
        "text_en": "",
        "rationale_pl": "",
        "rationale_en": "",
        "instrument": str(world.lubelskie.group.policy_instrument_id),
        "measure": "",
    }


def _move_to_discussion(world: World) -> dict[str, Any]:
    return {"to_state": State.DISCUSSED, "comment": "", "endorsement_deadline": ""}


def _endorsement(world: World) -> dict[str, Any]:
    return {"membership": str(world.lubelskie.membership.pk)}


# Only a contact person of a member organisation endorses. Staff hold the permission (it
# comes with the member's), but speak for no member organisation: 403 (405 for a GET, which
# the view refuses first); another region's staff get 404.
ENDORSE_POST: Expected = {
    "anonymous": LOGIN,
    "outsider": 403,
    "member": REDIRECT,
    "other_member": 404,
    "facilitator": 403,
    "other_facilitator": 404,
    "coordinator": 403,
    "site_admin": 403,
}
ENDORSE_GET: Expected = {**ENDORSE_POST} | dict.fromkeys(
    ["member", "facilitator", "coordinator", "site_admin"], 405
)
INDEX = {**group_members(REDIRECT), "other_member": REDIRECT, "other_facilitator": REDIRECT}
INDEX |= {"coordinator": 200, "site_admin": 200}

ROWS = [
    Row("policy:index", get=INDEX),
    Row("policy:recommendations", get=group_members(200), kwargs=_group),
    Row("policy:recommendations_export_xlsx", get=group_members(200), kwargs=_group),
    Row(
        "policy:recommendation_create",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_group,
        data=_new_draft,
    ),
    Row("policy:recommendation", get=group_members(200), kwargs=_draft),
    Row(
        "policy:recommendation_edit",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_draft,
        data=lambda world: _new_draft(world) | {"title_pl": "Nowy tytuł"},
    ),
    Row(
        "policy:recommendation_move",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=_draft,
        data=_move_to_discussion,
    ),
    Row(
        "policy:recommendation_endorse",
        get=ENDORSE_GET,
        post=ENDORSE_POST,
        kwargs=_discussed,
        data=_endorsement,
    ),
    Row(
        "policy:recommendation_withdraw",
        get=ENDORSE_GET,
        post=ENDORSE_POST,
        kwargs=_discussed,
        data=_endorsement,
        notes="nothing to withdraw: back to the page with a message",
    ),
    Row("accountability:instruments", get=everyone(200)),
    Row(
        "accountability:instrument",
        get=everyone(200),
        kwargs=lambda world: {"pk": _submitted(world).instrument_id},
    ),
    Row(
        "accountability:recommendation",
        get=everyone(200),
        kwargs=lambda world: {"pk": _submitted(world).pk},
    ),
    Row(
        "accountability:recommendation",
        get=everyone(404),
        kwargs=_draft,
        variant="draft",
    ),
    Row(
        "accountability:statement",
        get=everyone(200),
        kwargs=lambda world: {"pk": _submitted(world).supports.get().statement_id},
    ),
]
