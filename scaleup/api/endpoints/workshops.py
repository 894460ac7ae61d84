"""Live workshops through the API: join with the code, read the statements, add one, vote.

A participant here is the token's account, as on the participant page when signed in; the
phones' own vote API (`/live/v1/`) stays the fast path for anonymous seats."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from scaleup.access.checks import has_permission
from scaleup.api import problems
from scaleup.api.auth import token_auth
from scaleup.api.choices import StatementKind, StatementState
from scaleup.api.pagination import Pages
from scaleup.api.problems import PRIVATE_READ_ERRORS, WRITE_ERRORS, Refusal
from scaleup.api.types import Id, SlugPath, Text
from scaleup.core.ratelimit import hit
from scaleup.dialogue import services
from scaleup.dialogue.models import Conversation, Participant, Statement, Vote

router = Router(tags=["workshops"])


class JoinIn(Schema):
    code: Text = Field(max_length=32, description="The join code the projector shows.")
    display_name: Text = Field("", max_length=80)


class ParticipantOut(Schema):
    id: int
    workshop: str = Field(alias="conversation.slug")
    question: str = Field(alias="conversation.question")
    is_open: bool = Field(alias="conversation.is_open")


class StatementOut(Schema):
    id: int
    text: str
    kind: StatementKind
    state: StatementState
    language: str
    is_seed: bool
    merged_into: int | None = Field(alias="merged_into_id")


class StatementIn(Schema):
    text: Text = Field(
        min_length=1,
        max_length=2000,
        description="At most 400 characters once runs of spaces are one space.",
    )
    kind: StatementKind = "insight"


class VoteIn(Schema):
    statement: Id
    vote: Literal[-1, 0, 1] = Field(description="1 agree, -1 disagree, 0 pass.")
    vote_id: uuid.UUID = Field(
        description="Made by the client for this vote: sent again, the vote counts once."
    )


class VoteOut(Schema):
    statement: int = Field(alias="statement_id")
    vote: int = Field(alias="value")
    vote_id: uuid.UUID = Field(alias="client_vote_id")
    updated_at: dt.datetime


class StatementFilter(FilterSchema):
    kind: StatementKind | None = None


def _conversation(slug: str) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("group"), slug=slug)


def _participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    user: Any = request.user
    return Participant.objects.filter(conversation=conversation, user=user).first()


def _not_participant() -> Any:
    return problems.problem(
        403,
        "not-a-participant",
        _("Not a participant"),
        _("Join the workshop with its code first."),
    )


@router.post(
    "/join",
    response={200: ParticipantOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="workshop_join",
    summary="Join a workshop with its code",
)
def workshop_join(request: HttpRequest, payload: JoinIn) -> Any:
    wait = hit("workshop_join", request)
    if wait is not None:
        return problems.too_many_requests(wait)
    participant = services.join_conversation(
        code=payload.code, user=request.user, display_name=payload.display_name
    )
    return Participant.objects.select_related("conversation").get(pk=participant.pk)


@router.get(
    "/{slug}/statements",
    response={200: list[StatementOut], **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="statement_list",
    summary="List a workshop's statements",
    description="Participants see the accepted statements; the workshop's staff all of them.",
)
@paginate(Pages)
def statement_list(
    request: HttpRequest, slug: SlugPath, filters: Query[StatementFilter]
) -> QuerySet[Statement]:
    conversation = _conversation(slug)
    statements = Statement.objects.filter(conversation=conversation).order_by("id")
    if has_permission(request.user, "conversation:manage", conversation):
        return filters.filter(statements)
    if _participant(request, conversation) is None:
        if has_permission(request.user, "conversation:manage"):
            # Staff of another region: its workshop is not confirmed to exist.
            raise Refusal(problems.not_found())
        raise Refusal(_not_participant())
    return filters.filter(statements.filter(state=Statement.State.ACCEPTED))


@router.post(
    "/{slug}/statements",
    response={201: StatementOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="statement_create",
    summary="Add a statement",
    description="Under pre-moderation it waits for the moderators. Its author agrees with it.",
)
def statement_create(request: HttpRequest, slug: SlugPath, payload: StatementIn) -> Any:
    conversation = _conversation(slug)
    participant = _participant(request, conversation)
    if participant is None:
        return _not_participant()
    statement = services.post_statement(
        participant=participant,
        text=payload.text,
        kind=payload.kind,
        language=get_language() or "",
    )
    return Status(201, statement)


@router.post(
    "/{slug}/votes",
    response={201: VoteOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="vote_create",
    summary="Vote on a statement",
    description="Voting again on the same statement changes the vote.",
)
def vote_create(request: HttpRequest, slug: SlugPath, payload: VoteIn) -> Any:
    conversation = _conversation(slug)
    participant = _participant(request, conversation)
    if participant is None:
        return _not_participant()
    try:
        vote: Vote = services.cast_vote(
            participant=participant,
            statement=payload.statement,
            value=payload.vote,
            client_vote_id=payload.vote_id,
        )
    except ValidationError as error:
        status = VOTE_REFUSALS.get(getattr(error, "code", None) or "", 422)
        return problems.problem(
            status, "vote-refused", _("The vote was not recorded."), " ".join(error.messages)
        )
    return Status(201, vote)


#: The vote service's refusals: a statement that is not there, or not open for votes.
VOTE_REFUSALS = {
    "unknown_statement": 404,
    "closed": 409,
    "statement_not_votable": 409,
    "vote_id_reused": 409,
}
