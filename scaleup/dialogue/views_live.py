"""The phones' vote API served by Django, through `services.cast_vote`: the contract of
`live_api` (see its docstring) for databases other than PostgreSQL, where that ASGI app is
not mounted. Both servers answer alike (`live_contract`); the same tests run them."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from scaleup.dialogue import services
from scaleup.dialogue.live_contract import (
    MAX_BODY_BYTES,
    Problem,
    VoteRequest,
    is_cross_site,
    parse_vote,
    problem_body,
    seat_hashes,
)
from scaleup.dialogue.models import Participant, Statement, Vote
from scaleup.dialogue.selectors import next_statement_for

#: `services.cast_vote`'s refusals, by code.
REFUSALS = {
    "unknown_statement": Problem.unknown_statement,
    "closed": Problem.closed,
    "statement_not_votable": Problem.not_votable,
    "vote_id_reused": Problem.vote_id_reused,
}


def _problem(problem: Problem) -> JsonResponse:
    response = JsonResponse(
        problem_body(problem),
        status=problem.status,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )
    if problem.allow:
        response["Allow"] = problem.allow
    response["Cache-Control"] = "no-store"
    return response


def _ok(body: dict[str, Any], status: int = HTTPStatus.OK) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _participant(request: HttpRequest, slug: str) -> Participant | None:
    hashes = seat_hashes(request.COOKIES, request.headers.get("Authorization", ""))
    if not hashes:
        return None
    return (
        Participant.objects.select_related("conversation")
        .filter(seat_token_hash__in=hashes, conversation__slug=slug)
        .first()
    )


def _progress_and_next(participant: Participant) -> dict[str, Any]:
    conversation = participant.conversation
    accepted = Statement.objects.filter(
        conversation_id=conversation.pk, state=Statement.State.ACCEPTED
    )
    statement = next_statement_for(participant) if conversation.is_open else None
    return {
        "statement": (
            {
                "id": statement.pk,
                "text": statement.text,
                "kind": statement.kind,
                "language": statement.language,
            }
            if statement is not None
            else None
        ),
        "progress": {
            "voted": Vote.objects.filter(participant=participant, statement__in=accepted).count(),
            "total": accepted.count(),
        },
    }


def next_statement(request: HttpRequest, slug: str) -> JsonResponse:
    if request.method not in {"GET", "HEAD"}:
        return _problem(Problem.method_not_allowed("GET"))
    participant = _participant(request, slug)
    if participant is None:
        return _problem(Problem.no_seat())
    return _ok({"open": participant.conversation.is_open, **_progress_and_next(participant)})


# Not a form: a JSON body cannot be sent cross-site without a preflight, which is never
# answered, and `is_cross_site` turns away what a browser says comes from elsewhere.
@csrf_exempt
def vote(request: HttpRequest, slug: str) -> JsonResponse:
    if request.method != "POST":
        return _problem(Problem.method_not_allowed("POST"))
    if is_cross_site(
        fetch_site=request.headers.get("Sec-Fetch-Site"),
        origin=request.headers.get("Origin"),
        host=request.get_host(),
    ):
        return _problem(Problem.cross_site())
    participant = _participant(request, slug)
    if participant is None:
        return _problem(Problem.no_seat())
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        return _problem(Problem.too_large())
    parsed = parse_vote(request.body, request.content_type or "")
    if isinstance(parsed, Problem):
        return _problem(parsed)
    return _cast(participant, parsed)


def _cast(participant: Participant, parsed: VoteRequest) -> JsonResponse:
    recorded_before = participant.conversation.statements.filter(
        vote_events__participant=participant, vote_events__client_vote_id=parsed.vote_id
    ).exists()
    try:
        services.cast_vote(
            participant=participant,
            statement=parsed.statement,
            value=parsed.value,
            client_vote_id=parsed.vote_id,
        )
    except ValidationError as refusal:
        return _problem(REFUSALS[getattr(refusal, "code", "") or "unknown_statement"]())
    body = {
        "vote": {
            "statement": parsed.statement,
            "value": parsed.value,
            "vote_id": str(parsed.vote_id),
        },
        "replayed": recorded_before,
        **_progress_and_next(participant),
    }
    return _ok(body, HTTPStatus.OK if recorded_before else HTTPStatus.CREATED)
