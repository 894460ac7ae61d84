"""Readers for the Pol.is open-data folder layout (spec §3.3; data README).

A folder holds `comments.csv` (required), `votes.csv`, `participants-votes.csv` and
`summary.csv`. Every Pol.is export writes votes as agree = +1, disagree = -1, pass = 0, which
is already our convention (spec §3.3 "Sign"), so values are taken as they are; anything else
is rejected rather than guessed. Malformed input raises `PolisFormatError` naming the file,
the line and the column, and nothing is returned half-read.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .compute import ever_in_conv
from .votes import VoteTable

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

PV_FIXED = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


class PolisFormatError(ValueError):
    """A Pol.is export file that does not follow the layout; says where."""

    def __init__(
        self, message: str, file: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.message, self.file, self.row, self.column = message, file, row, column
        where = file
        if row is not None:
            where += f", line {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class PolisComment:
    """One row of comments.csv; `moderated` is 1 accepted, 0 unmoderated, -1 rejected."""

    id: int
    text: str
    author_id: int
    moderated: int
    agrees: int
    disagrees: int
    timestamp_ms: int | None = None
    is_meta: bool = False
    is_seed: bool = False
    group_informed_consensus: float | None = None


@dataclass(frozen=True)
class PolisExport:
    """A whole export folder, read and checked.

    `group_ids` maps participant -> Pol.is group (only participants Pol.is clustered);
    `group_informed_consensus` is the exported column (bg2050-style exports) or None.
    `votes_source` says which file the votes came from. `ever_in_conv` holds the participants
    whom the vote history put in the clustered set at some point (votes.csv only; spec §1.2),
    to pass to `compute(stay_in=...)`.
    """

    path: Path
    comments: list[PolisComment]
    votes: VoteTable
    votes_source: str | None
    group_ids: dict[int, int]
    participants: list[int]
    group_informed_consensus: dict[int, float] | None
    summary: dict[str, str] = field(default_factory=dict)
    ever_in_conv: frozenset[int] = frozenset()

    @property
    def moderated_out(self) -> set[int]:
        """Statements Pol.is keeps out of the maths: rejected or meta (spec §1.1)."""
        return {c.id for c in self.comments if c.moderated == -1 or c.is_meta}

    @property
    def meta(self) -> set[int]:
        return {c.id for c in self.comments if c.is_meta}


class _Sheet:
    """A csv.DictReader that knows its file name, for located errors."""

    def __init__(self, path: Path, required: tuple[str, ...]) -> None:
        self.name = path.name
        self._handle = path.open(newline="", encoding="utf-8-sig")
        self.reader = csv.reader(self._handle)
        try:
            self.header = next(self.reader)
        except StopIteration:
            self._handle.close()
            raise PolisFormatError("empty file, a header row is required", self.name, 1) from None
        missing = [c for c in required if c not in self.header]
        if missing:
            self._handle.close()
            raise PolisFormatError(f"missing column(s): {', '.join(missing)}", self.name, 1)
        self.col = {name: i for i, name in enumerate(self.header)}

    def rows(self) -> Iterator[list[str]]:
        with self._handle:
            for row in self.reader:
                if not row:
                    continue
                if len(row) != len(self.header):
                    raise PolisFormatError(
                        f"{len(row)} fields where the header has {len(self.header)}",
                        self.name,
                        self.reader.line_num,
                    )
                yield row

    def get_int(self, row: list[str], column: str, *, empty: int | None = None) -> int:
        text = row[self.col[column]].strip()
        if text == "" and empty is not None:
            return empty
        try:
            return int(text)
        except ValueError:
            raise PolisFormatError(
                f"expected an integer, found {text!r}", self.name, self.reader.line_num, column
            ) from None

    def get_float(self, row: list[str], column: str) -> float | None:
        text = row[self.col[column]].strip()
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            raise PolisFormatError(
                f"expected a number, found {text!r}", self.name, self.reader.line_num, column
            ) from None

    def get_bool(self, row: list[str], column: str) -> bool:
        if column not in self.col:
            return False
        text = row[self.col[column]].strip().lower()
        if text in ("true", "1", "t"):
            return True
        if text in ("false", "0", "f", ""):
            return False
        raise PolisFormatError(
            f"expected true or false, found {text!r}", self.name, self.reader.line_num, column
        )

    def vote(self, row: list[str], column: str, *, empty_ok: bool) -> int | None:
        text = row[self.col[column]].strip()
        if text == "" and empty_ok:
            return None
        if text not in ("1", "-1", "0", "1.0", "-1.0", "0.0"):
            raise PolisFormatError(
                f"a vote must be 1, -1 or 0, found {text!r}",
                self.name,
                self.reader.line_num,
                column,
            )
        return int(float(text))


def _read_comments(path: Path) -> list[PolisComment]:
    sheet = _Sheet(
        path, ("comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body")
    )
    out: list[PolisComment] = []
    seen: set[int] = set()
    for row in sheet.rows():
        cid = sheet.get_int(row, "comment-id")
        if cid in seen:
            raise PolisFormatError(
                f"comment {cid} appears twice", sheet.name, sheet.reader.line_num, "comment-id"
            )
        seen.add(cid)
        moderated = sheet.get_int(row, "moderated")
        if moderated not in (-1, 0, 1):
            raise PolisFormatError(
                f"moderated must be 1, 0 or -1, found {moderated}",
                sheet.name,
                sheet.reader.line_num,
                "moderated",
            )
        out.append(
            PolisComment(
                id=cid,
                text=row[sheet.col["comment-body"]],
                author_id=sheet.get_int(row, "author-id"),
                moderated=moderated,
                agrees=sheet.get_int(row, "agrees"),
                disagrees=sheet.get_int(row, "disagrees"),
                timestamp_ms=sheet.get_int(row, "timestamp", empty=0)
                if "timestamp" in sheet.col
                else None,
                is_meta=sheet.get_bool(row, "is-meta"),
                is_seed=sheet.get_bool(row, "is-seed"),
                group_informed_consensus=sheet.get_float(row, "group-informed-consensus")
                if "group-informed-consensus" in sheet.col
                else None,
            )
        )
    out.sort(key=lambda c: c.id)
    return out


def _read_votes(path: Path, comment_ids: set[int]) -> tuple[VoteTable, frozenset[int]]:
    """votes.csv: one row per vote event; sorted by timestamp so the latest wins (§3.3)."""
    sheet = _Sheet(path, ("timestamp", "comment-id", "voter-id", "vote"))
    stamps: list[int] = []
    voters: list[int] = []
    cmts: list[int] = []
    values: list[int] = []
    for row in sheet.rows():
        cid = sheet.get_int(row, "comment-id")
        if cid not in comment_ids:
            raise PolisFormatError(
                f"vote on unknown comment {cid}", sheet.name, sheet.reader.line_num, "comment-id"
            )
        stamps.append(sheet.get_int(row, "timestamp"))
        voters.append(sheet.get_int(row, "voter-id"))
        cmts.append(cid)
        vote = sheet.vote(row, "vote", empty_ok=False)
        assert vote is not None
        values.append(vote)
    order = np.argsort(np.asarray(stamps, dtype=np.int64), kind="stable")
    p = np.asarray(voters, np.int64)[order]
    s = np.asarray(cmts, np.int64)[order]
    table = VoteTable.from_arrays(p, s, np.asarray(values, np.int64)[order])
    t = np.asarray(stamps, dtype=np.int64)[order]
    return table, frozenset(ever_in_conv(p, s, t))


def _read_participants_votes(
    path: Path, comment_ids: set[int]
) -> tuple[VoteTable, dict[int, int], list[int]]:
    """participants-votes.csv: latest vote per cell, Pol.is's group-id per participant."""
    sheet = _Sheet(path, ("participant", "group-id"))
    vote_cols: list[tuple[int, str]] = []
    for name in sheet.header:
        if name in PV_FIXED:
            continue
        try:
            cid = int(name)
        except ValueError:
            raise PolisFormatError(f"unexpected column {name!r}", sheet.name, 1, name) from None
        if cid not in comment_ids:
            raise PolisFormatError(f"column for unknown comment {cid}", sheet.name, 1, name)
        vote_cols.append((cid, name))
    voters: list[int] = []
    cmts: list[int] = []
    values: list[int] = []
    groups: dict[int, int] = {}
    people: list[int] = []
    for row in sheet.rows():
        pid = sheet.get_int(row, "participant")
        people.append(pid)
        gid = sheet.get_int(row, "group-id", empty=-1)
        if gid >= 0:
            groups[pid] = gid
        for cid, name in vote_cols:
            vote = sheet.vote(row, name, empty_ok=True)
            if vote is not None:
                voters.append(pid)
                cmts.append(cid)
                values.append(vote)
    return VoteTable.from_arrays(voters, cmts, values), groups, people


def _read_summary(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        for row in reader:
            if not row:
                continue
            if len(row) < 2:
                raise PolisFormatError("expected a key and a value", path.name, reader.line_num)
            out[row[0]] = row[1]
    return out


def read_polis_folder(path: str | Path) -> PolisExport:
    """Read a Pol.is open-data folder.

    Votes come from votes.csv when present (re-votes resolved by timestamp), else from the
    cells of participants-votes.csv; the group ids always from participants-votes.csv.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise PolisFormatError("not a folder", str(folder))
    comments_path = folder / "comments.csv"
    if not comments_path.is_file():
        raise PolisFormatError("comments.csv is required", "comments.csv")
    comments = _read_comments(comments_path)
    ids = {c.id for c in comments}
    votes, source = VoteTable.empty(), None
    groups: dict[int, int] = {}
    people: list[int] = []
    pv_path = folder / "participants-votes.csv"
    if pv_path.is_file():
        votes, groups, people = _read_participants_votes(pv_path, ids)
        source = pv_path.name
    history: frozenset[int] = frozenset()
    votes_path = folder / "votes.csv"
    if votes_path.is_file():
        (votes, history), source = _read_votes(votes_path, ids), votes_path.name
    summary = _read_summary(folder / "summary.csv") if (folder / "summary.csv").is_file() else {}
    gic = None
    if any(c.group_informed_consensus is not None for c in comments):
        gic = {
            c.id: c.group_informed_consensus
            for c in comments
            if c.group_informed_consensus is not None
        }
    if not people:
        people = np.unique(votes.participant_ids).tolist()
    return PolisExport(folder, comments, votes, source, groups, people, gic, summary, history)
