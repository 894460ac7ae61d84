"""Base clusters, opinion groups, the choice of k and stable group ids (spec §1.5).

Everything here works on 2-D points (projections or base-cluster centres), so its cost is
linear in the number of clustered participants and independent of the statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

from .matrix import FloatArray, Int64Array

IntpArray = npt.NDArray[np.intp]

BASE_K = 100
BASE_ITERS = 100
MAX_K = 5
# Pol.is passes `:cluster-iters` to a kmeans that ignores it, so groups get the default 20
# Lloyd steps (spec §1.5, CLOJURE_QUIRKS Q3). We keep the shipped behaviour.
GROUP_ITERS = 20
GROUP_K_BUFFER = 4
CONVERGED = 0.01  # `same-clustering?`: every centre moved less than this
_CHUNK = 16_384


def first_distinct(points: FloatArray, k: int) -> IntpArray:
    """Indices of the first k distinct points in row order (`init-clusters`, cold start)."""
    if points.shape[0] == 0:
        return np.zeros(0, np.intp)
    _, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first)[:k].astype(np.intp)


def assign(points: FloatArray, centres: FloatArray) -> IntpArray:
    """Nearest centre per point; ties go to the last minimum as in Pol.is (CLOJURE_QUIRKS Q11).

    Chunked so the points x centres distance block stays small.
    """
    n, k = points.shape[0], centres.shape[0]
    out = np.empty(n, dtype=np.intp)
    rev = centres[::-1]
    for start in range(0, n, _CHUNK):
        block = points[start : start + _CHUNK]
        d = (block[:, 0:1] - rev[:, 0]) ** 2 + (block[:, 1:2] - rev[:, 1]) ** 2
        out[start : start + _CHUNK] = (k - 1) - np.argmin(d, axis=1)
    return out


def kmeans(
    points: FloatArray,
    init: FloatArray,
    max_iters: int,
    weights: FloatArray | None = None,
) -> tuple[FloatArray, IntpArray]:
    """Lloyd's k-means as `clusters.clj` runs it.

    Weighted means with unweighted distances; empty clusters are dropped; stops when every
    centre moved less than 0.01. Returns the centres and, per point, its cluster index.
    """
    w = np.ones(points.shape[0]) if weights is None else weights
    centres = init.copy()
    labels = np.zeros(points.shape[0], dtype=np.intp)
    for _ in range(max_iters):
        labels = assign(points, centres)
        k = centres.shape[0]
        members = np.bincount(labels, minlength=k)
        mass = np.bincount(labels, weights=w, minlength=k)
        sx = np.bincount(labels, weights=w * points[:, 0], minlength=k)
        sy = np.bincount(labels, weights=w * points[:, 1], minlength=k)
        keep = members > 0
        safe = np.where(mass[keep] > 0, mass[keep], 1.0)
        new = np.column_stack([sx[keep] / safe, sy[keep] / safe])
        if keep.all():
            done = bool(np.all(np.hypot(*(new - centres).T) < CONVERGED))
        else:
            remap = np.cumsum(keep) - 1
            labels = remap[labels].astype(np.intp)
            done = False
        centres = new
        if done:
            break
    return centres, labels


def silhouette(centres: FloatArray, labels: IntpArray) -> float:
    """Mean silhouette over base clusters, on centre distances, unweighted (spec §1.5).

    A base cluster alone in its group scores 0. A clustering with a single group has no
    silhouette and returns -inf so that it is never chosen.
    """
    groups = np.unique(labels)
    if groups.size < 2:
        return float("-inf")
    dist = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    scores = np.zeros(centres.shape[0])
    sizes = np.bincount(labels)
    for i in range(centres.shape[0]):
        own = labels[i]
        if sizes[own] <= 1:
            continue
        sums = np.bincount(labels, weights=dist[i], minlength=sizes.size)
        a = sums[own] / (sizes[own] - 1)
        others = [sums[g] / sizes[g] for g in groups if g != own]
        b = min(others)
        top = max(a, b)
        scores[i] = (b - a) / top if top > 0 else 0.0
    return float(scores.mean())


def max_group_k(n_base: int) -> int:
    """`max-k-fn`: min(5, 2 + floor(base clusters / 12))."""
    return min(MAX_K, 2 + n_base // 12)


@dataclass(frozen=True)
class KSmoother:
    """State of the k smoother (`conv.clj:451-475`), carried between recomputes.

    The published k switches to the best k only once the same best k has been seen in
    `GROUP_K_BUFFER` consecutive updates; the first update takes it directly.
    """

    smoothed_k: int | None = None
    last_k: int | None = None
    last_k_count: int = 0

    def update(self, this_k: int) -> KSmoother:
        count = self.last_k_count + 1 if this_k == self.last_k else 1
        switch = self.smoothed_k is None or count >= GROUP_K_BUFFER
        return KSmoother(this_k if switch else self.smoothed_k, this_k, count)


@dataclass(frozen=True)
class Grouping:
    """Group index (0..k-1, k-means order) per base cluster, and the silhouette per k tried."""

    base_group: IntpArray
    k: int
    best_k: int
    silhouettes: dict[int, float]
    smoother: KSmoother


def group_base_clusters(
    centres: FloatArray, sizes: FloatArray, smoother: KSmoother | None = None
) -> Grouping:
    """Weighted k-means over base centres for k = 2..max-k, choose k by silhouette, smooth it.

    Fewer than two base clusters cannot be split: everyone is in one group.
    """
    state = smoother or KSmoother()
    n_base = centres.shape[0]
    if n_base < 2:
        labels = np.zeros(n_base, dtype=np.intp)
        return Grouping(labels, 1, 1, {}, state)
    results: dict[int, IntpArray] = {}
    scores: dict[int, float] = {}
    for k in range(2, max_group_k(n_base) + 1):
        init = centres[first_distinct(centres, k)]
        if init.shape[0] < 2:
            continue
        _, labels = kmeans(centres, init, GROUP_ITERS, weights=sizes)
        results[k] = labels
        scores[k] = silhouette(centres, labels)
    if not results:
        labels = np.zeros(n_base, dtype=np.intp)
        return Grouping(labels, 1, 1, scores, state)
    best_k = max(scores, key=lambda k: (scores[k], -k))  # ties: the smaller k
    state = state.update(best_k)
    k = state.smoothed_k if state.smoothed_k in results else best_k
    assert k is not None
    return Grouping(results[k], k, best_k, scores, state)


def stable_ids(
    labels: IntpArray,
    participant_ids: Int64Array,
    previous: Mapping[int, int] | None,
) -> dict[int, int]:
    """Map this run's group indices to ids that follow the previous result.

    New groups are matched to old ids by maximum member overlap (Hungarian assignment); a new
    group that shares nobody with an old one gets the smallest id not taken. Without a previous
    result the k-means order is kept, as Pol.is numbers its groups.
    """
    new_groups = np.unique(labels)
    if not previous:
        return {int(g): int(g) for g in new_groups}
    old_ids = sorted(set(previous.values()))
    col = {gid: j for j, gid in enumerate(old_ids)}
    overlap = np.zeros((new_groups.size, len(old_ids)), dtype=np.int64)
    row = {int(g): i for i, g in enumerate(new_groups)}
    for pid, g in zip(participant_ids.tolist(), labels.tolist(), strict=True):
        old = previous.get(pid)
        if old is not None:
            overlap[row[g], col[old]] += 1
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    mapping: dict[int, int] = {}
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if overlap[r, c] > 0:
            mapping[int(new_groups[r])] = old_ids[c]
    taken = set(mapping.values())
    free = (i for i in range(len(new_groups) + len(old_ids) + 1) if i not in taken)
    for g in new_groups.tolist():
        if g not in mapping:
            mapping[g] = next(free)
    return mapping


def sizes_of(labels: IntpArray, k: int) -> FloatArray:
    """Members per cluster as floats (the weights of the group k-means)."""
    return np.bincount(labels, minlength=k).astype(np.float64)


__all__: Sequence[str] = (
    "KSmoother",
    "assign",
    "first_distinct",
    "group_base_clusters",
    "kmeans",
    "silhouette",
    "stable_ids",
)
