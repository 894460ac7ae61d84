"""The phones' vote API: one contract, two servers. Every test runs against Django's
`views_live` (through the service) and, on PostgreSQL, against the ASGI `live_api` (one
SQL statement), so the fast path cannot drift from the rules the pages follow."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client

from scaleup.dialogue import live_api
from scaleup.dialogue.models import (
    OpinionSnapshot,
    Participant,
    RecomputeState,
    Statement,
    Vote,
    VoteEvent,
    hash_seat_token,
)
from scaleup.dialogue.selectors import next_statement_for
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRES = connection.vendor == "postgresql"


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    content_type: str


async def _asgi_request(
    method: str, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """One request to the ASGI vote API, in the running event loop."""
    sent: list[MutableMapping[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    await live_api.application(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    response_headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], response_headers, payload


def _vote_request(slug: str, seat: Seat, body: dict[str, Any]) -> Any:
    return _asgi_request(
        "POST",
        f"/live/v1/conversations/{slug}/votes",
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {seat.token}"},
    )


async def _then_close(*requests: Any) -> list[Any]:
    """Run the requests together, then let the batches finish and close the pool."""
    try:
        return list(await asyncio.gather(*requests))
    finally:
        await live_api.writers.drain()
        await live_api.pools.close()


def _asgi_call(
    method: str, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    result: tuple[int, dict[str, str], bytes] = asyncio.run(
        _then_close(_asgi_request(method, path, body, headers))
    )[0]
    return result


class Server:
    """Calls one of the two servers with the same requests."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str = "",
        body: Any = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Answer:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        if self.kind == "asgi":
            headers.setdefault("Host", "testserver")
            if method == "POST":
                headers["Content-Type"] = content_type
            status, response_headers, payload = _asgi_call(method, path, data, headers)
            content = response_headers.get("content-type", "")
        else:
            client = Client(headers=headers)
            if method == "POST":
                response = client.post(path, data=data, content_type=content_type, secure=True)
            else:
                response = client.generic(method, path, secure=True)
            status, payload, content = (
                response.status_code,
                response.content,
                response["Content-Type"],
            )
        return Answer(status, json.loads(payload) if payload else {}, content)

    def next(self, slug: str, token: str, **kwargs: Any) -> Answer:
        return self.request("GET", f"/live/v1/conversations/{slug}/next", token=token, **kwargs)

    def vote(self, slug: str, token: str, body: Any, **kwargs: Any) -> Answer:
        return self.request(
            "POST", f"/live/v1/conversations/{slug}/votes", token=token, body=body, **kwargs
        )


@pytest.fixture(
    params=[
        "django",
        pytest.param(
            "asgi",
            marks=pytest.mark.skipif(
                not ON_POSTGRES, reason="the ASGI vote API runs on PostgreSQL only"
            ),
        ),
    ]
)
def server(request: pytest.FixtureRequest, settings: Any) -> Server:
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = False
    # The vote API's copy of the statements is read afresh for every request here.
    settings.LIVE_API_STATEMENTS_SECONDS = 0
    return Server(request.param)


@dataclass
class Seat:
    participant: Participant
    token: str
    slug: str
    statements: list[Statement]


def _seat(conversation: Any = None, statements: int = 3) -> Seat:
    conversation = conversation or ConversationFactory.create()
    token = uuid.uuid4().hex
    participant = ParticipantFactory.create(
        conversation=conversation, seat_token_hash=hash_seat_token(token)
    )
    made = [StatementFactory.create(conversation=conversation) for _ in range(statements)]
    return Seat(participant, token, conversation.slug, made)


@pytest.fixture
def seat() -> Seat:
    return _seat()


def _vote_body(
    statement: Statement, value: int = 1, vote_id: uuid.UUID | None = None
) -> dict[str, Any]:
    return {"statement": statement.pk, "value": value, "vote_id": str(vote_id or uuid.uuid4())}


def test_next_gives_an_unvoted_statement_and_the_progress(server: Server, seat: Seat) -> None:
    Vote.objects.create(participant=seat.participant, statement=seat.statements[0], value=1)

    answer = server.next(seat.slug, seat.token)

    assert answer.status == 200
    assert answer.body["statement"]["id"] in {s.pk for s in seat.statements[1:]}
    assert answer.body["progress"] == {"voted": 1, "total": 3}
    assert answer.body["open"] is True


def test_the_next_statement_carries_what_the_page_shows(server: Server, seat: Seat) -> None:
    Statement.objects.filter(pk__in=[s.pk for s in seat.statements]).update(language="en")
    Vote.objects.create(participant=seat.participant, statement=seat.statements[0], value=1)
    Vote.objects.create(participant=seat.participant, statement=seat.statements[1], value=1)

    statement = server.next(seat.slug, seat.token).body["statement"]

    expected = Statement.objects.get(pk=seat.statements[2].pk)
    assert statement == {
        "id": expected.pk,
        "text": expected.text,
        "kind": expected.kind,
        "language": "en",
    }


def test_a_vote_is_recorded_once_and_answers_with_the_next_statement(
    server: Server, seat: Seat
) -> None:
    answer = server.vote(seat.slug, seat.token, _vote_body(seat.statements[0], -1))

    assert answer.status == 201
    assert answer.body["replayed"] is False
    assert answer.body["statement"]["id"] != seat.statements[0].pk
    assert answer.body["progress"] == {"voted": 1, "total": 3}
    vote = Vote.objects.get(participant=seat.participant)
    assert (vote.statement_id, vote.value) == (seat.statements[0].pk, -1)


def test_a_retried_vote_id_records_nothing_more(server: Server, seat: Seat) -> None:
    body = _vote_body(seat.statements[0])
    server.vote(seat.slug, seat.token, body)

    again = server.vote(seat.slug, seat.token, body)

    assert again.status == 200
    assert again.body["replayed"] is True
    assert VoteEvent.objects.filter(participant=seat.participant).count() == 1


def test_a_new_vote_on_the_same_statement_replaces_the_first(server: Server, seat: Seat) -> None:
    server.vote(seat.slug, seat.token, _vote_body(seat.statements[0], 1))

    server.vote(seat.slug, seat.token, _vote_body(seat.statements[0], 0))

    assert list(
        Vote.objects.filter(participant=seat.participant).values_list("value", flat=True)
    ) == [0]
    assert VoteEvent.objects.filter(participant=seat.participant).count() == 2


def test_a_vote_id_used_for_another_statement_is_refused(server: Server, seat: Seat) -> None:
    vote_id = uuid.uuid4()
    server.vote(seat.slug, seat.token, _vote_body(seat.statements[0], vote_id=vote_id))

    answer = server.vote(seat.slug, seat.token, _vote_body(seat.statements[1], vote_id=vote_id))

    assert (answer.status, answer.body["code"]) == (409, "vote-id-reused")
    assert not Vote.objects.filter(statement=seat.statements[1]).exists()


def test_a_statement_of_another_conversation_is_unknown(server: Server, seat: Seat) -> None:
    elsewhere = StatementFactory.create()

    answer = server.vote(seat.slug, seat.token, _vote_body(elsewhere))

    assert (answer.status, answer.body["code"]) == (404, "unknown-statement")
    assert answer.content_type == "application/problem+json"


def test_a_closed_conversation_takes_no_vote(server: Server, seat: Seat) -> None:
    seat.participant.conversation.is_open = False
    seat.participant.conversation.save()

    answer = server.vote(seat.slug, seat.token, _vote_body(seat.statements[0]))

    assert (answer.status, answer.body["code"]) == (409, "closed")
    assert not Vote.objects.exists()


def test_a_waiting_statement_takes_no_vote(server: Server, seat: Seat) -> None:
    waiting = StatementFactory.create(
        conversation=seat.participant.conversation, state=Statement.State.PENDING
    )

    answer = server.vote(seat.slug, seat.token, _vote_body(waiting))

    assert (answer.status, answer.body["code"]) == (409, "statement-not-votable")


def test_without_a_seat_of_this_conversation_nothing_is_recorded(
    server: Server, seat: Seat
) -> None:
    other = _seat()

    for token in ("", "not-a-seat", other.token):
        answer = server.vote(seat.slug, token, _vote_body(seat.statements[0]))
        assert (answer.status, answer.body["code"]) == (401, "no-seat")
    assert not Vote.objects.exists()


def test_the_seat_cookie_proves_the_participant(server: Server, seat: Seat) -> None:
    cookie = f"dialogue_seat_{seat.participant.conversation_id}={seat.token}"

    answer = server.next(seat.slug, "", headers={"Cookie": cookie})

    assert answer.status == 200


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"statement": 1, "value": 1, "vote_id": "x"}', "text/plain", 415),
        (b"not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"statement": "1", "value": 1, "vote_id": "%s"}', "application/json", 400),
        (b'{"statement": 1, "value": 2, "vote_id": "%s"}', "application/json", 400),
        (b'{"statement": 1, "value": true, "vote_id": "%s"}', "application/json", 400),
        (b'{"statement": 1, "value": 1, "vote_id": "nope"}', "application/json", 400),
        (
            b'{"statement": 1, "value": 1, "vote_id": "%s", "pad": "' + b"x" * 5000 + b'"}',
            "application/json",
            413,
        ),
    ],
)
def test_a_malformed_vote_is_a_problem_detail(
    server: Server, seat: Seat, body: bytes, content_type: str, status: int
) -> None:
    raw = body.replace(b"%s", str(uuid.uuid4()).encode())

    answer = server.request(
        "POST",
        f"/live/v1/conversations/{seat.slug}/votes",
        token=seat.token,
        raw=raw,
        content_type=content_type,
    )

    assert answer.status == status
    assert answer.content_type == "application/problem+json"
    assert answer.body["status"] == status and answer.body["title"]
    assert not VoteEvent.objects.exists()


def test_a_vote_posted_from_another_site_is_refused(server: Server, seat: Seat) -> None:
    answer = server.vote(
        seat.slug,
        seat.token,
        _vote_body(seat.statements[0]),
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"},
    )

    assert (answer.status, answer.body["code"]) == (403, "cross-site")
    assert not Vote.objects.exists()


def test_the_wrong_method_is_refused(server: Server, seat: Seat) -> None:
    answer = server.request("GET", f"/live/v1/conversations/{seat.slug}/votes", token=seat.token)

    assert answer.status == 405


def test_problems_speak_the_phones_language(server: Server, seat: Seat) -> None:
    answer = server.vote(
        seat.slug, "", _vote_body(seat.statements[0]), headers={"Accept-Language": "pl"}
    )

    assert answer.body["title"] == "Nie jesteś uczestnikiem"


def test_the_next_statement_follows_the_selectors_draw(server: Server) -> None:
    """The SQL draw and `selectors.next_statement_for` pick the same statement, with and
    without a snapshot's priorities, for many participants and stages of voting."""
    conversation = ConversationFactory.create()
    statements = [StatementFactory.create(conversation=conversation) for _ in range(12)]
    seats = [_seat(conversation, statements=0) for _ in range(6)]
    for index, statement in enumerate(statements[:4]):
        Vote.objects.create(participant=seats[0].participant, statement=statement, value=1)
        for other in seats[1 : 1 + index]:
            Vote.objects.create(participant=other.participant, statement=statement, value=-1)

    def compare() -> None:
        for one in seats:
            expected = next_statement_for(one.participant)
            answer = server.next(one.slug, one.token)
            assert expected is not None
            assert answer.body["statement"]["id"] == expected.pk

    compare()  # no snapshot: the fewest votes first
    OpinionSnapshot.objects.create(
        conversation=conversation,
        votes_count=0,
        participants_count=0,
        duration_ms=1,
        seed=1,
        data={},
        statement_priorities={str(s.pk): (i % 5) * 0.7 for i, s in enumerate(statements[:9])},
    )
    compare()  # priorities; three statements newer than the snapshot


@pytest.mark.skipif(not ON_POSTGRES, reason="the ASGI vote API runs on PostgreSQL only")
def test_a_vote_through_the_fast_path_asks_for_a_recompute(settings: Any, seat: Seat) -> None:
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = True
    settings.LIVE_API_STATEMENTS_SECONDS = 0

    Server("asgi").vote(seat.slug, seat.token, _vote_body(seat.statements[0]))
    Server("asgi").vote(seat.slug, seat.token, _vote_body(seat.statements[1]))

    # The first vote created the debounce row and queued a run (the test backend runs it
    # at once); the second flipped the row in its own transaction and queued another.
    assert OpinionSnapshot.objects.filter(conversation_id=seat.participant.conversation_id).exists()
    state = RecomputeState.objects.get(conversation_id=seat.participant.conversation_id)
    assert state.runs == 2 and not state.pending


@pytest.mark.skipif(not ON_POSTGRES, reason="the ASGI vote API runs on PostgreSQL only")
def test_with_the_database_down_the_fast_path_answers_503(
    monkeypatch: pytest.MonkeyPatch, seat: Seat
) -> None:
    async def down() -> Any:
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(live_api.pools, "get", down)

    answer = Server("asgi").vote(seat.slug, seat.token, _vote_body(seat.statements[0]))

    assert (answer.status, answer.body["code"]) == (503, "unavailable")


def test_django_serves_the_contract_on_any_database(seat: Seat) -> None:
    """Where the ASGI app is not mounted (SQLite), the same URLs reach `views_live`."""
    from django.urls import resolve

    match: Callable[..., Any] = resolve(f"/live/v1/conversations/{seat.slug}/votes").func
    assert match.__module__ == "scaleup.dialogue.views_live"


@pytest.mark.skipif(not ON_POSTGRES, reason="the ASGI vote API runs on PostgreSQL only")
def test_votes_written_together_behave_as_one_after_the_other(settings: Any) -> None:
    """Group commit: 30 votes at once share batches; each answer and row is as if they
    came one by one, a vote id sent twice at once is recorded once, and a participant's
    two votes on one statement leave the later one."""
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = False
    settings.LIVE_API_STATEMENTS_SECONDS = 0
    conversation = ConversationFactory.create()
    seats = [_seat(conversation, statements=0) for _ in range(12)]
    statements = [StatementFactory.create(conversation=conversation) for _ in range(3)]
    twice = uuid.uuid4()
    requests: list[tuple[Seat, dict[str, Any]]] = [
        (seat, _vote_body(statements[n % 3], 1)) for n, seat in enumerate(seats)
    ]
    requests += [(seats[0], _vote_body(statements[1], -1, twice))] * 2
    requests += [
        (seats[1], _vote_body(statements[2], -1)),
        (seats[1], _vote_body(statements[2], 0)),
    ]
    requests += [
        (
            seats[2],
            {"statement": StatementFactory.create().pk, "value": 1, "vote_id": str(uuid.uuid4())},
        )
    ]
    requests += [(_seat(statements=0), _vote_body(statements[0]))]  # another conversation's seat

    async def all_at_once() -> list[tuple[int, dict[str, Any]]]:
        answers = await _then_close(
            *(_vote_request(conversation.slug, seat, body) for seat, body in requests)
        )
        return [(status, json.loads(payload)) for status, _headers, payload in answers]

    before = live_api.writers
    live_api.writers = live_api.Writers()
    try:
        answers = asyncio.run(all_at_once())
        batches = sum(w.batches for w in live_api.writers._writers.values())
    finally:
        live_api.writers = before

    statuses = [status for status, _body in answers]
    assert statuses[:12] == [201] * 12
    assert sorted(statuses[12:14]) == [200, 201]  # the same vote id twice: recorded once
    assert statuses[14:16] == [201, 201]
    assert statuses[16:] == [404, 401]
    assert batches < len(requests)
    assert VoteEvent.objects.filter(client_vote_id=twice).count() == 1
    assert Vote.objects.get(participant=seats[1].participant, statement=statements[2]).value == 0
    assert VoteEvent.objects.filter(participant__conversation=conversation).count() == 15


@pytest.mark.skipif(not ON_POSTGRES, reason="the ASGI vote API runs on PostgreSQL only")
def test_a_queue_that_refuses_the_recompute_does_not_fail_committed_votes(
    settings: Any, monkeypatch: pytest.MonkeyPatch, seat: Seat
) -> None:
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = True
    settings.LIVE_API_STATEMENTS_SECONDS = 0

    def refuse(conversation: int, *, flipped: bool) -> None:
        raise RuntimeError("the task queue is down")

    monkeypatch.setattr(live_api, "_queue_recompute_sync", refuse)

    answer = Server("asgi").vote(seat.slug, seat.token, _vote_body(seat.statements[0]))

    assert answer.status == 201
    assert Vote.objects.filter(participant=seat.participant).count() == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="the ASGI vote API runs on PostgreSQL only")
def test_a_vote_the_database_refuses_does_not_fail_its_batch(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch whose commit fails for one vote (a deferred foreign key) is written again
    one vote at a time: the others are recorded, the refused one is a problem detail."""
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = False
    settings.LIVE_API_STATEMENTS_SECONDS = 0
    conversation = ConversationFactory.create()
    seats = [_seat(conversation, statements=0) for _ in range(3)]
    statements = [StatementFactory.create(conversation=conversation) for _ in range(3)]
    refused = statements[2].pk
    real_execute = live_api.VoteWriter._execute

    async def execute(self: live_api.VoteWriter, batch: list[Any]) -> list[dict[str, Any]]:
        if any(vote.parsed.statement == refused for vote in batch):
            raise psycopg.errors.ForeignKeyViolation("the statement was deleted meanwhile")
        return await real_execute(self, batch)

    monkeypatch.setattr(live_api.VoteWriter, "_execute", execute)

    async def together() -> list[int]:
        answers = await _then_close(
            *(
                _vote_request(conversation.slug, seat, _vote_body(statement))
                for seat, statement in zip(seats, statements, strict=True)
            )
        )
        return [int(status) for status, _headers, _payload in answers]

    statuses = asyncio.run(together())

    assert statuses == [201, 201, 500]
    assert Vote.objects.filter(participant__conversation=conversation).count() == 2


def test_the_statements_left_to_vote_on_ignore_votes_on_others() -> None:
    import numpy as np

    from scaleup.dialogue.live_api import _unvoted

    ids = np.array([3, 5, 8, 13], dtype=np.int64)
    # 1 and 99 are not in the table (rejected since, or newer than it): they change nothing.
    assert _unvoted(ids, {1, 5, 13, 99}).tolist() == [True, False, True, False]
    assert _unvoted(ids, set()).tolist() == [True] * 4


def test_a_vote_after_a_recompute_was_given_up_starts_it_afresh(
    server: Server, settings: Any, seat: Seat, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scaleup.dialogue import services

    settings.DIALOGUE_RECOMPUTE_ON_VOTE = True
    conversation_id = seat.participant.conversation_id
    RecomputeState.objects.create(conversation_id=conversation_id, failures=5, last_error="x")
    calls: list[int] = []
    real = services.recompute

    def fails_once(*, conversation: Any) -> Any:
        calls.append(conversation.pk)
        if len(calls) == 1:
            raise RuntimeError("one more failure")
        return real(conversation=conversation)

    monkeypatch.setattr(services, "recompute", fails_once)

    assert server.vote(seat.slug, seat.token, _vote_body(seat.statements[0])).status == 201

    # Given up before, the record starts afresh: the failed run is retried (at once, in the
    # test backend) and the map is made.
    state = RecomputeState.objects.get(conversation_id=conversation_id)
    assert len(calls) == 2
    assert (state.failures, state.last_error, state.pending) == (0, "", False)
