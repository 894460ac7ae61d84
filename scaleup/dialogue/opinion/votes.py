"""The vote table: the only input of the maths (spec §1.1).

Our convention everywhere in this package: agree = +1, disagree = -1, pass = 0. Pol.is stores
the opposite sign internally and flips it on export (spec §1.1, §3.3), so every reader converts
at the boundary and nothing downstream needs to know.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

AGREE = 1
DISAGREE = -1
PASS = 0

Int64Array = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]


def _last_per_pair(participants: Int64Array, statements: Int64Array) -> Int64Array:
    """Indices of the last row of each (participant, statement) pair, in row order.

    Pol.is overwrites a cell on every re-vote (`update-nmat`, spec §1.1), so the last one wins.
    A stable sort on the pair keeps row order inside each pair; the last of each run is kept.
    """
    n = participants.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((statements, participants))  # stable: ties keep row order
    p_sorted = participants[order]
    s_sorted = statements[order]
    last = np.ones(n, dtype=bool)
    last[:-1] = (p_sorted[1:] != p_sorted[:-1]) | (s_sorted[1:] != s_sorted[:-1])
    return np.sort(order[last]).astype(np.int64)


@dataclass(frozen=True)
class VoteTable:
    """Latest vote per (participant, statement); agree=+1, disagree=-1, pass=0.

    The plain constructor trusts its caller to hold one row per pair; `from_rows` and
    `from_arrays` accept re-votes in time order and keep the last one.
    """

    participant_ids: Int64Array
    statement_ids: Int64Array
    values: Int8Array

    def __post_init__(self) -> None:
        n = self.participant_ids.shape[0]
        if self.statement_ids.shape != (n,) or self.values.shape != (n,):
            raise ValueError("participant_ids, statement_ids and values must have one equal length")
        if n and not np.isin(self.values, (-1, 0, 1)).all():
            raise ValueError("vote values must be -1 (disagree), 0 (pass) or +1 (agree)")

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @classmethod
    def from_arrays(
        cls,
        participant_ids: npt.ArrayLike,
        statement_ids: npt.ArrayLike,
        values: npt.ArrayLike,
    ) -> VoteTable:
        """Build from parallel arrays in time order; the last vote per pair wins."""
        p = np.asarray(participant_ids, dtype=np.int64).reshape(-1)
        s = np.asarray(statement_ids, dtype=np.int64).reshape(-1)
        v = np.asarray(values, dtype=np.int64).reshape(-1)
        if not (p.shape == s.shape == v.shape):
            raise ValueError("participant_ids, statement_ids and values must have one equal length")
        if v.size and not np.isin(v, (-1, 0, 1)).all():
            raise ValueError("vote values must be -1 (disagree), 0 (pass) or +1 (agree)")
        keep = _last_per_pair(p, s)
        return cls(p[keep], s[keep], v[keep].astype(np.int8))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, int]]) -> VoteTable:
        """Build from (participant, statement, value) rows in time order; the last one wins."""
        data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
        return cls.from_arrays(data[:, 0], data[:, 1], data[:, 2])

    @classmethod
    def empty(cls) -> VoteTable:
        """A table without votes (a conversation that has just opened)."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8))
