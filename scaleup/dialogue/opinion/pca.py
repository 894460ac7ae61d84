"""PCA of the mean-imputed, centred rating matrix, and the sparsity-aware projection.

Spec §1.3: missing cells are filled with their column mean, then every column is centred on
that same mean. After centring a missing cell is exactly 0, so the centred matrix has the
sparsity pattern of the votes: entries ``x_ij - mean_j`` where a vote exists, nothing else.
Its two leading right singular vectors are what Pol.is's power iteration converges to, so we
compute them directly from the sparse matrix (ARPACK via `scipy.sparse.linalg.svds`) with a
start vector drawn from `seed`; the cost is a few dozen sparse products, O(votes) each.

Documented divergence (spec §1.11): the start is seeded and the iteration runs to convergence,
where Pol.is starts from an unseeded random vector (or the previous tick) and stops after 100
rounds. Each component's sign is fixed (largest loading positive) since it is arbitrary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from .matrix import FloatArray, VoteMatrix

N_COMPS = 2
# Below this many cells a dense SVD is cheaper than ARPACK's start-up, and it is exact.
DENSE_CELLS = 60_000


@dataclass(frozen=True)
class Pca:
    """Column centres, the two components (2 x statements) and every participant's projection."""

    center: FloatArray
    components: FloatArray
    projection: FloatArray  # participants x 2
    n_votes: FloatArray  # per participant, as the projection counts them (spec §1.4)


def centred_matrix(matrix: VoteMatrix) -> tuple[sp.csr_array, FloatArray]:
    """The centred rating matrix (moderated-out columns all 0) and the column means."""
    codes = matrix.codes
    values = codes.data.astype(np.float64) - 2.0
    n_cols = matrix.shape[1]
    col_sum = np.bincount(codes.indices, weights=values, minlength=n_cols)
    col_cnt = np.bincount(codes.indices, minlength=n_cols).astype(np.float64)
    center = np.divide(col_sum, col_cnt, out=np.zeros(n_cols), where=col_cnt > 0)
    # rating-mat zeroes moderated-out columns for everyone, so their mean is 0 (spec §1.1).
    center[matrix.moderated] = 0.0
    data = values - center[codes.indices]
    data[matrix.moderated[codes.indices]] = 0.0
    centred = sp.csr_array((data, codes.indices, codes.indptr), shape=codes.shape)
    return centred, center


def _fix_signs(components: FloatArray) -> FloatArray:
    """Make each component's largest-magnitude loading positive (the sign is arbitrary)."""
    for row in components:
        if row.size and row[np.argmax(np.abs(row))] < 0:
            row *= -1.0
    return components


def leading_components(centred: sp.csr_array, seed: int) -> FloatArray:
    """The two leading right singular vectors (2 x columns), zero-padded when rank < 2."""
    n_rows, n_cols = centred.shape
    out = np.zeros((N_COMPS, n_cols))
    if n_rows == 0 or n_cols == 0:
        return out
    if n_rows * n_cols <= DENSE_CELLS or min(n_rows, n_cols) <= N_COMPS + 1:
        _, s, vt = np.linalg.svd(centred.toarray(), full_matrices=False)
        k = min(N_COMPS, vt.shape[0])
        out[:k] = vt[:k] * (s[:k] > 1e-12)[:, None]
        return _fix_signs(out)
    rng = np.random.default_rng(seed)
    v0 = rng.uniform(-1.0, 1.0, size=min(n_rows, n_cols))
    _, s, vt = svds(centred, k=N_COMPS, v0=v0, solver="arpack", tol=1e-10)
    order = np.argsort(s)[::-1]
    out[:] = vt[order] * (s[order] > 1e-12)[:, None]
    return _fix_signs(out)


def pca_and_project(matrix: VoteMatrix, seed: int) -> Pca:
    """Spec §1.3-1.4 for all participants.

    Projection: ``sqrt(n_cmts / max(n_votes, 1)) * sum over voted j of (x_j - center_j) * pc_j``,
    i.e. the centred sparse matrix times the components, pushed outwards for sparse voters.
    A moderated-out column holds 0 (not nil) for everyone in rating-mat, so it counts as voted.
    """
    centred, center = centred_matrix(matrix)
    components = leading_components(centred, seed)
    components[:, matrix.moderated] = 0.0  # exactly, not to rounding: the column is all 0
    n_cols = matrix.shape[1]
    n_mod = int(matrix.moderated.sum())
    row_nnz = np.diff(centred.indptr)
    if n_mod and centred.nnz:
        rows = np.repeat(np.arange(row_nnz.size), row_nnz)
        row_nnz = row_nnz - np.bincount(
            rows[matrix.moderated[centred.indices]], minlength=row_nnz.size
        )
    voted_unmoderated = row_nnz
    n_votes = (voted_unmoderated + n_mod).astype(np.float64)
    scale = np.sqrt(n_cols / np.maximum(n_votes, 1.0))
    projection = np.asarray(centred @ components.T) * scale[:, None]
    return Pca(center, components, projection, n_votes)


def statement_projection(pca: Pca, n_cols: int) -> FloatArray:
    """Each statement as a synthetic participant who agreed with it alone (spec §1.4).

    Pol.is casts an internal -1 (its agree); in our sign that is +1, so the point lies where a
    participant agreeing only with that statement would sit. Its norm is the "extremity" used
    by the priority.
    """
    scale = np.sqrt(float(n_cols))
    return (scale * (1.0 - pca.center))[:, None] * pca.components.T
