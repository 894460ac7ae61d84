"""The REST API's rows: the same decisions as the pages, seen by an API client (each role
calls with its own token; anonymous calls with none and gets 401 where a page would send
them to sign in). The tokens page is one's own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from scaleup.access.tests.matrix import (
    LOGIN,
    REDIRECT,
    Expected,
    Row,
    everyone,
    signed_in,
    staff,
    through_api,
)
from scaleup.api import services
from scaleup.dialogue.models import Participant
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.indicators.selectors import project_semesters
from scaleup.jobs.tests.permissions import _job
from scaleup.network.tests.factories import TieFactory
from scaleup.policy.tests.factories import RecommendationFactory
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.world import ROLES, World

SIGNED_IN: Expected = through_api(signed_in(201))
NOT_THERE_FOR_OUTSIDERS: Expected = {
    **everyone(404),
    "facilitator": 200,
    "coordinator": 200,
    "site_admin": 200,
}


def _own_token(world: World) -> dict[str, Any]:
    token, _key = services.create_token(
        user=world.lubelskie.facilitator, name="report script", valid_for_days=30, actor=None
    )
    return {"token_id": token.pk}


def _meeting(world: World) -> dict[str, Any]:
    return {"meeting_id": world.lubelskie.meeting.pk}


def _registration(world: World) -> dict[str, Any]:
    return {
        "meeting_id": world.lubelskie.meeting.pk,
        "registration_id": world.lubelskie.registration.pk,
    }


def _new_meeting(world: World) -> dict[str, Any]:
    starts = timezone.now() + dt.timedelta(days=20)
    return {
        "group": world.lubelskie.group.pk,
        "slug": "matrix-api-meeting",
        "title_pl": "Spotkanie z API",
        "theme_pl": "Eksport MŚP",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "venue_pl": "Lublin",
        "capacity": 20,
    }


def _registration_body(world: World) -> dict[str, Any]:
    return {
        "full_name": "Jan Kowalski",
        "email": "jan.kowalski.api@example.org",
        "organisation_name": "Lubelski Klaster Ekoenergetyczny",
        "organisation_kind": "cluster",
        "consent": True,
    }


def owner_only(outcome: Any) -> Expected:
    return {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "facilitator": outcome}


def _group(world: World) -> dict[str, Any]:
    return {"group_id": world.lubelskie.group.pk}


def _new_tie(world: World) -> dict[str, Any]:
    first, second = OrganisationFactory.create_batch(2, in_open_data=True)
    return {"source": first.pk, "target": second.pk, "kind": "informal"}


def _tie(world: World) -> dict[str, Any]:
    first, second = sorted(OrganisationFactory.create_batch(2), key=lambda o: o.pk)
    tie = TieFactory.create(group=world.lubelskie.group, source=first, target=second)
    return {"group_id": world.lubelskie.group.pk, "tie_id": tie.pk}


def _workshop_with_member(world: World) -> dict[str, Any]:
    """A Lubelskie workshop the Lubelskie member has joined."""
    conversation = ConversationFactory.create(group=world.lubelskie.group)
    Participant.objects.create(conversation=conversation, user=world.lubelskie.member)
    return {"slug": conversation.slug}


def _vote(world: World) -> dict[str, Any]:
    conversation = Participant.objects.get(user=world.lubelskie.member).conversation
    statement = StatementFactory.create(conversation=conversation)
    return {"statement": statement.pk, "vote": 1, "vote_id": "6b0f1c9e-3d0a-4a8e-9a57-0d2b4f3c1e11"}


def _latest_semester(world: World) -> int:
    return project_semesters(world.project)[-1].number


PARTICIPANT_ONLY: Expected = {**dict.fromkeys(ROLES, 403), "anonymous": 401, "member": 201}


ROWS = [
    Row(
        "api_tokens:list",
        get=signed_in(200),
        post=signed_in(REDIRECT),
        data=lambda w: {"name": "matrix", "valid_for_days": "30"},
        notes="one's own tokens; the new key is shown after the redirect",
    ),
    Row("api_tokens:revoke", get=signed_in(405), post=owner_only(REDIRECT), kwargs=_own_token),
    Row("api:api-root", get=everyone(404), api=True, notes="the resources are below it"),
    Row("api:openapi-json", get=everyone(200), api=True),
    Row("api:openapi-view", get=everyone(200), api=True),
    Row("api:meeting_list", get=everyone(200), api=True, notes="drafts only for their staff"),
    Row("api:meeting_detail", get=everyone(200), kwargs=_meeting, api=True),
    Row(
        "api:meeting_detail",
        get=NOT_THERE_FOR_OUTSIDERS,
        kwargs=lambda w: {"meeting_id": w.lubelskie.draft_meeting.pk},
        variant="draft",
        api=True,
    ),
    Row(
        "api:meeting_create",
        post=through_api(staff(201, other_region=422)),
        data=_new_meeting,
        api=True,
        notes="another region's group is not among the choices",
    ),
    Row(
        "api:meeting_update",
        patch=through_api(staff(200)),
        kwargs=_meeting,
        data=lambda w: {"capacity": 55},
        api=True,
    ),
    Row("api:registration_list", get=through_api(staff(200)), kwargs=_meeting, api=True),
    Row(
        "api:registration_detail",
        get=through_api(staff(200)),
        kwargs=_registration,
        api=True,
        notes="one's own too (tests/test_meetings.py)",
    ),
    Row(
        "api:registration_create",
        post=SIGNED_IN,
        kwargs=_meeting,
        data=_registration_body,
        api=True,
    ),
    Row(
        "api:registration_attendance",
        patch=through_api(staff(200)),
        kwargs=_registration,
        data=lambda w: {"attended": False},
        api=True,
    ),
    Row(
        "api:registration_cancel",
        delete=through_api(staff(204)),
        kwargs=_registration,
        api=True,
        notes="one's own registration too (tests/test_meetings.py)",
    ),
    Row("api:organisation_list", get=everyone(200), api=True, notes="the listed ones for all"),
    Row(
        "api:organisation_detail",
        get=NOT_THERE_FOR_OUTSIDERS,
        kwargs=lambda w: {"organisation_id": w.lubelskie.organisation.pk},
        api=True,
        notes="a member not listed in the open data",
    ),
    Row(
        "api:organisation_create",
        post=through_api(staff(201, other_region=201)),
        data=lambda w: {"name": "Matrix Science Park", "kind": "business_support"},
        api=True,
        notes="organisations are shared by the regions",
    ),
    Row(
        "api:organisation_update",
        patch=through_api(staff(200)),
        kwargs=lambda w: {"organisation_id": w.lubelskie.organisation.pk},
        data=lambda w: {"city": "Zamość"},
        api=True,
    ),
    Row("api:tie_list", get=through_api(staff(200)), kwargs=_group, api=True),
    Row("api:tie_detail", get=through_api(staff(200)), kwargs=_tie, api=True),
    Row("api:tie_create", post=through_api(staff(201)), kwargs=_group, data=_new_tie, api=True),
    Row(
        "api:tie_update",
        patch=through_api(staff(200)),
        kwargs=_tie,
        data=lambda w: {"weight": 2.5},
        api=True,
    ),
    Row("api:tie_delete", delete=through_api(staff(204)), kwargs=_tie, api=True),
    Row(
        "api:workshop_join",
        post=through_api(signed_in(200)),
        data=lambda w: {"code": ConversationFactory.create(group=w.lubelskie.group).join_code},
        api=True,
    ),
    Row(
        "api:statement_list",
        get={
            **PARTICIPANT_ONLY,
            "other_facilitator": 404,
            "member": 200,
            "facilitator": 200,
            "coordinator": 200,
            "site_admin": 200,
        },
        kwargs=_workshop_with_member,
        api=True,
        notes="participants and the workshop's staff; others are not participants (403), "
        "another region's staff are not told it exists (404)",
    ),
    Row(
        "api:statement_create",
        post=PARTICIPANT_ONLY,
        kwargs=_workshop_with_member,
        data=lambda w: {"text": "Export advisers in every cluster."},
        api=True,
    ),
    Row(
        "api:vote_create",
        post=PARTICIPANT_ONLY,
        kwargs=_workshop_with_member,
        data=_vote,
        api=True,
    ),
    Row(
        "api:indicator_values",
        get=through_api(staff(200, other_region=200)),
        api=True,
        notes="each sees their own partners' values",
    ),
    Row(
        "api:semester_report",
        post=through_api({**staff(202, other_region=422)}),
        data=lambda w: {"partner": w.lubelskie.partner.pk, "semester": _latest_semester(w)},
        api=True,
        notes="another partner is not among the choices",
    ),
    Row("api:job_detail", get=through_api(owner_only(200)), kwargs=_job, api=True),
    Row("api:job_file", get=through_api(owner_only(200)), kwargs=_job, api=True),
    Row("api:recommendation_list", get=everyone(200), api=True, notes="the public ones"),
    Row(
        "api:recommendation_detail",
        get=everyone(404),
        kwargs=lambda w: {
            "recommendation_id": RecommendationFactory.create(group=w.lubelskie.group).pk
        },
        api=True,
        notes="a draft is not public, for anyone (staff read it on the pages)",
    ),
    Row("api:practice_list", get=everyone(200), api=True),
    Row(
        "api:practice_detail",
        get=everyone(200),
        kwargs=lambda w: {
            "practice_id": GoodPracticeFactory.create(partner=w.lubelskie.partner).pk
        },
        api=True,
    ),
]
