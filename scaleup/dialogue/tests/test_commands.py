"""`scaleup import-polis`, `export-polis` and `recompute`, on real Pol.is open data."""

from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from scaleup.dialogue.models import Conversation, OpinionSnapshot, Participant, Statement
from scaleup.dialogue.tests.factories import ConversationFactory
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory

pytestmark = pytest.mark.django_db

POLIS_DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "polis"
BG2050 = POLIS_DATA / "bg2050-volunteers"
needs_data = pytest.mark.skipif(
    not BG2050.is_dir(), reason=f"Pol.is open data not found in {POLIS_DATA}"
)


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "workshop"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,"
        "group-informed-consensus,comment-body\n"
        "1700000000000,0,0,1,0,1,false,true,,More training\n"
        "1700000001000,1,1,0,1,1,false,false,,Fewer forms\n",
        encoding="utf-8",
    )
    (folder / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "1700000002000,x,0,0,1\n"
        "1700000003000,x,1,0,-1\n"
        "1700000004000,x,1,1,1\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def group():
    return StakeholderGroupFactory.create(slug="rsg-lubelskie")


def test_import_prints_the_slug_of_a_new_closed_conversation(group, tmp_path: Path) -> None:
    slug = _run("import_polis", str(_small_folder(tmp_path)), "--group", "rsg-lubelskie")
    conversation = Conversation.objects.get(slug=slug)
    assert (conversation.group, conversation.is_open) == (group, False)
    assert conversation.statements.count() == 2
    assert OpinionSnapshot.objects.filter(conversation=conversation).exists()


def test_malformed_folder_names_file_line_and_column_and_saves_nothing(
    group,
    tmp_path: Path,
) -> None:
    folder = _small_folder(tmp_path)
    votes = folder / "votes.csv"
    votes.write_text(votes.read_text().replace("1700000004000,x,1,1,1", "1700000004000,x,1,1,7"))
    with pytest.raises(CommandError) as error:
        _run("import_polis", str(folder), "--group", "rsg-lubelskie")
    assert "votes.csv, line 4, column 'vote'" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not Conversation.objects.exists()
    assert not Participant.objects.exists()


def test_folder_without_comments_is_refused(group, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"comments\.csv is required"):
        _run("import_polis", str(tmp_path), "--group", "rsg-lubelskie")
    assert not Conversation.objects.exists()


def test_missing_folder_is_refused(group, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not a folder"):
        _run("import_polis", str(tmp_path / "nowhere"), "--group", "rsg-lubelskie")


def test_failing_map_leaves_nothing_behind(
    group,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scaleup.dialogue import services

    def broken(*, conversation: Conversation) -> OpinionSnapshot:
        raise RuntimeError("maths failed")

    monkeypatch.setattr(services, "recompute", broken)
    with pytest.raises(RuntimeError):
        _run("import_polis", str(_small_folder(tmp_path)), "--group", "rsg-lubelskie")
    assert not Conversation.objects.exists()
    assert not Statement.objects.exists()


def test_unknown_group_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No stakeholder group has the slug"):
        _run("import_polis", str(_small_folder(tmp_path)), "--group", "nope")


def test_group_must_be_named_when_there_are_several(tmp_path: Path) -> None:
    StakeholderGroupFactory.create_batch(2)
    with pytest.raises(CommandError, match="--group"):
        _run("import_polis", str(_small_folder(tmp_path)))


def test_recompute_by_slug_or_id() -> None:
    conversation = ConversationFactory.create(slug="gaps")
    assert _run("recompute", "gaps").startswith("gaps: 0 votes")
    assert _run("recompute", str(conversation.pk)).startswith("gaps:")
    assert OpinionSnapshot.objects.filter(conversation=conversation).count() == 2


def test_recompute_of_an_unknown_conversation_is_refused() -> None:
    with pytest.raises(CommandError, match="No conversation has the slug or id"):
        _run("recompute", "nope")


@needs_data
def test_bg2050_round_trip_keeps_layout_and_counts(group, tmp_path: Path) -> None:
    source = tmp_path / "bg2050-volunteers"
    shutil.copytree(BG2050, source)
    slug = _run("import_polis", str(source), "--group", "rsg-lubelskie")
    assert slug == "bg2050-volunteers"
    out = tmp_path / "out"
    _run("export_polis", slug, str(out))

    for name in ("comments.csv", "votes.csv", "participants-votes.csv"):
        original, exported = _rows(source / name), _rows(out / name)
        assert exported[0] == original[0], name
        assert len(exported) == len(original), name

    def by_id(rows: list[list[str]], key: str) -> dict[str, list[str]]:
        index = rows[0].index(key)
        return {row[index]: row for row in rows[1:]}

    original_comments = by_id(_rows(source / "comments.csv"), "comment-id")
    exported_comments = by_id(_rows(out / "comments.csv"), "comment-id")
    # agrees, disagrees, moderated, is-meta, is-seed and the text survive unchanged.
    for cid, row in original_comments.items():
        assert [row[i] for i in (1, 2, 3, 4, 5, 6, 7, 9)] == [
            exported_comments[cid][i] for i in (1, 2, 3, 4, 5, 6, 7, 9)
        ]

    original_people = by_id(_rows(source / "participants-votes.csv"), "participant")
    exported_people = by_id(_rows(out / "participants-votes.csv"), "participant")
    assert exported_people.keys() == original_people.keys()
    for pid, row in original_people.items():
        # n-comments .. n-disagree and every vote cell; group-id is ours, checked below.
        assert row[3:] == exported_people[pid][3:], pid

    grouped = sum(1 for row in exported_people.values() if row[2] != "")
    assert grouped > 0

    summary = dict((row[0], row[1]) for row in _rows(out / "summary.csv"))
    original_summary = dict((row[0], row[1]) for row in _rows(source / "summary.csv"))
    assert list(summary) == list(original_summary)
    for key in ("topic", "url", "voters", "commenters", "comments", "conversation-description"):
        assert summary[key] == original_summary[key], key


@needs_data
def test_exported_votes_have_pol_is_timestamps_and_signs(group, tmp_path: Path) -> None:
    slug = _run("import_polis", str(BG2050), "--group", "rsg-lubelskie")
    _run("export_polis", slug, str(tmp_path))
    original = _rows(BG2050 / "votes.csv")[1:]
    exported = _rows(tmp_path / "votes.csv")[1:]
    key = lambda row: (int(row[2]), int(row[3]), int(row[0]))  # noqa: E731
    assert [(r[0], r[2], r[3], r[4]) for r in sorted(exported, key=key)] == [
        (r[0], r[2], r[3], r[4]) for r in sorted(original, key=key)
    ]


@needs_data
def test_reading_the_votes_in_small_batches_writes_the_same_files(
    group, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scaleup.dialogue import polis

    slug = _run("import_polis", str(BG2050), "--group", "rsg-lubelskie")
    _run("export_polis", slug, str(tmp_path / "whole"))
    monkeypatch.setattr(polis, "BATCH_ROWS", 50)
    _run("export_polis", slug, str(tmp_path / "batched"))
    for name in ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"):
        whole = (tmp_path / "whole" / name).read_bytes()
        assert whole == (tmp_path / "batched" / name).read_bytes(), name
