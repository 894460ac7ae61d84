"""Ego-network measures: Burt's constraint, Burt's effective size, cross-kind ties.

All three count or weigh the ties among a node's neighbours. Burt's measures are sums over
the triangles around each node (see `triangles`), computed in one vectorised pass; isolates
get NaN because an empty ego network has no structure to measure (as in networkx). Cross-kind
ties are only needed for the few clusters and use sparse products over their neighbours.

Notation (undirected, weights w > 0, s_u = sum of u's weights, W_u = u's largest weight):
p_uv = w_uv / s_u is u's share of attention on v; m_vw = w_vw / W_v is v's tie to w relative
to v's strongest tie. Then, as networkx with `weight=` (mutual weights are 2w on both sides
of each ratio, so they cancel):

* constraint c_u = Σ_{v∈N(u)} (p_uv + q_uv)², q_uv = Σ_{w∈N(u)∩N(v)} p_uw p_wv;
* effective size e_u = deg(u) - Σ_{v∈N(u)} Σ_{w∈N(u)∩N(v)} p_uw m_vw
  (with unit weights this is Borgatti's deg - 2t/deg).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .categories import CATEGORIES, CLUSTER, CODE
from .graph import Float64Array, Int64Array, Network, strongest_tie
from .triangles import triangle_chunks


@dataclass(frozen=True)
class LocalMeasures:
    constraint: Float64Array
    effective_size: Float64Array


def local_measures(
    net: Network, *, constraint: bool = True, effective_size: bool = True
) -> LocalMeasures:
    """One triangle pass for Burt's measures (one not asked for comes back as NaN).

    Both directions of an edge share their indirect term up to the factor 1/s_x:
    q_xy = u_xy / s_x with u_xy = Σ_z w_xz w_zy / s_z over the triangles {x, y, z}, so one
    accumulator per edge suffices, and c_x = Σ_y (w_xy + u_xy)² / s_x². Likewise x's
    redundancy is (1/s_x) Σ over its triangles of w_xz w_yz / W_y, both orders of y and z.
    """
    n, m = net.n, net.m
    weight = net.edge_weight
    connected = net.degree > 0
    inverse_strength = np.zeros(n, dtype=np.float64)
    inverse_strength[connected] = 1.0 / net.strength[connected]
    inverse_strongest = np.zeros(n, dtype=np.float64)
    inverse_strongest[connected] = 1.0 / strongest_tie(net)[connected]
    indirect = np.zeros(m, dtype=np.float64)  # u per edge
    redundancy = np.zeros(n, dtype=np.float64)  # times s_x
    if constraint or effective_size:
        for t in triangle_chunks(net):
            a, b, c = t.a, t.b, t.c
            w_ab, w_ac, w_bc = weight[t.ab], weight[t.ac], weight[t.bc]
            if constraint:
                indirect += np.bincount(
                    np.concatenate([t.ab, t.ac, t.bc]),
                    np.concatenate(
                        [
                            w_ac * w_bc * inverse_strength[c],
                            w_ab * w_bc * inverse_strength[b],
                            w_ab * w_ac * inverse_strength[a],
                        ]
                    ),
                    m,
                )
            if effective_size:
                ia, ib, ic = inverse_strongest[a], inverse_strongest[b], inverse_strongest[c]
                redundancy += np.bincount(
                    np.concatenate([a, b, c]),
                    np.concatenate(
                        [
                            w_bc * (w_ac * ib + w_ab * ic),
                            w_ac * (w_bc * ia + w_ab * ic),
                            w_ab * (w_bc * ia + w_ac * ib),
                        ]
                    ),
                    n,
                )

    constraints = np.full(n, np.nan)
    if constraint and m:
        total = (weight + indirect) ** 2
        per_node = np.bincount(net.edge_u, total, n) + np.bincount(net.edge_v, total, n)
        constraints[connected] = (per_node * inverse_strength**2)[connected]
    sizes = np.full(n, np.nan)
    if effective_size:
        sizes[connected] = (net.degree - redundancy * inverse_strength)[connected]
    return LocalMeasures(constraints, sizes)


def constraint(net: Network) -> Float64Array:
    """Burt's constraint per node, weighted as networkx.constraint(weight=); NaN for isolates.

    High constraint = the node's contacts are few or tied to each other, so it has no
    structural holes to exploit.
    """
    return local_measures(net, effective_size=False).constraint


def effective_size(net: Network) -> Float64Array:
    """Burt's effective size per node, as networkx.effective_size(weight=); NaN for isolates.

    The number of the node's contacts minus their redundancy: how many non-redundant
    channels it has.
    """
    return local_measures(net, constraint=False).effective_size


def _mixed_pairs(net: Network, nodes: Int64Array) -> Int64Array:
    """For each of `nodes`: pairs of its neighbours with different categories."""
    k = len(CATEGORIES)
    adjacency = net.adjacency
    starts, stops = adjacency.indptr[nodes], adjacency.indptr[nodes + 1]
    lengths = stops - starts
    owner = np.repeat(np.arange(nodes.shape[0], dtype=np.int64), lengths)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    entries = offsets + np.arange(int(lengths.sum()), dtype=np.int64)
    neighbour_codes = net.category_codes[adjacency.indices[entries]].astype(np.int64)
    counts = np.bincount(owner * k + neighbour_codes, minlength=nodes.shape[0] * k)
    counts = counts.reshape(nodes.shape[0], k)
    degree = counts.sum(axis=1)
    same = (counts * (counts - 1) // 2).sum(axis=1)
    return (degree * (degree - 1) // 2 - same).astype(np.int64)


#: Clusters per sparse product in `cross_kind_ties` (bounds the product's size).
_CLUSTER_CHUNK = 2048


def cross_kind_ties(net: Network) -> Int64Array:
    """For CLUSTER nodes: pairs of neighbours of different categories not tied directly.

    These are the open cross-category triads a cluster mediates (e.g. an SME and a
    university that both work with the cluster but not with each other); 0 for others.

    Cross-kind pairs among c's neighbours follow from category counts. The tied ones are
    counted once each from their lower-ranked end (edges oriented by degree, as for the
    triangles): with E[(c, k), a] = 1 for c's neighbours a of category k and U the oriented
    adjacency, (E U)[(c, k), b] counts c's k-neighbours tied to b; keeping b in N(c) with a
    category other than k gives the tied cross-kind pairs. One sparse product per chunk of
    clusters, costing c's neighbours' out-degrees (small), not all triangles.
    """
    codes = net.category_codes.astype(np.int64)
    n, kinds = net.n, len(CATEGORIES)
    result = np.zeros(n, dtype=np.int64)
    clusters = np.flatnonzero(codes == CODE[CLUSTER]).astype(np.int64)
    if clusters.size == 0 or net.m == 0:
        return result
    order = np.lexsort((np.arange(n), net.degree))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    forward = rank[net.edge_u] < rank[net.edge_v]
    low = np.where(forward, net.edge_u, net.edge_v)
    high = np.where(forward, net.edge_v, net.edge_u)
    oriented = sp.csr_array((np.ones(net.m), (low, high)), shape=(n, n))
    adjacency = net.adjacency
    for start in range(0, clusters.size, _CLUSTER_CHUNK):
        chunk = clusters[start : start + _CLUSTER_CHUNK]
        starts, stops = adjacency.indptr[chunk], adjacency.indptr[chunk + 1]
        lengths = (stops - starts).astype(np.int64)
        owner = np.repeat(np.arange(chunk.size, dtype=np.int64), lengths)
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        neighbour = adjacency.indices[offsets + np.arange(int(lengths.sum()))].astype(np.int64)
        ones = np.ones(neighbour.size)
        members = sp.csr_array((ones, (owner, neighbour)), shape=(chunk.size, n))
        by_kind = sp.csr_array(
            (ones, (owner * kinds + codes[neighbour], neighbour)), shape=(chunk.size * kinds, n)
        )
        tied_to = by_kind @ oriented  # [(c, k), b]: c's k-neighbours tied to b (lower end)
        merge = sp.csr_array(
            (
                np.ones(chunk.size * kinds),
                np.arange(chunk.size * kinds),
                np.arange(0, chunk.size * kinds + 1, kinds),
            ),
            shape=(chunk.size, chunk.size * kinds),
        )
        tied = (merge @ tied_to).multiply(members).sum(axis=1)
        same = merge @ tied_to.multiply(by_kind).sum(axis=1)
        tied_cross = np.rint(np.asarray(tied) - np.asarray(same)).astype(np.int64)
        result[chunk] = _mixed_pairs(net, chunk) - tied_cross
    return result
