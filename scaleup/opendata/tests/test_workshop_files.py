"""A published workshop's files are exported once and served again until it changes."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from scaleup.dialogue import polis
from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import Conversation, Statement
from scaleup.dialogue.tests.factories import (
    ConversationFactory,
    ParticipantFactory,
    StatementFactory,
)
from scaleup.opendata import workshop_files
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(world: World) -> Conversation:
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting
    )
    statement = StatementFactory.create(conversation=conversation, text="Wspólne biuro")
    voter = ParticipantFactory.create(conversation=conversation)
    dialogue_services.cast_vote(
        participant=voter, statement=statement, value=1, client_vote_id=uuid.uuid4()
    )
    conversation.is_open = False
    conversation.save()
    return conversation


def _comments(conversation: Conversation) -> str:
    address = url("opendata:workshop_file", slug=conversation.slug, file="comments")
    response = Client().get(address)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


def _folders(settings: Any) -> list[str]:
    """The cache's folders, not its lock files."""
    cache = Path(settings.OPENDATA_CACHE_DIR)
    return sorted(entry.name for entry in cache.iterdir() if entry.is_dir())


def _count_exports(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    exports: list[int] = []
    real = polis.export_polis

    def counted(conversation: Conversation, directory: Path, **options: object) -> object:
        exports.append(conversation.pk)
        return real(conversation, directory, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(workshop_files, "export_polis", counted)
    return exports


def test_a_second_download_reads_the_files_written_for_the_first(
    workshop: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = _count_exports(monkeypatch)
    assert _comments(workshop) == _comments(workshop)
    assert exports == [workshop.pk]


def test_a_statement_moderated_later_is_exported_again_and_the_old_files_go(
    workshop: Conversation, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    exports = _count_exports(monkeypatch)
    assert "Wspólne biuro" in _comments(workshop)
    Statement.objects.filter(conversation=workshop).update(state=Statement.State.REJECTED)

    assert "Wspólne biuro" not in _comments(workshop)
    assert len(exports) == 2
    assert _folders(settings) == [f"{workshop.pk}-{workshop_files.fingerprint(workshop)}"]


def test_a_failed_export_leaves_no_folder_behind(
    workshop: Conversation, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(workshop_files, "export_polis", broken)
    with pytest.raises(OSError, match="disk full"):
        workshop_files.folder_of(workshop)
    assert _folders(settings) == []


def test_a_text_corrected_after_the_workshop_is_exported_again(
    workshop: Conversation,
) -> None:
    """Same counts, same states: only the text differs."""
    assert "Wspólne biuro" in _comments(workshop)
    Statement.objects.filter(conversation=workshop).update(text="Wspólne biuro klastrów")
    assert "Wspólne biuro klastrów" in _comments(workshop)


def test_a_leftover_of_an_export_killed_midway_is_swept(
    workshop: Conversation, settings: Any
) -> None:
    cache = Path(settings.OPENDATA_CACHE_DIR)
    (cache / f".building-{workshop.pk}-dead").mkdir(parents=True)
    workshop_files.folder_of(workshop)
    assert not (cache / f".building-{workshop.pk}-dead").exists()
