"""Changes to conversations, statements, participants and votes.

Staff actions (creating, opening and closing conversations, moderating and merging
statements) are audited. Statements and votes are the workshop's data, not actions on
someone else's records, so they are not audited one by one.

A vote is one short transaction. Every vote is first recorded as a `VoteEvent` whose
(participant, client_vote_id) is unique: a retried request finds its event and returns
the vote as it stands, without applying anything twice - also when the retry arrives after
a later re-vote. A new event then upserts the participant's current `Vote` for the
statement (INSERT ... ON CONFLICT DO UPDATE), which needs no lock of its own.
"""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from scaleup.core import debounce, live
from scaleup.core.audit import record
from scaleup.dialogue.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    STATEMENT_MAX_LENGTH,
    Conversation,
    OpinionSnapshot,
    Participant,
    RecomputeState,
    Statement,
    Vote,
    VoteEvent,
    conversation_topic,
    hash_seat_token,
    normalise_join_code,
    normalise_text,
)
from scaleup.meetings.models import Meeting
from scaleup.stakeholders.models import StakeholderGroup

#: Snapshots kept per conversation; older ones are deleted after each recompute.
SNAPSHOTS_KEPT = 20
#: A recompute marked as running for longer than this is taken to have died.
RECOMPUTE_STALE_AFTER = timedelta(minutes=5)


# --- Conversations ------------------------------------------------------------------------


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _free_join_code(exclude_pk: int | None = None) -> str:
    for _attempt in range(20):
        code = new_join_code()
        taken = Conversation.objects.filter(join_code=code, is_open=True)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if not taken.exists():
            return code
    raise RuntimeError("No free join code found")  # pragma: no cover - 31**6 codes


RESERVED_SLUGS = frozenset({"join", "new"})


def unique_slug(text: str) -> str:
    base = slugify(text)[:60].strip("-") or "conversation"
    if base in RESERVED_SLUGS:  # taken by the workshop pages' own paths
        base = f"{base}-conversation"
    slug, number = base, 2
    while Conversation.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _save_with_free_code(conversation: Conversation, **save_kwargs: Any) -> None:
    """Save; if another open conversation took the code meanwhile, draw a new one."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                conversation.save(**save_kwargs)
            return
        except IntegrityError:
            if (
                not Conversation.objects.filter(join_code=conversation.join_code, is_open=True)
                .exclude(pk=conversation.pk)
                .exists()
            ):
                raise
            conversation.join_code = _free_join_code(conversation.pk)
            if "update_fields" in save_kwargs:
                save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "join_code"}
    raise RuntimeError("No free join code found")  # pragma: no cover


@transaction.atomic
def create_conversation(
    *,
    question: str,
    actor: Any,
    group: StakeholderGroup | None = None,
    meeting: Meeting | None = None,
    slug: str = "",
    description: str = "",
    language: str = "pl",
    moderation: str = Conversation.Moderation.POST,
    is_open: bool = True,
    source_url: str = "",
) -> Conversation:
    """A conversation of a group, or of a meeting (and then of the meeting's group)."""
    question = question.strip()
    if not question:
        raise ValidationError({"question": _("Enter the question the workshop discusses.")})
    if meeting is not None:
        if group is not None and group.pk != meeting.group_id:
            raise ValidationError(
                {"meeting": _("The meeting belongs to another stakeholder group.")}
            )
        group = meeting.group
    if group is None:
        raise ValidationError({"group": _("Choose the stakeholder group or the meeting.")})
    if moderation not in Conversation.Moderation.values:
        raise ValidationError({"moderation": _("Choose pre- or post-moderation.")})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is taken by the workshop pages.")})
    if slug and Conversation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another conversation already has this address.")})
    conversation = Conversation(
        group=group,
        meeting=meeting,
        slug=slug or unique_slug(question),
        question=question,
        description=description,
        language=language,
        moderation=moderation,
        is_open=is_open,
        join_code=_free_join_code(),
        source_url=source_url,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _save_with_free_code(conversation)
    record(actor=actor, action="dialogue.conversation.created", target=conversation)
    return conversation


def _lock_conversation(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


@transaction.atomic
def open_conversation(*, conversation: Conversation, actor: Any) -> Conversation:
    """Reopen; a conversation that reopens gets a new join code if its old one was reused."""
    conversation = _lock_conversation(conversation)
    if conversation.is_open:
        return conversation
    conversation.is_open = True
    if (
        Conversation.objects.filter(join_code=conversation.join_code, is_open=True)
        .exclude(pk=conversation.pk)
        .exists()
    ):
        conversation.join_code = _free_join_code(conversation.pk)
    _save_with_free_code(conversation, update_fields=["is_open", "join_code", "updated_at"])
    record(actor=actor, action="dialogue.conversation.opened", target=conversation)
    announce_change(conversation.pk)
    return conversation


@transaction.atomic
def close_conversation(*, conversation: Conversation, actor: Any) -> Conversation:
    conversation = _lock_conversation(conversation)
    if not conversation.is_open:
        return conversation
    conversation.is_open = False
    conversation.save(update_fields=["is_open", "updated_at"])
    record(actor=actor, action="dialogue.conversation.closed", target=conversation)
    announce_change(conversation.pk)
    return conversation


#: What `update_conversation` may change; the group, slug and join code stay.
UPDATABLE_CONVERSATION_FIELDS = frozenset(
    {"question", "description", "language", "moderation", "meeting"}
)


@transaction.atomic
def update_conversation(*, conversation: Conversation, actor: Any, **fields: Any) -> Conversation:
    """Change the question, description, language, moderation or meeting.

    The meeting (None for none) must be one of the conversation's group. The audit entry
    lists the changed fields; when nothing changes, nothing is saved or recorded. A change
    of moderation changes which statements the opinion map leaves out, so it is recomputed.
    """
    unknown = set(fields) - UPDATABLE_CONVERSATION_FIELDS
    if unknown:
        raise TypeError(f"update_conversation() cannot change {', '.join(sorted(unknown))}")
    conversation = _lock_conversation(conversation)
    if "question" in fields:
        fields["question"] = str(fields["question"]).strip()
        if not fields["question"]:
            raise ValidationError({"question": _("Enter the question the workshop discusses.")})
    if "moderation" in fields and fields["moderation"] not in Conversation.Moderation.values:
        raise ValidationError({"moderation": _("Choose pre- or post-moderation.")})
    language = fields.get("language", conversation.language)
    if language != conversation.language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose the language of the conversation.")})
    meeting = fields.get("meeting")
    if meeting is not None and meeting.group_id != conversation.group_id:
        raise ValidationError({"meeting": _("The meeting belongs to another stakeholder group.")})
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if name == "meeting":
            old_id, new_id = conversation.meeting_id, value.pk if value is not None else None
            if old_id != new_id:
                changes[name] = [old_id, new_id]
                conversation.meeting = value
        elif getattr(conversation, name) != value:
            changes[name] = [getattr(conversation, name), value]
            setattr(conversation, name, value)
    if not changes:
        return conversation
    conversation.save(update_fields=[*changes, "updated_at"])
    record(
        actor=actor, action="dialogue.conversation.updated", target=conversation, changes=changes
    )
    if "moderation" in changes:
        request_recompute(conversation.pk)
    return conversation


# --- Participants -------------------------------------------------------------------------


def _conversation_for_code(code: str) -> Conversation:
    code = normalise_join_code(code)
    conversation = Conversation.objects.filter(join_code=code, is_open=True).first()
    if conversation is not None:
        return conversation
    if code and Conversation.objects.filter(join_code=code).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("This conversation is closed; it no longer takes new participants."),
                    code="closed",
                )
            }
        )
    raise ValidationError(
        {
            "code": ValidationError(
                _("No open conversation has the code “%(code)s”. Check it on the screen."),
                code="unknown_code",
                params={"code": code[:20]},
            )
        }
    )


@transaction.atomic
def join_conversation(
    *,
    code: str = "",
    conversation: Conversation | None = None,
    user: Any = None,
    seat_token: str = "",
    display_name: str = "",
) -> Participant:
    """The participant for a signed-in user, or an anonymous seat.

    A user joins once per conversation (joining again returns the same participant); an
    anonymous visitor whose cookie holds a valid `seat_token` gets their seat back, anyone
    else a new seat whose raw token is set on the returned `participant.seat_token` (for the
    cookie; only its hash is stored).
    """
    if conversation is None:
        conversation = _conversation_for_code(code)
    elif not conversation.is_open:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("This conversation is closed; it no longer takes new participants."),
                    code="closed",
                )
            }
        )
    display_name = " ".join(display_name.split())[:80]
    if user is not None and getattr(user, "is_authenticated", False):
        participant, _created = Participant.objects.get_or_create(
            conversation=conversation, user=user, defaults={"display_name": display_name}
        )
        return participant
    if seat_token:
        seat = Participant.objects.filter(
            conversation=conversation, seat_token_hash=hash_seat_token(seat_token)
        ).first()
        if seat is not None:
            return seat
    token = secrets.token_urlsafe(32)
    participant = Participant.objects.create(
        conversation=conversation,
        seat_token_hash=hash_seat_token(token),
        display_name=display_name,
    )
    participant.seat_token = token
    return participant


# --- Statements ---------------------------------------------------------------------------


def clean_statement_text(conversation: Conversation, text: str) -> tuple[str, str]:
    """The text as stored and its normalised form, or a ValidationError on the `text` field."""
    text = " ".join(text.split())
    normalised = normalise_text(text)
    if not normalised:
        raise ValidationError(
            {"text": ValidationError(_("Write a statement first."), code="empty")}
        )
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("A statement may have at most %(limit)d characters; this one has %(count)d."),
                    code="too_long",
                    params={"limit": STATEMENT_MAX_LENGTH, "count": len(text)},
                )
            }
        )
    existing = (
        Statement.objects.filter(conversation=conversation, normalised_text=normalised)
        .exclude(state=Statement.State.REJECTED)
        .first()
    )
    if existing is not None:
        raise _duplicate(existing)
    return text, normalised


def _duplicate(existing: Statement) -> ValidationError:
    return ValidationError(
        {
            "text": ValidationError(
                _("This statement has already been posted: “%(text)s”. Vote on it instead."),
                code="duplicate",
                params={"text": existing.text, "statement": existing.pk},
            )
        }
    )


def _create_statement(
    *, conversation: Conversation, text: str, normalised: str, **fields: Any
) -> Statement:
    try:
        with transaction.atomic():
            return Statement.objects.create(conversation=conversation, text=text, **fields)
    except IntegrityError:
        # Someone posted the same statement a moment ago.
        existing = (
            Statement.objects.filter(conversation=conversation, normalised_text=normalised)
            .exclude(state=Statement.State.REJECTED)
            .first()
        )
        if existing is None:
            raise
        raise _duplicate(existing) from None


@transaction.atomic
def post_statement(
    *,
    participant: Participant,
    text: str,
    kind: str = Statement.Kind.INSIGHT,
    language: str = "",
) -> Statement:
    """A participant's statement; under pre-moderation it waits for a facilitator.

    As in Pol.is, the author agrees with their own statement: that vote is cast here, so
    the statement is never offered to its author.
    """
    conversation = Conversation.objects.get(pk=participant.conversation_id)
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    if kind not in Statement.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of statement this is.")})
    text, normalised = clean_statement_text(conversation, text)
    state = (
        Statement.State.PENDING
        if conversation.moderation == Conversation.Moderation.PRE
        else Statement.State.ACCEPTED
    )
    statement = _create_statement(
        conversation=conversation,
        text=text,
        normalised=normalised,
        kind=kind,
        author=participant,
        language=language or conversation.language,
        state=state,
    )
    client_vote_id = uuid.uuid4()
    VoteEvent.objects.create(
        participant=participant, statement=statement, value=1, client_vote_id=client_vote_id
    )
    Vote.objects.create(
        participant=participant, statement=statement, value=1, client_vote_id=client_vote_id
    )
    announce_change(conversation.pk)
    return statement


@transaction.atomic
def add_seed_statement(
    *,
    conversation: Conversation,
    text: str,
    actor: Any,
    kind: str = Statement.Kind.INSIGHT,
    language: str = "",
) -> Statement:
    """A facilitator's statement to start the conversation: accepted at once, no author."""
    if kind not in Statement.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of statement this is.")})
    text, normalised = clean_statement_text(conversation, text)
    statement = _create_statement(
        conversation=conversation,
        text=text,
        normalised=normalised,
        kind=kind,
        language=language or conversation.language,
        state=Statement.State.ACCEPTED,
        is_seed=True,
        moderated_at=timezone.now(),
    )
    record(actor=actor, action="dialogue.statement.seeded", target=statement)
    return statement


@transaction.atomic
def moderate_statement(*, statement: Statement, accept: bool, actor: Any) -> Statement:
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    new_state = Statement.State.ACCEPTED if accept else Statement.State.REJECTED
    if statement.state == new_state:
        return statement
    if accept and statement.merged_into_id is not None:
        raise ValidationError(
            _("This statement was merged into another one; accept that one instead.")
        )
    old_state = statement.state
    statement.state = new_state
    statement.moderated_at = timezone.now()
    try:
        with transaction.atomic():
            statement.save(update_fields=["state", "moderated_at"])
    except IntegrityError:
        duplicate = (
            Statement.objects.filter(
                conversation_id=statement.conversation_id,
                normalised_text=statement.normalised_text,
            )
            .exclude(state=Statement.State.REJECTED)
            .exclude(pk=statement.pk)
            .first()
        )
        if duplicate is None:
            raise
        raise _duplicate(duplicate) from None
    record(
        actor=actor,
        action=f"dialogue.statement.{new_state}",
        target=statement,
        changes={"state": [old_state, new_state]},
    )
    request_recompute(statement.conversation_id)
    return statement


@transaction.atomic
def merge_statements(*, kept: Statement, merged: Statement, actor: Any) -> Statement:
    """Fold a near-duplicate into the statement that stays.

    Votes on the merged statement move to the kept one where the participant has not voted
    on it (their own vote on the kept statement wins); the merged statement is rejected and
    points to the kept one.
    """
    if kept.pk == merged.pk:
        raise ValidationError(_("A statement cannot be merged into itself."))
    locked = {
        s.pk: s
        for s in Statement.objects.select_for_update()
        .filter(pk__in=[kept.pk, merged.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the statements no longer exists."))
    kept, merged = locked[kept.pk], locked[merged.pk]
    if kept.conversation_id != merged.conversation_id:
        raise ValidationError(_("Only statements of the same conversation can be merged."))
    if kept.state == Statement.State.REJECTED:
        raise ValidationError(_("A rejected statement cannot take in another one."))
    if merged.merged_into_id is not None:
        raise ValidationError(_("This statement has already been merged."))
    voters_on_kept = Vote.objects.filter(statement=kept).values("participant_id")
    moving = Vote.objects.filter(statement=merged).exclude(participant_id__in=voters_on_kept)
    moved_participants = list(moving.values_list("participant_id", flat=True))
    Vote.objects.filter(statement=merged, participant_id__in=moved_participants).update(
        statement=kept
    )
    VoteEvent.objects.filter(statement=merged, participant_id__in=moved_participants).update(
        statement=kept
    )
    Statement.objects.filter(merged_into=merged).update(merged_into=kept)
    old_state = merged.state
    merged.state = Statement.State.REJECTED
    merged.merged_into = kept
    merged.moderated_at = timezone.now()
    merged.save(update_fields=["state", "merged_into", "moderated_at"])
    record(
        actor=actor,
        action="dialogue.statement.merged",
        target=kept,
        merged_statement=merged.pk,
        merged_state=old_state,
        moved_votes=len(moved_participants),
    )
    request_recompute(kept.conversation_id)
    return kept


# --- Votes --------------------------------------------------------------------------------


def _parse_client_vote_id(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(_("The vote id is not valid."), code="bad_vote_id") from None


def cast_vote(
    *,
    participant: Participant,
    statement: Statement | int,
    value: int,
    client_vote_id: uuid.UUID | str,
) -> Vote:
    """Record a vote (+1 agree, -1 disagree, 0 pass); see the module docstring.

    Refused for a closed conversation, and for a statement that does not exist, belongs to
    another conversation or is not accepted (pending or rejected).
    """
    if value not in (-1, 0, 1):
        raise ValidationError(_("A vote is agree, disagree or pass."), code="bad_value")
    vote_id = _parse_client_vote_id(client_vote_id)
    statement_id = statement.pk if isinstance(statement, Statement) else statement
    with transaction.atomic():
        target = (
            Statement.objects.select_related("conversation")
            .filter(pk=statement_id, conversation_id=participant.conversation_id)
            .only("state", "conversation_id", "conversation__is_open")
            .first()
        )
        if target is None:
            raise ValidationError(_("This statement does not exist."), code="unknown_statement")
        if not target.conversation.is_open:
            raise ValidationError(
                _("This conversation is closed; votes are no longer taken."), code="closed"
            )
        if not target.is_votable:
            raise ValidationError(
                _("This statement is not open for votes."), code="statement_not_votable"
            )
        now = timezone.now()
        try:
            with transaction.atomic():
                VoteEvent.objects.create(
                    participant=participant,
                    statement_id=target.pk,
                    value=value,
                    client_vote_id=vote_id,
                    created_at=now,
                )
        except IntegrityError:
            # A retry: this vote was recorded before; apply nothing.
            event = VoteEvent.objects.get(participant=participant, client_vote_id=vote_id)
            if event.statement_id != target.pk:
                raise ValidationError(
                    _("This vote id was already used for another statement."),
                    code="vote_id_reused",
                ) from None
            return Vote.objects.get(participant=participant, statement_id=target.pk)
        Vote.objects.bulk_create(
            [
                Vote(
                    participant=participant,
                    statement_id=target.pk,
                    value=value,
                    client_vote_id=vote_id,
                    created_at=now,
                    updated_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["participant", "statement"],
            update_fields=["value", "client_vote_id", "updated_at"],
        )
        announce_change(participant.conversation_id)
        if getattr(settings, "DIALOGUE_RECOMPUTE_ON_VOTE", True):
            request_recompute(participant.conversation_id)
        return Vote.objects.get(participant=participant, statement_id=target.pk)


# --- Opinion map --------------------------------------------------------------------------


def moderated_out_ids(conversation: Conversation) -> list[int]:
    """Statements the maths leaves out: rejected (and merged) ones, and under
    pre-moderation those still waiting (only their author has voted on them)."""
    out = Q(state=Statement.State.REJECTED)
    if conversation.moderation == Conversation.Moderation.PRE:
        out |= Q(state=Statement.State.PENDING)
    return list(
        Statement.objects.filter(out, conversation=conversation).values_list("id", flat=True)
    )


def recompute(*, conversation: Conversation) -> OpinionSnapshot:
    """Compute the opinion map from the current votes and store it as a snapshot.

    Group ids stay stable: the previous snapshot's groups are handed to the maths, which
    matches the new groups to them.
    """
    import numpy as np

    from scaleup.dialogue.opinion import OpinionResult, VoteTable, compute

    rows = Vote.objects.filter(statement__conversation=conversation).values_list(
        "participant_id", "statement_id", "value"
    )
    data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
    votes = VoteTable(
        participant_ids=np.ascontiguousarray(data[:, 0]),
        statement_ids=np.ascontiguousarray(data[:, 1]),
        values=data[:, 2].astype(np.int8),
    )
    previous = (
        OpinionSnapshot.objects.filter(conversation=conversation).order_by("-computed_at", "-id")
    ).first()
    previous_result = (
        OpinionResult.from_dict(previous.data) if previous is not None and previous.data else None
    )
    shown = Statement.objects.filter(conversation=conversation).exclude(
        id__in=moderated_out_ids(conversation)
    )
    seed = conversation.pk
    started = time.perf_counter()
    result = compute(
        votes,
        moderated_out=moderated_out_ids(conversation),
        previous=previous_result,
        statements=list(shown.values_list("id", flat=True)),
        meta=list(shown.filter(is_meta=True).values_list("id", flat=True)),
        seed=seed,
    )
    duration_ms = round((time.perf_counter() - started) * 1000)
    snapshot = OpinionSnapshot.objects.create(
        conversation=conversation,
        votes_count=len(data),
        participants_count=len(set(data[:, 0].tolist())),
        duration_ms=duration_ms,
        seed=seed,
        data=result.as_dict(),
        statement_priorities={
            str(key): float(value) for key, value in result.statement_priorities.items()
        },
    )
    stale = OpinionSnapshot.objects.filter(conversation=conversation).order_by(
        "-computed_at", "-id"
    )[SNAPSHOTS_KEPT:]
    OpinionSnapshot.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    announce_change(conversation.pk)
    return snapshot


def announce_change(conversation_id: int) -> None:
    """Once the transaction commits, tell every server process that the conversation
    changed, so live projector pages refresh (`core.live`)."""
    transaction.on_commit(partial(live.publish, conversation_topic(conversation_id)))


def request_recompute(conversation_id: int) -> None:
    """Ask for a fresh opinion map once the current transaction commits.

    The recompute runs as a background task, off the request path, debounced by the
    conversation's `RecomputeState` (`core.debounce`): a burst of votes queues one task,
    and at most one recompute runs per conversation at a time.
    """
    announce_change(conversation_id)
    transaction.on_commit(partial(queue_recompute_now, conversation_id))


def queue_recompute_now(conversation_id: int) -> None:
    """Ask for a recompute now: the change it reflects has committed."""
    from scaleup.dialogue.tasks import recompute_opinion_map

    debounce.request(
        RecomputeState,
        {"conversation_id": conversation_id},
        lambda: recompute_opinion_map.enqueue(conversation_id),
        stale_after=RECOMPUTE_STALE_AFTER,
    )


def run_recompute(conversation_id: int) -> OpinionSnapshot | None:
    """Recompute unless one is already running (then that one is asked to run again);
    a failed recompute is retried after a growing delay."""
    from scaleup.dialogue.tasks import recompute_opinion_map

    return debounce.run(
        RecomputeState,
        {"conversation_id": conversation_id},
        lambda: recompute(conversation=Conversation.objects.get(pk=conversation_id)),
        stale_after=RECOMPUTE_STALE_AFTER,
        min_interval=getattr(settings, "DIALOGUE_RECOMPUTE_MIN_SECONDS", 0.0),
        retry=debounce.later(recompute_opinion_map, conversation_id),
    )
