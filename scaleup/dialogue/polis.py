"""Pol.is open data in and out: the folder layout of github.com/compdemocracy/openData.

Reading and checking the files is the maths package's `read_polis_folder`, which raises
`PolisFormatError` naming the file, line and column. This module saves a checked export as
a new conversation (all or nothing, with its opinion map) and writes a conversation back
out as `comments.csv`, `votes.csv`, `participants-votes.csv` and `summary.csv`, in the
column layout of Pol.is's newest exports (bg2050-volunteers).

Votes keep the exported sign (+1 agree, -1 disagree, 0 pass): Pol.is flips its internal
sign when it exports, so the files already use our convention.

Ids: Pol.is numbers comments and participants from 0 within a conversation. Imported rows
keep theirs in `external_id`; rows made here get the next free numbers, in creation order.
A seed statement has no author participant and is exported with author-id -1.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from scaleup.core.audit import record
from scaleup.dialogue import services
from scaleup.dialogue.models import (
    IMPORTED_STATEMENT_MAX_LENGTH,
    Conversation,
    Participant,
    Statement,
    Vote,
    VoteEvent,
    normalise_text,
)
from scaleup.dialogue.opinion import PolisExport, PolisFormatError
from scaleup.dialogue.selectors import latest_snapshot
from scaleup.stakeholders.models import StakeholderGroup

COMMENTS_COLUMNS = (
    "timestamp",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "is-meta",
    "is-seed",
    "group-informed-consensus",
    "comment-body",
)
VOTES_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANTS_COLUMNS = (
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
)
SUMMARY_KEYS = (
    "topic",
    "url",
    "views",
    "voters",
    "voters-in-conv",
    "commenters",
    "comments",
    "groups",
    "conversation-description",
)
MODERATED: dict[str, int] = {
    Statement.State.ACCEPTED: 1,
    Statement.State.PENDING: 0,
    Statement.State.REJECTED: -1,
}
STATE_OF = {value: state for state, value in MODERATED.items()}
BATCH = 2000


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRow:
    timestamp_ms: int | None
    voter: int
    comment: int
    value: int


def _from_ms(value: int | None) -> dt.datetime:
    if not value:
        return timezone.now()
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)


def _vote_rows(export: PolisExport) -> list[VoteRow]:
    """Every vote event in time order: votes.csv's rows (re-votes included, already checked
    by the reader) when the folder has it, else the latest votes without a time."""
    votes_file = export.path / "votes.csv"
    if export.votes_source == "votes.csv" and votes_file.is_file():
        with votes_file.open(newline="", encoding="utf-8-sig") as handle:
            rows = [
                VoteRow(
                    int(row["timestamp"]),
                    int(row["voter-id"]),
                    int(row["comment-id"]),
                    int(float(row["vote"])),
                )
                for row in csv.DictReader(handle)
                if row
            ]
        rows.sort(key=lambda row: row.timestamp_ms or 0)
        return rows
    table = export.votes
    return [
        VoteRow(None, int(voter), int(comment), int(value))
        for voter, comment, value in zip(
            table.participant_ids.tolist(),
            table.statement_ids.tolist(),
            table.values.tolist(),
            strict=True,
        )
    ]


def _check(export: PolisExport) -> None:
    """What the reader accepts but this app cannot store."""
    for comment in export.comments:
        if len(comment.text) > IMPORTED_STATEMENT_MAX_LENGTH:
            raise PolisFormatError(
                f"comment {comment.id} has {len(comment.text)} characters; "
                f"at most {IMPORTED_STATEMENT_MAX_LENGTH} can be imported",
                "comments.csv",
                column="comment-body",
            )


@transaction.atomic
def import_polis(
    *,
    export: PolisExport,
    group: StakeholderGroup,
    actor: Any,
    slug: str = "",
    language: str = "en",
) -> Conversation:
    """Save a checked Pol.is export as a new, closed conversation and compute its map.

    All or nothing: any failure (including the opinion maths) leaves no trace.
    """
    _check(export)
    summary = export.summary
    topic = (summary.get("topic") or export.path.name).strip()[:500]
    conversation = services.create_conversation(
        question=topic,
        group=group,
        slug=slug or services.unique_slug(export.path.name),
        description=summary.get("conversation-description", ""),
        language=language,
        moderation=Conversation.Moderation.POST,
        is_open=False,
        source_url=summary.get("url", "") if summary.get("url", "").startswith("http") else "",
        actor=actor,
    )
    events = _vote_rows(export)
    first_seen: dict[int, int | None] = {}
    for event in events:
        first_seen.setdefault(event.voter, event.timestamp_ms)
    people = sorted({*export.participants, *(c.author_id for c in export.comments), *first_seen})
    Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation,
                external_id=str(pid),
                created_at=_from_ms(first_seen.get(pid)),
            )
            for pid in people
        ],
        batch_size=BATCH,
    )
    participant_pk = {
        int(external): pk
        for external, pk in Participant.objects.filter(conversation=conversation).values_list(
            "external_id", "id"
        )
    }
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                external_id=str(comment.id),
                text=comment.text,
                normalised_text=normalise_text(comment.text),
                author_id=participant_pk.get(comment.author_id),
                language=language,
                state=STATE_OF[comment.moderated],
                is_meta=comment.is_meta,
                is_seed=comment.is_seed,
                created_at=_from_ms(comment.timestamp_ms),
            )
            for comment in export.comments
        ],
        batch_size=BATCH,
    )
    statement_pk = {
        int(external): pk
        for external, pk in Statement.objects.filter(conversation=conversation).values_list(
            "external_id", "id"
        )
    }
    _save_votes(events, participant_pk, statement_pk)
    services.recompute(conversation=conversation)
    record(
        actor=actor,
        action="dialogue.conversation.imported",
        target=conversation,
        source=str(export.path.name),
        statements=len(export.comments),
        participants=len(people),
        vote_events=len(events),
    )
    return conversation


def _save_votes(
    events: Sequence[VoteRow], participant_pk: dict[int, int], statement_pk: dict[int, int]
) -> None:
    event_rows: list[VoteEvent] = []
    current: dict[tuple[int, int], Vote] = {}
    for event in events:
        voter, statement = participant_pk[event.voter], statement_pk[event.comment]
        when = _from_ms(event.timestamp_ms)
        client_vote_id = uuid.uuid4()
        event_rows.append(
            VoteEvent(
                participant_id=voter,
                statement_id=statement,
                value=event.value,
                client_vote_id=client_vote_id,
                created_at=when,
            )
        )
        vote = current.get((voter, statement))
        if vote is None:
            current[(voter, statement)] = Vote(
                participant_id=voter,
                statement_id=statement,
                value=event.value,
                client_vote_id=client_vote_id,
                created_at=when,
                updated_at=when,
            )
        else:
            vote.value, vote.client_vote_id, vote.updated_at = event.value, client_vote_id, when
    VoteEvent.objects.bulk_create(event_rows, batch_size=BATCH)
    Vote.objects.bulk_create(list(current.values()), batch_size=BATCH)


# --- Export ---------------------------------------------------------------------------------


def _numbering(rows: Iterable[tuple[int, str]]) -> dict[int, int]:
    """Pol.is ids: the external id where it is a number, else the next free number."""
    ordered = list(rows)
    numbers: dict[int, int] = {}
    used: set[int] = set()
    for pk, external in ordered:
        if external.isdigit() and int(external) not in used:
            numbers[pk] = int(external)
            used.add(int(external))
    following = max(used, default=-1) + 1
    for pk, _external in ordered:
        if pk not in numbers:
            numbers[pk] = following
            following += 1
    return numbers


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _java_datetime(moment: dt.datetime) -> str:
    """Pol.is's `datetime` column is Java's Date.toString(): "Fri Sep 20 14:29:43 UTC 2024"."""
    moment = moment.astimezone(dt.UTC)
    return (
        f"{DAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} UTC {moment.year}"
    )


def _ms(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1000)


def _writer(path: Path) -> tuple[Any, Any]:
    handle = path.open("w", newline="", encoding="utf-8")
    return handle, csv.writer(handle, lineterminator="\n")


@dataclass(frozen=True)
class ExportCounts:
    comments: int
    vote_events: int
    participants: int
    groups: int


#: The files of Pol.is's open-data layout that `export_polis` writes.
POLIS_FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
#: Rows written between two progress reports.
PROGRESS_EVERY_ROWS = 1000
#: Vote rows read from the database at a time by the export.
BATCH_ROWS = 50_000
#: Ids in one `IN (...)` list: SQLite allows 32,766 parameters in a statement.
IN_LIST_LIMIT = 10_000

T = TypeVar("T")


def _batches(items: Sequence[T], size: Callable[[T], int], limit: int) -> Iterator[list[T]]:
    """Consecutive runs of the items whose sizes add up to about `limit` (at least one
    each), of at most `IN_LIST_LIMIT` items."""
    batch: list[T] = []
    total = 0
    for item in items:
        if batch and (total + size(item) > limit or len(batch) >= IN_LIST_LIMIT):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += size(item)
    if batch:
        yield batch


def export_polis(
    conversation: Conversation,
    directory: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    public: bool = False,
) -> ExportCounts:
    """Write the four files into `directory` (created if missing; files are replaced).
    `progress(rows written, rows in all)` is told every `PROGRESS_EVERY_ROWS` rows.
    `public` files (the open data) keep the text of accepted statements only: a rejected or
    unmoderated one was never shown to the room, and may hold what should not be published."""
    directory.mkdir(parents=True, exist_ok=True)
    # An open workshop goes on while its files are written: everything is read as of the
    # last vote and the participants known when the export began (later ids are left out,
    # and so is a row committed out of id order in that instant), so no file names a
    # statement or a participant that the others do not have. A vote changed meanwhile
    # may show its new value in participants-votes.csv.
    last_event = (
        VoteEvent.objects.filter(statement__conversation=conversation)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
        or 0
    )
    statements = list(
        Statement.objects.filter(conversation=conversation).order_by("created_at", "id")
    )
    comment_id = _numbering((s.pk, s.external_id) for s in statements)
    participant_id = _numbering(
        Participant.objects.filter(conversation=conversation)
        .order_by("created_at", "id")
        .values_list("id", "external_id")
    )
    known = {
        "statement_id__lte": max(comment_id, default=0),
        "participant_id__lte": max(participant_id, default=0),
    }
    events = VoteEvent.objects.filter(id__lte=last_event, **known)
    snapshot = latest_snapshot(conversation)
    data = snapshot.data if snapshot is not None else {}
    gic = {int(s["id"]): float(s["gic"]) for s in data.get("statements", [])}
    group_of = {int(p["id"]): int(p["group"]) for p in data.get("participants", [])}

    # Counted by the database and read in batches: a workshop of a million votes is written
    # with the memory of a batch, not of the whole (bench/exports.py measures it).
    cast: dict[int, dict[int, int]] = defaultdict(dict)
    for voted, value, number in (
        events.filter(statement__conversation=conversation)
        .values_list("statement_id", "value")
        .annotate(number=Count("id"))
        .order_by()
    ):
        cast[voted][value] = number
    events_total = sum(sum(values.values()) for values in cast.values())

    written = 0
    # The participants file has at most one row per participant: the total is an upper
    # bound until its rows are counted, and the last report says the exact figure.
    expected = len(statements) + events_total + len(participant_id) + 1
    if progress is not None:
        progress(0, expected)  # loading a large workshop's votes takes a while: alive

    def wrote(rows: int = 1) -> None:
        nonlocal written
        written += rows
        if progress is not None and written % PROGRESS_EVERY_ROWS == 0:
            progress(written, expected)

    in_order = sorted(statements, key=lambda s: comment_id[s.pk])
    handle, writer = _writer(directory / "comments.csv")
    with handle:
        writer.writerow(COMMENTS_COLUMNS)
        for statement in in_order:
            writer.writerow(
                [
                    _ms(statement.created_at),
                    comment_id[statement.pk],
                    participant_id[statement.author_id] if statement.author_id else -1,
                    cast[statement.pk].get(1, 0),
                    cast[statement.pk].get(-1, 0),
                    MODERATED[statement.state],
                    "true" if statement.is_meta else "false",
                    "true" if statement.is_seed else "false",
                    repr(gic[statement.pk]) if statement.pk in gic else "",
                    statement.text
                    if not public or statement.state == Statement.State.ACCEPTED
                    else "",
                ]
            )
            wrote()

    handle, writer = _writer(directory / "votes.csv")
    with handle:
        writer.writerow(VOTES_COLUMNS)
        for batch in _batches(in_order, lambda s: sum(cast[s.pk].values()), BATCH_ROWS):
            rows = sorted(
                (comment_id[voted], participant_id[voter], _ms(when), value, when)
                for voter, voted, value, when in events.filter(statement__in=batch).values_list(
                    "participant_id", "statement_id", "value", "created_at"
                )
                if voter in participant_id
            )
            for comment, voter, stamp, value, when in rows:
                writer.writerow([stamp, _java_datetime(when), comment, voter, value])
                wrote()

    current = Vote.objects.filter(statement__conversation=conversation, **known)
    columns = sorted(
        comment_id[voted]
        for voted in current.values_list("statement_id", flat=True).distinct().order_by()
        if voted in comment_id
    )
    voters = sorted(
        (
            voter
            for voter in current.values_list("participant_id", flat=True).distinct().order_by()
            if voter in participant_id
        ),
        key=participant_id.__getitem__,
    )
    authored = Counter(s.author_id for s in statements if s.author_id)
    handle, writer = _writer(directory / "participants-votes.csv")
    with handle:
        writer.writerow([*PARTICIPANTS_COLUMNS, *map(str, columns)])
        chunk = min(max(1, BATCH_ROWS // max(len(columns), 1)), IN_LIST_LIMIT)
        for start in range(0, len(voters), chunk):
            some = voters[start : start + chunk]
            cells: dict[int, dict[int, int]] = defaultdict(dict)
            for voter, voted, value in current.filter(participant_id__in=some).values_list(
                "participant_id", "statement_id", "value"
            ):
                if voted in comment_id:
                    cells[voter][comment_id[voted]] = value
            for participant in some:
                row = cells[participant]
                values = list(row.values())
                group = group_of.get(participant)
                writer.writerow(
                    [
                        participant_id[participant],
                        "",
                        "" if group is None else group,
                        authored[participant],
                        len(values),
                        values.count(1),
                        values.count(-1),
                        *(row.get(comment, "") for comment in columns),
                    ]
                )
                wrote()

    groups = len(data.get("groups", []))
    summary = {
        "topic": conversation.question,
        "url": conversation.source_url,
        "views": len(participant_id),
        "voters": len(voters),
        "voters-in-conv": len(voters),
        "commenters": len(authored),
        "comments": len(statements),
        "groups": groups,
        "conversation-description": conversation.description,
    }
    handle, writer = _writer(directory / "summary.csv")
    with handle:
        for key in SUMMARY_KEYS:
            writer.writerow([key, summary[key]])
    if progress is not None:
        progress(written + 1, written + 1)
    return ExportCounts(len(statements), events_total, len(voters), groups)
