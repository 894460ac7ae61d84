"""Participants x statements vote matrix, kept sparse (spec §1.1).

Cells hold ``vote + 2`` (1 = disagree, 2 = pass, 3 = agree) so that a pass is a *stored* entry:
Pol.is counts a pass as "seen" everywhere (spec §1.1), and a sparse zero would vanish.
Every later step reads this matrix in O(votes), never participants x statements.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .votes import Int64Array, VoteTable

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def dense_rank(ids: Int64Array) -> tuple[Int64Array, npt.NDArray[np.intp]]:
    """Sorted distinct ids and each input's position among them (like np.unique).

    Ids from a database are small non-negative integers, so a presence table and a cumulative
    sum do it in O(n) instead of the O(n log n) sort of np.unique.
    """
    if ids.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.intp)
    lo, hi = int(ids.min()), int(ids.max())
    if lo >= 0 and hi <= 4 * ids.size + 1_000_000:
        present = np.zeros(hi + 1, dtype=bool)
        present[ids] = True
        rank = np.cumsum(present, dtype=np.intp) - 1
        return np.flatnonzero(present).astype(np.int64), rank[ids]
    uniq, inverse = np.unique(ids, return_inverse=True)
    return uniq.astype(np.int64), inverse.astype(np.intp)


@dataclass(frozen=True)
class VoteMatrix:
    """The raw rating matrix (``raw-rating-mat``) plus the moderated-out column mask.

    Rows are participants sorted by id (Pol.is adds rows in arrival order, and its ids grow
    with arrival), columns are statements sorted by id.
    """

    participant_ids: Int64Array
    statement_ids: Int64Array
    codes: sp.csr_array  # int8, vote + 2
    moderated: BoolArray  # per column: zeroed out of the maths (spec §1.1 "mod-out")

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.participant_ids.size), int(self.statement_ids.size))

    def indicator(self, code: int) -> sp.csr_array:
        """0/1 float matrix of the cells holding one vote value (as a code)."""
        mat = self.codes.copy()
        mat.data = (mat.data == code).astype(np.float64)
        mat.eliminate_zeros()
        return mat

    def seen(self) -> sp.csr_array:
        """0/1 float matrix of every voted cell, passes included."""
        mat = self.codes.copy()
        mat.data = np.ones(mat.data.shape, dtype=np.float64)
        return mat

    def row_counts(self) -> Int64Array:
        """Votes cast per participant, passes and moderated-out statements included."""
        return np.diff(self.codes.indptr).astype(np.int64)


def build_matrix(votes: VoteTable, moderated_out: Collection[int] = ()) -> VoteMatrix:
    """Build the sparse raw rating matrix from the latest votes.

    Duplicate (participant, statement) rows, which a VoteTable built by hand might hold, are
    resolved as Pol.is does: the last row wins.
    """
    p_ids, rows = dense_rank(votes.participant_ids)
    s_ids, cols = dense_rank(votes.statement_ids)
    codes = (votes.values.astype(np.int8) + 2).astype(np.int8)
    shape = (int(p_ids.size), int(s_ids.size))
    mat = sp.coo_array((codes, (rows, cols)), shape=shape).tocsr()
    mat.sum_duplicates()
    if mat.nnz != len(votes):
        deduped = VoteTable.from_arrays(votes.participant_ids, votes.statement_ids, votes.values)
        return build_matrix(deduped, moderated_out)
    mat.sort_indices()
    mod = np.isin(s_ids, np.fromiter(moderated_out, dtype=np.int64, count=len(moderated_out)))
    return VoteMatrix(p_ids, s_ids, mat, mod)
