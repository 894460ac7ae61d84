"""The phones' vote API on PostgreSQL: next statement and vote, one SQL round trip each.

A congress workshop puts hundreds of phones on one conversation; a vote through Django's
request cycle costs about 20 ms of CPU (middleware, ORM, template), so two worker
processes on two cores would take some 100 votes a second. This ASGI app answers the two
hot requests of the participant page outside that cycle, on a psycopg connection pool of
its own, with the rules of `services.cast_vote` written as one statement: the seat proves
the participant (an anonymous seat's token; a signed-in participant without one is
answered 401 and uses the page's form), the conversation must be open and
the statement accepted, and a retried vote id is recorded once. The database's unique
constraints back each rule, as they do for the service.

`scaleup.asgi` mounts it at `/live/v1/` when the database is PostgreSQL; elsewhere Django
serves the same contract from `views_live`, through the service. Both are run by the same
contract tests, and `selectors.draw_next` is the next-statement rule of both.

    GET  /live/v1/conversations/<slug>/next
    POST /live/v1/conversations/<slug>/votes   {"statement": 12, "value": 1, "vote_id": "<uuid>"}

The participant is read from the conversation's seat cookie (`dialogue_seat_<id>`, any of
them is tried) or `Authorization: Bearer <seat token>`. Errors are RFC 9457 problem
details. A POST must be JSON and, when the browser says where it comes from, come from
this site: a cross-site form cannot send JSON without a preflight, which is not answered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import numpy as np
import numpy.typing as npt
import psycopg
from django.conf import settings
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from psycopg.errors import TransactionRollback
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from scaleup.core import live
from scaleup.dialogue.live_contract import (
    MAX_BODY_BYTES,
    Problem,
    VoteRequest,
    is_cross_site,
    parse_vote,
    problem_body,
    seat_hashes,
)
from scaleup.dialogue.models import conversation_topic
from scaleup.dialogue.selectors import draw_next, draw_weighted, draw_weights

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PREFIX = "/live/v1/conversations/"
ROUTE = re.compile(
    r"^/live/v1/conversations/(?P<slug>[-a-zA-Z0-9_]{1,120})/(?P<action>next|votes)$"
)

PARTICIPANT_SQL = """
SELECT p.id AS participant, c.id AS conversation, c.is_open,
    ARRAY(SELECT v.statement_id FROM dialogue_vote v WHERE v.participant_id = p.id) AS voted
FROM dialogue_participant p JOIN dialogue_conversation c ON c.id = p.conversation_id
WHERE p.seat_token_hash = ANY(%(hashes)s) AND c.slug = %(slug)s
LIMIT 1
"""

STATEMENTS_SQL = """
SELECT id, text, kind, language FROM dialogue_statement
WHERE conversation_id = %(conversation)s AND state = 'accepted' ORDER BY id
"""

PRIORITIES_SQL = """
SELECT statement_priorities FROM dialogue_opinionsnapshot
WHERE conversation_id = %(conversation)s ORDER BY computed_at DESC, id DESC LIMIT 1
"""

VOTE_COUNTS_SQL = """
SELECT v.statement_id, count(*) AS votes FROM dialogue_vote v
JOIN dialogue_statement s ON s.id = v.statement_id
WHERE s.conversation_id = %(conversation)s GROUP BY v.statement_id
"""


@dataclass
class StatementTable:
    """What the draw needs of a conversation, read at most every `LIVE_API_STATEMENTS_SECONDS`
    per process (one query a second instead of one per vote). A statement accepted
    meanwhile reaches the phones that much later; whether a statement takes votes is
    always checked in the database, by the vote itself."""

    loaded_at: float
    ids: list[int]
    texts: dict[int, tuple[str, str, str]]
    priorities: dict[int, float] | None
    vote_counts: dict[int, int] | None
    #: `ids` as an array, and their draw weights (`selectors.draw_weights`) when there are
    #: priorities: worked out once per load, not once per vote.
    id_array: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    weights: npt.NDArray[np.float64] | None = None


class StatementTables:
    def __init__(self) -> None:
        self._tables: dict[int, StatementTable] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def get(
        self, conversation: int, conn: psycopg.AsyncConnection[Any] | None = None
    ) -> StatementTable:
        """The conversation's table, loaded again once it is older than its maximum age,
        through `conn` or, without one, a connection of the pool taken only for that."""
        max_age = float(getattr(settings, "LIVE_API_STATEMENTS_SECONDS", 1.0))
        table = self._tables.get(conversation)
        if table is not None and time.monotonic() - table.loaded_at < max_age:
            return table
        lock = self._locks.setdefault(conversation, asyncio.Lock())
        async with lock:
            table = self._tables.get(conversation)
            if table is not None and time.monotonic() - table.loaded_at < max_age:
                return table
            if conn is not None:
                table = await self._load(conn, conversation)
            else:
                async with (await pools.get()).connection() as own:
                    table = await self._load(own, conversation)
            self._tables[conversation] = table
            return table

    async def _load(self, conn: psycopg.AsyncConnection[Any], conversation: int) -> StatementTable:
        params = {"conversation": conversation}
        loaded_at = time.monotonic()
        rows = await (await conn.execute(STATEMENTS_SQL, params)).fetchall()
        snapshot = await (await conn.execute(PRIORITIES_SQL, params)).fetchone()
        raw = snapshot["statement_priorities"] if snapshot else None
        priorities = {int(k): float(v) for k, v in raw.items()} if raw else None
        counts = None
        if priorities is None:
            counted = await (await conn.execute(VOTE_COUNTS_SQL, params)).fetchall()
            counts = {row["statement_id"]: int(row["votes"]) for row in counted}
        ids = [row["id"] for row in rows]
        return StatementTable(
            loaded_at=loaded_at,
            ids=ids,
            texts={row["id"]: (row["text"], row["kind"], row["language"]) for row in rows},
            priorities=priorities,
            vote_counts=counts,
            id_array=np.array(ids, dtype=np.int64),
            weights=draw_weights(ids, priorities) if priorities else None,
        )

    def clear(self) -> None:
        self._tables.clear()


statement_tables = StatementTables()


#: A batch of votes, one statement and one commit (group commit): check each, record its
#: event (a retried vote id conflicts and records nothing), upsert the votes (the last of a
#: participant's votes on a statement wins, as one after the other would), and ask for a
#: recompute of each map touched in the same commit (`core.debounce.request`'s flip; the
#: task is queued after the commit). One row per vote, in the batch's order.
VOTE_SQL = """
WITH req AS (
    SELECT * FROM unnest(
        %(idx)s::int[], %(slug)s::text[], %(statement)s::bigint[], %(value)s::smallint[],
        %(vote_id)s::uuid[]
    ) AS r(idx, slug, statement, value, vote_id)
), seat AS (
    SELECT DISTINCT ON (h.idx) h.idx, p.id AS participant_id, c.id AS conversation_id,
        c.is_open
    FROM unnest(%(hash_idx)s::int[], %(hash)s::text[]) AS h(idx, hash)
    JOIN req r ON r.idx = h.idx
    JOIN dialogue_participant p ON p.seat_token_hash = h.hash
    JOIN dialogue_conversation c ON c.id = p.conversation_id AND c.slug = r.slug
    ORDER BY h.idx, p.id
), checked AS (
    SELECT r.idx, r.statement, r.value, r.vote_id, seat.participant_id,
        seat.conversation_id, seat.is_open, st.state, e.statement_id AS earlier_statement
    FROM req r
    LEFT JOIN seat ON seat.idx = r.idx
    LEFT JOIN dialogue_statement st
        ON st.id = r.statement AND st.conversation_id = seat.conversation_id
    LEFT JOIN dialogue_voteevent e
        ON e.participant_id = seat.participant_id AND e.client_vote_id = r.vote_id
), ok AS (
    -- A vote id sent twice in one batch is taken once (the first); the other is a retry.
    SELECT DISTINCT ON (participant_id, vote_id) * FROM checked
    WHERE participant_id IS NOT NULL AND is_open AND state = 'accepted'
      AND earlier_statement IS NULL
    ORDER BY participant_id, vote_id, idx
), ev AS (
    INSERT INTO dialogue_voteevent (participant_id, statement_id, value, client_vote_id, created_at)
    SELECT participant_id, statement, value, vote_id, now() FROM ok
    ORDER BY participant_id, vote_id  -- in key order: concurrent batches lock alike
    ON CONFLICT (participant_id, client_vote_id) DO NOTHING
    RETURNING participant_id, client_vote_id
), recorded AS (
    SELECT ok.* FROM ok
    JOIN ev ON ev.participant_id = ok.participant_id AND ev.client_vote_id = ok.vote_id
), v AS (
    INSERT INTO dialogue_vote
        (participant_id, statement_id, value, client_vote_id, created_at, updated_at)
    SELECT DISTINCT ON (participant_id, statement)
        participant_id, statement, value, vote_id, now(), now()
    FROM recorded ORDER BY participant_id, statement, idx DESC
    ON CONFLICT (participant_id, statement_id) DO UPDATE
        SET value = EXCLUDED.value, client_vote_id = EXCLUDED.client_vote_id,
            updated_at = EXCLUDED.updated_at
    RETURNING 1
), rq AS (
    UPDATE dialogue_recomputestate SET pending = true, requested_at = now(),
        failures = CASE WHEN pending THEN failures ELSE 0 END  -- a new change starts afresh
    WHERE %(recompute)s
      AND conversation_id IN (SELECT conversation_id FROM recorded)
      AND (pending = false OR requested_at < now() - make_interval(secs => %(stale)s))
    RETURNING conversation_id
)
SELECT c.idx, c.participant_id AS participant, c.conversation_id AS conversation, c.is_open,
    c.state, c.earlier_statement,
    EXISTS (SELECT 1 FROM recorded r WHERE r.idx = c.idx) AS recorded,
    EXISTS (SELECT 1 FROM rq WHERE rq.conversation_id = c.conversation_id) AS flipped,
    EXISTS (SELECT 1 FROM dialogue_recomputestate s
            WHERE s.conversation_id = c.conversation_id) AS has_state,
    ARRAY(SELECT x.statement_id FROM dialogue_vote x WHERE x.participant_id = c.participant_id)
        AS voted_before,
    (SELECT count(*) FROM v) AS upserted
FROM checked c ORDER BY c.idx
"""

#: After a vote id was found already used while the first use was still committing.
EARLIER_SQL = """
SELECT statement_id FROM dialogue_voteevent
WHERE participant_id = %(participant)s AND client_vote_id = %(vote_id)s
"""


class Pools:
    """One connection pool per process and event loop, opened on first use (after the
    server forked its workers) and with connections checked before they are handed out,
    so a restarted database is reconnected to without a failed request per connection."""

    def __init__(self) -> None:
        self._pool: AsyncConnectionPool[Any] | None = None
        self._loop: Any = None
        self._closing: set[asyncio.Future[None]] = set()

    async def get(self) -> AsyncConnectionPool[Any]:
        loop = asyncio.get_running_loop()
        if self._pool is None or self._loop is not loop:
            pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
                conninfo=live.conninfo(),
                min_size=1,
                max_size=int(getattr(settings, "LIVE_API_POOL_SIZE", 8)),
                kwargs={"autocommit": True, "row_factory": dict_row},
                # A phone waits this long for a connection before it is told to retry.
                timeout=2.0,
                open=False,
                name="live-api",
            )
            await pool.open(wait=False)
            self._pool, self._loop = pool, loop
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        self._pool = None

    def discard(self) -> None:
        """After the database went away: a new pool connects at once on the next request,
        where the old one would wait out its growing reconnection delays."""
        pool, self._pool = self._pool, None
        if pool is not None:
            task = asyncio.ensure_future(pool.close(timeout=0))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)


pools = Pools()


async def _respond(
    send: Send,
    status: int,
    body: dict[str, Any],
    *,
    problem: bool = False,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    content_type = b"application/problem+json" if problem else b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(payload)).encode()),
                (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff"),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _problem(send: Send, problem: Problem) -> None:
    extra = [(b"allow", problem.allow.encode())] if problem.allow else []
    await _respond(send, problem.status, problem_body(problem), problem=True, extra=extra)


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]
    }


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    """The request's cookies, parsed as Django parses them (a split, not SimpleCookie's
    regular expressions: this runs on every vote)."""
    return parse_cookie(headers.get("cookie", ""))


async def _read_body(receive: Receive) -> bytes | None:
    """The request body, or None when it is larger than any vote."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b""
        body = message.get("body", b"")
        size += len(body)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(body)
        if not message.get("more_body"):
            return b"".join(chunks)


def _unvoted(ids: npt.NDArray[np.int64], voted: set[int]) -> npt.NDArray[np.bool_]:
    """Which of the (ascending) `ids` are not in `voted`: a binary search per vote cast,
    cheaper than `np.isin` on arrays this small."""
    cast = np.fromiter(voted, np.int64, len(voted))
    positions = np.searchsorted(ids, cast)
    inside = positions < len(ids)
    positions, cast = positions[inside], cast[inside]
    keep = np.ones(len(ids), dtype=bool)
    keep[positions[ids[positions] == cast]] = False
    return keep


async def _drawn(
    *,
    participant: int,
    conversation: int,
    voted: set[int],
    is_open: bool = True,
    conn: psycopg.AsyncConnection[Any] | None = None,
) -> dict[str, Any]:
    """The answer's `statement` and `progress`, drawn as the pages draw (`draw_next`)."""
    table = await statement_tables.get(conversation, conn)
    chosen = None
    if is_open and table.weights is not None:
        # `draw_next` with the weights worked out at load: the same draw, without the
        # per-statement work on every vote.
        unvoted = _unvoted(table.id_array, voted)
        chosen = draw_weighted(
            participant, len(voted), table.id_array[unvoted], table.weights[unvoted]
        )
    elif is_open:
        chosen = draw_next(
            participant,
            len(voted),
            [pk for pk in table.ids if pk not in voted],
            priorities=None,
            vote_counts=table.vote_counts,
        )
    statement = None
    if chosen is not None:
        text, kind, language = table.texts[chosen]
        statement = {"id": chosen, "text": text, "kind": kind, "language": language}
    return {
        "statement": statement,
        "progress": {"voted": sum(1 for pk in table.ids if pk in voted), "total": len(table.ids)},
    }


def _queue_recompute_sync(conversation: int, *, flipped: bool) -> None:
    """After the commit: queue the task the flip asked for (or, for the first vote of a
    conversation with no debounce row yet, let the service create it). Django's connection
    is handed back as at the end of a request, so a database restart cannot leave this
    thread a broken one."""
    from django.db import close_old_connections

    from scaleup.dialogue.services import queue_recompute_now
    from scaleup.dialogue.tasks import recompute_opinion_map

    close_old_connections()
    try:
        if flipped:
            recompute_opinion_map.enqueue(conversation)
        else:
            queue_recompute_now(conversation)
    finally:
        close_old_connections()


async def _queue_recompute(conversation: int, *, flipped: bool) -> None:
    """Never fails the votes of the batch: they have committed. A request the queue did not
    take is taken again by the debounce's stale rule (`core.debounce`)."""
    from asgiref.sync import sync_to_async

    try:
        await sync_to_async(_queue_recompute_sync)(conversation, flipped=flipped)
    except Exception:
        logger.exception("Live API: the recompute of conversation %s was not queued", conversation)


@dataclass
class PendingVote:
    hashes: list[str]
    slug: str
    parsed: VoteRequest
    future: asyncio.Future[dict[str, Any]] | None = None


class VoteWriter:
    """Group commit. Votes that arrive while a batch is being written wait for the next
    one, which takes them all (up to `MAX_BATCH`) in one statement and one commit; at most
    `CONCURRENT_BATCHES` are in flight per process. A lone vote is written at once, so a
    quiet room waits for nothing; a busy one pays one commit per batch, not per vote. A vote
    is acknowledged only after its batch has committed."""

    MAX_BATCH = 64
    CONCURRENT_BATCHES = 2

    def __init__(self) -> None:
        self._queue: list[PendingVote] = []
        self._in_flight = 0
        self._tasks: set[asyncio.Future[None]] = set()
        self.batches = 0
        self.votes = 0

    async def submit(self, vote: PendingVote) -> dict[str, Any]:
        vote.future = asyncio.get_running_loop().create_future()
        self._queue.append(vote)
        self._start()
        return await vote.future

    def _start(self) -> None:
        while self._queue and self._in_flight < self.CONCURRENT_BATCHES:
            batch = self._queue[: self.MAX_BATCH]
            del self._queue[: self.MAX_BATCH]
            self._in_flight += 1
            # Held until done: the loop keeps only weak references to tasks.
            task = asyncio.ensure_future(self._write(batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _write(self, batch: list[PendingVote]) -> None:
        try:
            try:
                rows = await self._execute(batch)
            except psycopg.Error as error:
                if len(batch) == 1 or isinstance(error, psycopg.OperationalError):
                    raise
                # One vote the database refuses (a participant deleted meanwhile fails the
                # deferred foreign keys at commit) must not fail the others: one by one.
                rows = []
                for vote in batch:
                    try:
                        rows += await self._execute([vote])
                    except psycopg.Error as single:
                        if vote.future is not None and not vote.future.done():
                            vote.future.set_exception(single)
                        rows.append({})
        except BaseException as error:  # each waiting request answers for itself
            for vote in batch:
                if vote.future is not None and not vote.future.done():
                    vote.future.set_exception(error)
        else:
            for vote, row in zip(batch, rows, strict=True):
                if vote.future is not None and not vote.future.done():
                    vote.future.set_result(row)
            # After the acknowledgements: live pages are told, maps' recomputes queued.
            await self._after_commit(rows)
        finally:
            self._in_flight -= 1
            self._start()

    async def _after_commit(self, rows: list[dict[str, Any]]) -> None:
        recorded = [row for row in rows if row.get("recorded")]
        conversations = {row["conversation"] for row in recorded}
        for conversation in conversations:
            live.publish(conversation_topic(conversation))
        if not getattr(settings, "DIALOGUE_RECOMPUTE_ON_VOTE", True):
            return
        for conversation in conversations:
            first = next(row for row in recorded if row["conversation"] == conversation)
            if first["flipped"] or not first["has_state"]:
                await _queue_recompute(conversation, flipped=bool(first["flipped"]))

    async def _execute(self, batch: list[PendingVote]) -> list[dict[str, Any]]:
        from scaleup.dialogue.services import RECOMPUTE_STALE_AFTER

        recompute = bool(getattr(settings, "DIALOGUE_RECOMPUTE_ON_VOTE", True))
        hash_idx = [i for i, vote in enumerate(batch) for _h in vote.hashes]
        params = {
            "idx": list(range(len(batch))),
            "slug": [vote.slug for vote in batch],
            "statement": [vote.parsed.statement for vote in batch],
            "value": [vote.parsed.value for vote in batch],
            "vote_id": [vote.parsed.vote_id for vote in batch],
            "hash_idx": hash_idx,
            "hash": [h for vote in batch for h in vote.hashes],
            "recompute": recompute,
            "stale": RECOMPUTE_STALE_AFTER.total_seconds(),
        }
        pool = await pools.get()
        async with pool.connection() as conn:
            rows = await (await conn.execute(VOTE_SQL, params)).fetchall()
        self.batches += 1
        self.votes += len(batch)
        return list(rows)


class Writers:
    """One writer per event loop (its futures belong to that loop)."""

    async def drain(self) -> None:
        """Wait for the batches in flight of this loop's writer (a worker stopping)."""
        writer = self._writers.get(asyncio.get_running_loop())
        while writer is not None and writer._tasks:
            await asyncio.gather(*writer._tasks, return_exceptions=True)

    def __init__(self) -> None:
        self._writers: dict[asyncio.AbstractEventLoop, VoteWriter] = {}

    def get(self) -> VoteWriter:
        loop = asyncio.get_running_loop()
        writer = self._writers.get(loop)
        if writer is None:
            self._writers = {k: w for k, w in self._writers.items() if not k.is_closed()}
            writer = self._writers[loop] = VoteWriter()
        return writer


writers = Writers()


async def handle_next(scope: Scope, slug: str, send: Send, hashes: list[str]) -> None:
    pool = await pools.get()
    async with pool.connection() as conn:
        row = await (
            await conn.execute(PARTICIPANT_SQL, {"hashes": hashes, "slug": slug})
        ).fetchone()
        if row is None:
            await _problem(send, Problem.no_seat())
            return
        drawn = await _drawn(
            participant=row["participant"],
            conversation=row["conversation"],
            voted=set(row["voted"]),
            is_open=bool(row["is_open"]),
            conn=conn,
        )
    await _respond(send, HTTPStatus.OK, {"open": bool(row["is_open"]), **drawn})


async def handle_vote(
    scope: Scope,
    slug: str,
    body: bytes,
    send: Send,
    hashes: list[str],
    headers: dict[str, str],
) -> None:
    parsed = parse_vote(body, headers.get("content-type", ""))
    if isinstance(parsed, Problem):
        await _problem(send, parsed)
        return
    row = await writers.get().submit(PendingVote(hashes=hashes, slug=slug, parsed=parsed))
    if row["participant"] is None:
        await _problem(send, Problem.no_seat())
        return
    earlier = row["earlier_statement"]
    if not row["recorded"] and earlier is None and row["state"] == "accepted" and row["is_open"]:
        # The same vote id raced with itself: the other request recorded it. Only this
        # rare case takes a connection; the answer is drawn from the statement table.
        async with (await pools.get()).connection() as conn:
            again = await (
                await conn.execute(
                    EARLIER_SQL, {"participant": row["participant"], "vote_id": parsed.vote_id}
                )
            ).fetchone()
        earlier = again["statement_id"] if again else None
    # The service's order (`services.cast_vote`): unknown, closed, not votable, retry.
    if row["state"] is None:
        await _problem(send, Problem.unknown_statement())
        return
    if not row["is_open"]:
        await _problem(send, Problem.closed())
        return
    if row["state"] != "accepted":
        await _problem(send, Problem.not_votable())
        return
    if not row["recorded"] and earlier != parsed.statement:
        await _problem(send, Problem.vote_id_reused())
        return
    drawn = await _drawn(
        participant=row["participant"],
        conversation=row["conversation"],
        voted={*row["voted_before"], parsed.statement},
    )
    await _respond(
        send,
        HTTPStatus.CREATED if row["recorded"] else HTTPStatus.OK,
        {
            "vote": {
                "statement": parsed.statement,
                "value": parsed.value,
                "vote_id": str(parsed.vote_id),
            },
            "replayed": not row["recorded"],
            **drawn,
        },
    )


def _language(headers: dict[str, str]) -> str:
    """The language of the problem details: the phone's first supported language."""
    for code, _quality in parse_accept_lang_header(headers.get("accept-language", "")):
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    """The ASGI app of `/live/v1/`."""
    if scope["type"] != "http":
        return
    with translation.override(_language(_headers(scope))):
        await _dispatch(scope, receive, send)


async def _dispatch(scope: Scope, receive: Receive, send: Send) -> None:
    match = ROUTE.match(scope["path"])
    if match is None:
        await _problem(send, Problem.not_found())
        return
    slug, action = match["slug"], match["action"]
    method = scope["method"]
    allowed = "GET" if action == "next" else "POST"
    if method != allowed and not (allowed == "GET" and method == "HEAD"):
        await _problem(send, Problem.method_not_allowed(allowed))
        return
    headers = _headers(scope)
    if action == "votes" and is_cross_site(
        fetch_site=headers.get("sec-fetch-site"),
        origin=headers.get("origin"),
        host=headers.get("host", ""),
    ):
        await _problem(send, Problem.cross_site())
        return
    hashes = seat_hashes(_cookies(headers), headers.get("authorization", ""))
    if not hashes:
        await _problem(send, Problem.no_seat())
        return
    body = b""
    if action == "votes":
        read = await _read_body(receive)
        if read is None:
            await _problem(send, Problem.too_large())
            return
        body = read
    started = False

    async def tracked_send(message: Message) -> None:
        nonlocal started
        started = True
        await send(message)

    # Connections are not checked before use (a round trip per request): one broken by a
    # database restart fails its request, the pool drops it, and the request is tried once
    # more on another (safe: a vote is recorded once per vote id).
    for attempt in (1, 2):
        try:
            if action == "next":
                await handle_next(scope, slug, tracked_send, hashes)
            else:
                await handle_vote(scope, slug, body, tracked_send, hashes, headers)
            return
        except (psycopg.OperationalError, TimeoutError) as error:
            if started:
                raise
            if attempt == 2:
                # The database is down or restarting (or every connection stayed busy):
                # the phone retries with the same vote id. Only a lost connection makes
                # the next request start a fresh pool.
                logger.warning("Live API: database unavailable: %s", error)
                if not isinstance(error, PoolTimeout | TimeoutError | TransactionRollback):
                    pools.discard()
                await _problem(send, Problem.unavailable())
        except psycopg.Error:
            if started:
                raise
            logger.exception("Live API: the database refused the request")
            await _problem(send, Problem.server_error())
            return


def is_live_path(path: str) -> bool:
    return path.startswith("/live/v1/")
