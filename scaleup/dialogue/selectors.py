"""Reads for the participant page, the projector and the moderation queue."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest

from scaleup.dialogue.models import (
    Conversation,
    OpinionSnapshot,
    Participant,
    RecomputeState,
    Statement,
    Vote,
    hash_seat_token,
    normalise_text,
)

#: The cookie holding an anonymous participant's seat token, one per conversation.
SEAT_COOKIE_PREFIX = "dialogue_seat_"
#: How alike two normalised texts must be to offer merging them.
SIMILARITY_THRESHOLD = 0.85


def seat_cookie_name(conversation: Conversation) -> str:
    return f"{SEAT_COOKIE_PREFIX}{conversation.pk}"


def participant_for(request: HttpRequest, conversation: Conversation) -> Participant | None:
    """Who the visitor is in this conversation: their account's participant, else the
    anonymous seat their cookie proves. Participation is checked here, not through roles:
    anonymous seats have no account to hold a grant."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        participant = Participant.objects.filter(conversation=conversation, user=user).first()
        if participant is not None:
            return participant
    token = request.COOKIES.get(seat_cookie_name(conversation), "")
    if not token:
        return None
    return Participant.objects.filter(
        conversation=conversation, seat_token_hash=hash_seat_token(token)
    ).first()


def latest_snapshot(conversation: Conversation) -> OpinionSnapshot | None:
    return (
        OpinionSnapshot.objects.filter(conversation=conversation)
        .order_by("-computed_at", "-id")
        .first()
    )


def recompute_state(conversation: Conversation) -> RecomputeState | None:
    """The map's recompute state: queued, running, or failing and waiting for a retry."""
    return RecomputeState.objects.filter(conversation=conversation).first()


def draw_weights(ids: Sequence[int], priorities: Mapping[int, float]) -> npt.NDArray[np.float64]:
    """The draw's weight of each statement of `ids`: its priority in the latest snapshot
    (none below 0); a statement newer than the snapshot weighs as much as the heaviest, at
    least 1, so that it is seen early."""
    newest = max(max(priorities.values(), default=0.0), 1.0)
    weights = np.fromiter((priorities.get(pk, newest) for pk in ids), np.float64, len(ids))
    return np.maximum(weights, 0.0)


def draw_weighted(
    participant_id: int, seen: int, ids: npt.NDArray[np.int64], weights: npt.NDArray[np.float64]
) -> int | None:
    """One of `ids`, with probability proportional to its weight (uniformly when every
    weight is 0). Seeded by the participant and how many votes they have cast, so a reload
    shows the same statement until they vote."""
    if not len(ids):
        return None
    u = random.Random(f"{participant_id}:{seen}").random()  # noqa: S311 - a draw, not a secret
    cumulative = np.cumsum(weights)
    total = float(cumulative[-1])
    if total <= 0:
        return int(ids[int(u * len(ids))])
    index = int(np.searchsorted(cumulative, u * total, side="right"))
    return int(ids[min(index, len(ids) - 1)])


def draw_next(
    participant_id: int,
    seen: int,
    candidates: Sequence[int],
    *,
    priorities: Mapping[int, float] | None,
    vote_counts: Mapping[int, int] | None = None,
) -> int | None:
    """The participant's next statement among `candidates` (ids in ascending order).

    With the latest snapshot's Pol.is-style `priorities`, a weighted draw (`draw_weights`,
    `draw_weighted`); without them, the statement with the fewest votes comes first. The
    pages (`next_statement_for`) and the phones' vote API (`live_api`, with the weights of
    its statement table worked out once) both draw with these functions.
    """
    if not candidates:
        return None
    if not priorities:
        counts = vote_counts or {}
        return min(candidates, key=lambda pk: (counts.get(pk, 0), pk))
    return draw_weighted(
        participant_id,
        seen,
        np.fromiter(candidates, np.int64, len(candidates)),
        draw_weights(candidates, priorities),
    )


def snapshot_priorities(snapshot: OpinionSnapshot | None) -> dict[int, float] | None:
    if snapshot is None or not snapshot.statement_priorities:
        return None
    return {int(key): float(value) for key, value in snapshot.statement_priorities.items()}


def next_statement_for(participant: Participant) -> Statement | None:
    """One accepted statement the participant has not voted on (`draw_next`), or None
    when none is left."""
    unseen = (
        Statement.objects.filter(
            conversation_id=participant.conversation_id, state=Statement.State.ACCEPTED
        )
        .exclude(Exists(Vote.objects.filter(statement=OuterRef("pk"), participant=participant)))
        .order_by("id")
    )
    snapshot = (
        OpinionSnapshot.objects.filter(conversation_id=participant.conversation_id)
        .order_by("-computed_at", "-id")
        .only("statement_priorities")
        .first()
    )
    priorities = snapshot_priorities(snapshot)
    if priorities is None:
        return unseen.annotate(votes_total=Count("votes")).order_by("votes_total", "id").first()
    seen = Vote.objects.filter(participant=participant).count()
    chosen = draw_next(
        participant.pk, seen, list(unseen.values_list("id", flat=True)), priorities=priorities
    )
    return Statement.objects.get(pk=chosen) if chosen is not None else None


def conversation_counts(conversation: Conversation) -> dict[str, Any]:
    """The projector's live numbers."""
    statements = Statement.objects.filter(conversation=conversation).aggregate(
        accepted=Count("id", filter=_state(Statement.State.ACCEPTED)),
        pending=Count("id", filter=_state(Statement.State.PENDING)),
        rejected=Count("id", filter=_state(Statement.State.REJECTED)),
    )
    votes = Vote.objects.filter(statement__conversation=conversation).aggregate(
        votes=Count("id"), voters=Count("participant", distinct=True)
    )
    snapshot = latest_snapshot(conversation)
    return {
        "participants": Participant.objects.filter(conversation=conversation).count(),
        "voters": votes["voters"],
        "votes": votes["votes"],
        "statements": statements["accepted"],
        "pending": statements["pending"],
        "rejected": statements["rejected"],
        "computed_at": snapshot.computed_at if snapshot is not None else None,
    }


def _state(state: str) -> Any:
    from django.db.models import Q

    return Q(state=state)


def moderation_queue(conversation: Conversation) -> QuerySet[Statement]:
    """Statements waiting for a facilitator, oldest first."""
    return (
        Statement.objects.filter(conversation=conversation, state=Statement.State.PENDING)
        .select_related("author")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class Similar:
    statement: Statement
    score: float


def _tokens(text: str) -> set[str]:
    return set(text.split())


def similarity(first: str, second: str) -> float:
    """How alike two normalised texts are: the better of difflib's ratio (reworded
    sentences) and the Jaccard index of their words (the same words in another order)."""
    if first == second:
        return 1.0
    words_a, words_b = _tokens(first), _tokens(second)
    jaccard = len(words_a & words_b) / len(words_a | words_b) if words_a or words_b else 0.0
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < (
        SIMILARITY_THRESHOLD
    ):
        return jaccard
    return max(matcher.ratio(), jaccard)


def similar_statements(
    conversation: Conversation,
    text: str,
    *,
    exclude: Statement | None = None,
    limit: int = 3,
    threshold: float = SIMILARITY_THRESHOLD,
) -> list[Similar]:
    """Statements close to `text`, most alike first: offered for merging, or shown to a
    participant before they post something that is already there."""
    normalised = normalise_text(text)
    if not normalised:
        return []
    candidates = Statement.objects.filter(conversation=conversation).exclude(
        state=Statement.State.REJECTED
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = []
    for statement in candidates.only("id", "text", "normalised_text", "state", "conversation_id"):
        score = similarity(normalised, statement.normalised_text)
        if score >= threshold:
            found.append(Similar(statement, score))
    found.sort(key=lambda item: (-item.score, item.statement.pk))
    return found[:limit]
