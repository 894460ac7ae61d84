"""The contract of the phones' vote API, shared by its two servers: `live_api` (ASGI, on
PostgreSQL) and `views_live` (Django, on any database). Parsing, seat lookup and the
problem details (RFC 9457) live here so both answer alike."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from http import HTTPStatus

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from scaleup.dialogue.models import hash_seat_token
from scaleup.dialogue.selectors import SEAT_COOKIE_PREFIX

#: A vote is a few dozen bytes; anything much larger is not one.
MAX_BODY_BYTES = 4096
PROBLEM_BASE = "https://scaleup.example/problems/"


@dataclass(frozen=True)
class Problem:
    status: int
    code: str
    title: Promise
    detail: Promise | str = ""
    allow: str = ""

    @classmethod
    def no_seat(cls) -> Problem:
        return cls(
            HTTPStatus.UNAUTHORIZED,
            "no-seat",
            _("Not a participant"),
            _("Join the conversation with its code first."),
        )

    @classmethod
    def unknown_statement(cls) -> Problem:
        return cls(HTTPStatus.NOT_FOUND, "unknown-statement", _("This statement does not exist."))

    @classmethod
    def closed(cls) -> Problem:
        return cls(
            HTTPStatus.CONFLICT,
            "closed",
            _("This conversation is closed; votes are no longer taken."),
        )

    @classmethod
    def not_votable(cls) -> Problem:
        return cls(
            HTTPStatus.CONFLICT, "statement-not-votable", _("This statement is not open for votes.")
        )

    @classmethod
    def vote_id_reused(cls) -> Problem:
        return cls(
            HTTPStatus.CONFLICT,
            "vote-id-reused",
            _("This vote id was already used for another statement."),
        )

    @classmethod
    def invalid(cls, detail: Promise | str) -> Problem:
        return cls(HTTPStatus.BAD_REQUEST, "invalid-vote", _("The vote is not valid."), detail)

    @classmethod
    def not_json(cls) -> Problem:
        return cls(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "not-json",
            _("Send the vote as JSON."),
            _("The request's Content-Type must be application/json."),
        )

    @classmethod
    def too_large(cls) -> Problem:
        return cls(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", _("The request is too large."))

    @classmethod
    def cross_site(cls) -> Problem:
        return cls(
            HTTPStatus.FORBIDDEN,
            "cross-site",
            _("Votes are taken only from this site's own pages."),
        )

    @classmethod
    def not_found(cls) -> Problem:
        return cls(HTTPStatus.NOT_FOUND, "not-found", _("There is nothing at this address."))

    @classmethod
    def method_not_allowed(cls, allow: str) -> Problem:
        return cls(
            HTTPStatus.METHOD_NOT_ALLOWED,
            "method-not-allowed",
            _("This method is not allowed here."),
            allow=allow,
        )

    @classmethod
    def server_error(cls) -> Problem:
        return cls(
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "server-error",
            _("The vote could not be recorded."),
            _("Something went wrong on our side; try again in a moment."),
        )

    @classmethod
    def unavailable(cls) -> Problem:
        return cls(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            _("The platform is briefly unavailable."),
            _("Try again in a moment; a vote sent again with the same vote id counts once."),
        )


def problem_body(problem: Problem) -> dict[str, object]:
    body: dict[str, object] = {
        "type": PROBLEM_BASE + problem.code,
        "title": str(problem.title),
        "status": int(problem.status),
        "code": problem.code,
    }
    if problem.detail:
        body["detail"] = str(problem.detail)
    return body


@dataclass(frozen=True)
class VoteRequest:
    statement: int
    value: int
    vote_id: uuid.UUID


def parse_vote(body: bytes, content_type: str) -> VoteRequest | Problem:
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        return Problem.not_json()
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Problem.invalid(_("The body is not valid JSON."))
    if not isinstance(data, dict):
        return Problem.invalid(_("Send an object with statement, value and vote_id."))
    statement, value, vote_id = data.get("statement"), data.get("value"), data.get("vote_id")
    if type(statement) is not int or not 0 < statement < 2**63:
        return Problem.invalid(_("statement must be the number of a statement."))
    if type(value) is not int or value not in (-1, 0, 1):
        return Problem.invalid(_("value must be 1 (agree), -1 (disagree) or 0 (pass)."))
    try:
        parsed_id = uuid.UUID(vote_id) if isinstance(vote_id, str) else None
    except ValueError:
        parsed_id = None
    if parsed_id is None:
        return Problem.invalid(
            _("vote_id must be a UUID, made once per vote and kept for retries.")
        )
    return VoteRequest(statement=statement, value=value, vote_id=parsed_id)


def is_cross_site(*, fetch_site: str | None, origin: str | None, host: str) -> bool:
    """A browser's POST from another site: its Sec-Fetch-Site, else Origin against Host.
    Clients that send neither (not browsers) are not turned away here."""
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    if not origin or origin == "null":
        return origin == "null"
    return origin.split("://", 1)[-1] != host


def seat_hashes(cookies: dict[str, str], authorization: str) -> list[str]:
    """The hashes of every seat token the request carries (few: one per conversation)."""
    tokens = [value for name, value in cookies.items() if name.startswith(SEAT_COOKIE_PREFIX)]
    scheme, _space, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        tokens.append(credentials.strip())
    return [hash_seat_token(token) for token in tokens[:8] if 0 < len(token) <= 200]
