"""The Pol.is export of a workshop that is still open: the room goes on voting while the
files are written, and the files still agree with one another."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

import pytest

from scaleup.dialogue import polis, services
from scaleup.dialogue.models import Conversation, Participant, Statement
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def _vote(participant: Participant, statement: Statement, value: int) -> None:
    services.cast_vote(
        participant=participant, statement=statement, value=value, client_vote_id=uuid.uuid4()
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def room(settings: Any) -> Conversation:
    settings.DIALOGUE_RECOMPUTE_ON_VOTE = False
    conversation = ConversationFactory.create()
    people = ParticipantFactory.create_batch(3, conversation=conversation)
    statements = StatementFactory.create_batch(2, conversation=conversation)
    for person in people:
        for statement in statements:
            _vote(person, statement, 1)
    return conversation


def test_people_joining_and_voting_during_the_export_are_left_out_of_every_file(
    room: Conversation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_snapshot = polis.latest_snapshot

    def room_goes_on(conversation: Conversation) -> Any:
        """Runs once the export has read the statements and the participants."""
        latecomer = ParticipantFactory.create(conversation=conversation)
        new = StatementFactory.create(conversation=conversation)
        _vote(latecomer, new, -1)
        first = Statement.objects.filter(conversation=conversation).earliest("id")
        _vote(latecomer, first, -1)
        for early in Participant.objects.filter(conversation=conversation).exclude(pk=latecomer.pk):
            _vote(early, new, 1)
        return read_snapshot(conversation)

    monkeypatch.setattr(polis, "latest_snapshot", room_goes_on)
    counts = polis.export_polis(room, tmp_path)

    assert (counts.comments, counts.vote_events, counts.participants) == (2, 6, 3)
    comments = {row["comment-id"] for row in _rows(tmp_path / "comments.csv")}
    votes = _rows(tmp_path / "votes.csv")
    assert {row["comment-id"] for row in votes} == comments
    assert {row["voter-id"] for row in votes} == {"0", "1", "2"}
    matrix = _rows(tmp_path / "participants-votes.csv")
    assert [row["participant"] for row in matrix] == ["0", "1", "2"]
    assert set(matrix[0]) - comments == set(polis.PARTICIPANTS_COLUMNS)


def test_long_id_lists_are_read_in_chunks_with_the_same_files(
    room: Conversation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    polis.export_polis(room, tmp_path / "whole")
    monkeypatch.setattr(polis, "IN_LIST_LIMIT", 1)
    polis.export_polis(room, tmp_path / "chunked")
    for name in polis.POLIS_FILES:
        assert (tmp_path / "whole" / name).read_bytes() == (
            tmp_path / "chunked" / name
        ).read_bytes()


def test_a_participant_committed_out_of_id_order_is_left_out_not_an_error(
    room: Conversation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if the first participant's row became visible only after the list was read."""
    hidden = Participant.objects.filter(conversation=room).earliest("id").pk
    numbering = polis._numbering
    calls: list[None] = []

    def without_hidden(pairs: Any) -> dict[int, int]:
        calls.append(None)
        if len(calls) == 1:  # the statements
            return numbering(pairs)
        return numbering((pk, external) for pk, external in pairs if pk != hidden)

    monkeypatch.setattr(polis, "_numbering", without_hidden)
    polis.export_polis(room, tmp_path)

    assert {row["voter-id"] for row in _rows(tmp_path / "votes.csv")} == {"0", "1"}
    assert [row["participant"] for row in _rows(tmp_path / "participants-votes.csv")] == ["0", "1"]
