"""Brokerage (betweenness) and the catalyst share of clusters.

Betweenness counts how often a node lies on the shortest paths between others: the
organisations through which cooperation has to pass. A tie's length is 1 / weight, so a
strong tie (many shared projects) is a short one.

Exact betweenness costs one Dijkstra per node (O(n·m log n)); above `exact_up_to` nodes we
use source sampling (Brandes & Pich 2007): the dependencies of k pivots drawn uniformly
without replacement, scaled by n / k, an unbiased estimate of every node's betweenness.

Error bound. For pivot s let Y_s(v) = n·δ_s(v) / ((n-1)(n-2)), δ_s(v) the dependency of s
on v (the sum over targets t of the share of shortest s-t paths through v). As δ_s(v) ≤
n-2, Y_s(v) ∈ [0, R] with R = n/(n-1), and the estimate is the mean of k draws of Y whose
expectation is the normalised betweenness b(v). Hoeffding's inequality (it holds for
sampling without replacement too, Hoeffding 1963 §6) and a union bound over the n nodes
give, with probability ≥ 1 - delta, simultaneously for every node:

    |b̂(v) - b(v)| ≤ R · sqrt(ln(2n / delta) / (2k)).

It is a worst-case bound (0.17 for CORDIS with k = 256); the ranking of brokers is far better
than that, which the benchmark measures (Spearman against exact betweenness).

Certified floor. Many organisations lie on a few shortest paths only (two consortia they
both belong to); few pivots see them, so the plain estimate is 0 and ties them with the
nodes that are on no path at all, which ruins the ranking of the lower half. Where the
estimate is 0 we therefore compute an exact lower bound (`certified_floor`) and report the
larger of the two. The floor never exceeds the true value, so taking the maximum never
moves an estimate away from the truth and the error bound above still holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse.csgraph as csgraph

from .categories import CLUSTER, CODE, KNOWLEDGE, SME
from .graph import Float64Array, Int64Array, Network, strongest_tie

#: Pivots used when sampling and `samples` is not given. On the CORDIS graph (35,871 nodes,
#: 796,670 edges) one weighted single-source pass takes 55-65 ms, so 256 pivots take ~15 s.
DEFAULT_SAMPLES = 256

#: Relative tolerance for equal path lengths (igraph compares weighted distances with one).
_TOLERANCE = 1e-10

#: Neighbour pairs per chunk in `certified_floor` (bounds its temporary arrays).
_CHUNK = 2_000_000


@dataclass(frozen=True)
class BrokerageResult:
    """Betweenness per node, normalised like networkx (normalized=True, undirected)."""

    values: Float64Array
    exact: bool
    samples: int  # source pivots used (n when exact)
    error_bound: float  # additive, with probability 1 - delta, for all nodes; 0.0 when exact


def _normaliser(n: int) -> float:
    """Factor from igraph's undirected betweenness (each unordered pair once) to networkx's
    normalised one: ordered pairs (x2) over (n-1)(n-2) possible pairs."""
    return 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0


def error_bound(n: int, samples: int, delta: float) -> float:
    """Hoeffding + union bound on the additive error of sampled normalised betweenness."""
    if samples >= n or n <= 2:
        return 0.0
    return (n / (n - 1)) * math.sqrt(math.log(2 * n / delta) / (2 * samples))


def brokerage(
    net: Network,
    *,
    exact_up_to: int = 5000,
    samples: int | None = None,
    delta: float = 0.05,
    seed: int = 0,
) -> BrokerageResult:
    """Betweenness with distance 1/weight: exact up to `exact_up_to` nodes, else sampled.

    `samples` pivots (default DEFAULT_SAMPLES) are drawn with numpy's generator seeded by
    `seed`, so a result is reproducible. Asking for at least n samples computes it exactly.
    """
    if exact_up_to < 0:
        raise ValueError("exact_up_to must be >= 0")
    if samples is not None and samples < 1:
        raise ValueError("samples must be >= 1")
    if not 0.0 < delta < 1.0:
        raise ValueError("delta must be in (0, 1)")
    n = net.n
    k = DEFAULT_SAMPLES if samples is None else samples
    if n <= exact_up_to or k >= n:
        raw = np.asarray(net.graph.betweenness(directed=False, weights="distance"), dtype=float)
        return BrokerageResult(raw * _normaliser(n), exact=True, samples=n, error_bound=0.0)
    rng = np.random.default_rng(seed)
    pivots = np.sort(rng.choice(n, size=k, replace=False))
    # igraph halves undirected subset betweenness; x2 gives Σ_{s in pivots} δ_s(v).
    raw = np.asarray(
        net.graph.betweenness(directed=False, weights="distance", sources=pivots.tolist()),
        dtype=float,
    )
    values = raw * (n / k) * _normaliser(n)
    unseen = np.flatnonzero((values == 0) & (net.degree >= 2))
    values[unseen] = certified_floor(net, unseen)[unseen] * _normaliser(n)
    return BrokerageResult(values, exact=False, samples=k, error_bound=error_bound(n, k, delta))


def _pairs_within(lengths: Int64Array) -> tuple[Int64Array, Int64Array]:
    """For consecutive groups of the given lengths: (first, second) offsets of every pair
    first < second inside one group, as positions into the concatenated groups."""
    starts = np.cumsum(lengths) - lengths
    ends = starts + lengths
    position = np.arange(int(lengths.sum()), dtype=np.int64)
    group_end = np.repeat(ends, lengths)
    after = group_end - position - 1
    total = int(after.sum())
    first = np.repeat(position, after)
    run_start = np.repeat(np.cumsum(after) - after, after)
    second = first + 1 + (np.arange(total, dtype=np.int64) - run_start)
    return first, second


def _gather(indptr: Int64Array, rows: Int64Array) -> tuple[Int64Array, Int64Array]:
    """(entry positions of the CSR rows `rows` concatenated, owner index into `rows`)."""
    lengths = indptr[rows + 1] - indptr[rows]
    owner = np.repeat(np.arange(rows.shape[0], dtype=np.int64), lengths)
    offsets = np.repeat(indptr[rows] - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(int(lengths.sum()), dtype=np.int64), owner


def certified_floor(net: Network, nodes: Int64Array) -> Float64Array:
    """A lower bound on the (unnormalised, unordered-pair) betweenness of each of `nodes`.

    Let W_a be a's strongest tie and S_a the neighbours it has a tie of that weight with.
    Any path of two or more edges between a and b is at least 1/W_a + 1/W_b long, and a path
    of three or more edges is strictly longer. So when v is in S_a and in S_b, a-v-b is a
    shortest a-b path (unless a direct a-b tie is shorter), and the shortest paths of that
    length are the two-step paths a-x-b over x in both S_a and S_b, plus the direct tie
    when it has the same length: at most min(|S_a|, |S_b|) (+1) of them. v's share of the
    pair is at least 1 / that number. Summing over such pairs of v's neighbours gives a
    certified lower bound, computed with sparse gathers (cost ~ those pairs; no search).
    """
    n = net.n
    result = np.zeros(n, dtype=np.float64)
    nodes = np.asarray(nodes, dtype=np.int64)
    if nodes.size == 0 or net.m == 0:
        return result
    adjacency = net.adjacency
    strongest = strongest_tie(net)
    row_of = np.repeat(np.arange(n, dtype=np.int64), net.degree)
    strong_count = np.bincount(row_of[adjacency.data == strongest[row_of]], minlength=n).astype(
        np.int64
    )
    # Neighbours a of v whose strongest tie is v: entries v->a with w = W_a.
    is_strongest_of_column = adjacency.data == strongest[adjacency.indices]
    per_node = np.bincount(row_of[is_strongest_of_column], minlength=n).astype(np.int64)
    pairs = per_node[nodes] * (per_node[nodes] - 1) // 2
    bounds = np.searchsorted(np.cumsum(pairs), np.arange(_CHUNK, int(pairs.sum()), _CHUNK))
    for chunk in np.split(nodes, bounds):
        if chunk.size:
            _add_floor(net, chunk, strongest, strong_count, is_strongest_of_column, result)
    return result


def _add_floor(
    net: Network,
    nodes: Int64Array,
    strongest: Float64Array,
    strong_count: Int64Array,
    is_strongest_of_column: npt.NDArray[np.bool_],
    result: Float64Array,
) -> None:
    """certified_floor for one chunk of nodes, added into `result`."""
    n = net.n
    adjacency = net.adjacency
    entries, owner = _gather(adjacency.indptr.astype(np.int64), nodes)
    keep = is_strongest_of_column[entries]
    neighbour = adjacency.indices[entries[keep]].astype(np.int64)
    owner = owner[keep]
    first, second = _pairs_within(np.bincount(owner, minlength=nodes.shape[0]).astype(np.int64))
    if first.size == 0:
        return
    a, b, via = neighbour[first], neighbour[second], nodes[owner[first]]

    # Direct a-b tie: skip the pair if shorter, count it as one more shortest path if equal.
    edge_keys = net.edge_u * n + net.edge_v
    keys = np.minimum(a, b) * n + np.maximum(a, b)
    found = np.minimum(np.searchsorted(edge_keys, keys), net.m - 1)
    tied = edge_keys[found] == keys
    two_steps = 1.0 / strongest[a] + 1.0 / strongest[b]
    direct = np.where(tied, 1.0 / net.edge_weight[found], np.inf)
    equal = tied & (np.abs(direct - two_steps) <= _TOLERANCE * two_steps)
    counted = equal | (direct > two_steps)
    paths = np.minimum(strong_count[a], strong_count[b]) + equal
    result += np.bincount(via[counted], weights=1.0 / paths[counted], minlength=n)


def _connected_pairs(net: Network, first: Int64Array, second: Int64Array) -> int:
    """Number of (first, second) pairs joined by some path (same connected component)."""
    _, labels = csgraph.connected_components(net.adjacency, directed=False)
    size = int(labels.max()) + 1 if labels.size else 0
    per_first = np.bincount(labels[first], minlength=size)
    per_second = np.bincount(labels[second], minlength=size)
    return int((per_first * per_second).sum())


def catalyst_share(
    net: Network,
    *,
    exact_up_to: int = 5000,
    samples: int | None = None,
    seed: int = 0,
) -> Float64Array:
    """For CLUSTER nodes: the share of SME-KNOWLEDGE shortest paths passing through them.

    share(c) = Σ_{s SME, t KNOWLEDGE} sigma_st(c) / sigma_st / (number of connected SME-KNOWLEDGE
    pairs), distances 1/weight: how much of the SME-research bridging runs via the cluster.
    NaN for non-clusters; 0.0 for clusters when no SME-KNOWLEDGE pair is connected.

    Paths are symmetric, so the smaller of the two groups serves as sources. Above
    `exact_up_to` nodes, and when that group has more than `samples` members (default
    DEFAULT_SAMPLES), the sources are sampled (seeded) and the sum scaled like brokerage.
    """
    if exact_up_to < 0:
        raise ValueError("exact_up_to must be >= 0")
    if samples is not None and samples < 1:
        raise ValueError("samples must be >= 1")
    codes = net.category_codes
    result = np.full(net.n, np.nan)
    clusters = np.flatnonzero(codes == CODE[CLUSTER])
    if clusters.size == 0:
        return result
    result[clusters] = 0.0
    smes = np.flatnonzero(codes == CODE[SME]).astype(np.int64)
    knowledge = np.flatnonzero(codes == CODE[KNOWLEDGE]).astype(np.int64)
    pairs = _connected_pairs(net, smes, knowledge) if smes.size and knowledge.size else 0
    if pairs == 0:
        return result
    sources, targets = (smes, knowledge) if smes.size <= knowledge.size else (knowledge, smes)
    k = DEFAULT_SAMPLES if samples is None else samples
    scale = 1.0
    if net.n > exact_up_to and sources.size > k:
        rng = np.random.default_rng(seed)
        scale = sources.size / k
        sources = np.sort(rng.choice(sources, size=k, replace=False))
    raw = np.asarray(
        net.graph.betweenness(
            vertices=clusters.tolist(),
            directed=False,
            weights="distance",
            sources=sources.tolist(),
            targets=targets.tolist(),
        ),
        dtype=float,
    )
    # igraph halves undirected subset betweenness; x2 gives the sum over (s, t) pairs.
    result[clusters] = 2.0 * raw * scale / pairs
    return result
