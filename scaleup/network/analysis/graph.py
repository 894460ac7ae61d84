"""The network the analysis works on, built from plain arrays.

The input is plain arrays (`NetworkInput`) so the Django layer can fill it from the
database and the benchmark from CORDIS files, with no ORM in the maths. `build_network`
validates and never repairs: a self-loop, a non-positive weight or a dangling position is
a bug upstream and raises ValueError instead of silently changing the result.

`Network` keeps the same undirected simple graph twice: as an igraph.Graph (C
implementations of betweenness, Leiden and k-cores) and as a symmetric scipy CSR matrix
(vectorised local measures, gaps and matchmaking without Python loops over nodes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import igraph
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .categories import CATEGORIES, CODE

Int64Array = npt.NDArray[np.int64]
Float64Array = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class NetworkInput:
    """Organisations and their ties as parallel arrays.

    `sources`/`targets` are positions into `node_ids` (0..n-1). Ties are undirected;
    several ties between one pair (in either direction) are summed by `build_network`.
    """

    node_ids: npt.NDArray[np.int64]
    categories: Sequence[str]
    regions: Sequence[str]
    sources: npt.NDArray[np.int64]
    targets: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Network:
    """An undirected weighted simple graph, as igraph and as CSR, with node attributes.

    Edges are numbered 0..m-1 in (edge_u, edge_v) order with edge_u < edge_v; igraph's edge
    ids are the same numbers. `adjacency` is symmetric with sorted column indices and
    `edge_of[k]` is the edge id of the stored entry k, so per-edge results can be read
    back per (node, neighbour).
    """

    node_ids: Int64Array
    categories: tuple[str, ...]
    category_codes: npt.NDArray[np.int8]
    regions: tuple[str, ...]
    region_codes: Int64Array  # equal codes = same region; -1 = unknown ("")
    edge_u: Int64Array
    edge_v: Int64Array
    edge_weight: Float64Array
    adjacency: sp.csr_matrix
    edge_of: Int64Array
    degree: Int64Array
    strength: Float64Array
    graph: igraph.Graph = field(repr=False)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.node_ids.shape[0])

    @property
    def m(self) -> int:
        """Number of (merged) edges."""
        return int(self.edge_u.shape[0])

    def position(self, node_id: int) -> int:
        """Position of an organisation id; KeyError when it is not in the network."""
        hits = np.flatnonzero(self.node_ids == node_id)
        if hits.size == 0:
            raise KeyError(node_id)
        return int(hits[0])


def strongest_tie(net: Network) -> Float64Array:
    """Each node's largest edge weight (0 for isolates)."""
    result = np.zeros(net.n, dtype=np.float64)
    rows = np.flatnonzero(net.degree)
    if rows.size:
        result[rows] = np.maximum.reduceat(net.adjacency.data, net.adjacency.indptr[rows])
    return result


def _as_int_array(name: str, values: npt.ArrayLike) -> Int64Array:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integers")
    return array.astype(np.int64, copy=False)


def _validate(data: NetworkInput) -> tuple[Int64Array, Int64Array, Int64Array, Float64Array]:
    node_ids = _as_int_array("node_ids", data.node_ids)
    n = node_ids.shape[0]
    if np.unique(node_ids).shape[0] != n:
        raise ValueError("node_ids must be unique")
    if len(data.categories) != n or len(data.regions) != n:
        raise ValueError("categories and regions need one entry per node")
    unknown = set(data.categories) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories: {sorted(unknown)}")
    if not all(isinstance(region, str) for region in data.regions):
        raise ValueError("regions must be strings ('' when unknown)")
    sources = _as_int_array("sources", data.sources)
    targets = _as_int_array("targets", data.targets)
    weights = np.asarray(data.weights)
    if weights.ndim != 1 or (weights.size and not np.issubdtype(weights.dtype, np.number)):
        raise ValueError("weights must be a one-dimensional numeric array")
    weights = weights.astype(np.float64, copy=False)
    if not (sources.shape == targets.shape == weights.shape):
        raise ValueError("sources, targets and weights must have one equal length")
    if sources.size:
        if min(sources.min(), targets.min()) < 0 or max(sources.max(), targets.max()) >= n:
            raise ValueError("sources and targets must be positions 0..n-1 into node_ids")
        if np.any(sources == targets):
            raise ValueError("self-loops are not allowed")
        if not np.all(np.isfinite(weights)) or np.any(weights <= 0):
            raise ValueError("weights must be finite and > 0")
    return node_ids, sources, targets, weights


def build_network(data: NetworkInput) -> Network:
    """Validate `data`, merge parallel ties (weights summed) and build both representations."""
    node_ids, sources, targets, weights = _validate(data)
    n = node_ids.shape[0]
    low = np.minimum(sources, targets)
    high = np.maximum(sources, targets)
    keys, inverse = np.unique(low * max(n, 1) + high, return_inverse=True)
    edge_weight = np.bincount(inverse.reshape(-1), weights=weights, minlength=keys.shape[0]).astype(
        np.float64
    )
    edge_u = (keys // max(n, 1)).astype(np.int64)
    edge_v = (keys % max(n, 1)).astype(np.int64)
    m = keys.shape[0]

    # Symmetric CSR with sorted columns: edges come sorted by (u, v), so putting the v->u
    # entries before the u->v ones and sorting stably by row leaves every row sorted.
    rows = np.concatenate([edge_v, edge_u])
    eids = np.concatenate([np.arange(m, dtype=np.int64)] * 2)
    order = np.argsort(rows, kind="stable")
    degree = np.bincount(rows, minlength=n).astype(np.int64)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    edge_of = eids[order]
    columns = np.concatenate([edge_u, edge_v])[order]
    adjacency = sp.csr_matrix((edge_weight[edge_of], columns, indptr), shape=(n, n))
    adjacency.has_sorted_indices = True
    strength = np.bincount(rows, weights=edge_weight[eids], minlength=n).astype(np.float64)

    graph = igraph.Graph(n=n)
    graph.add_edges(np.column_stack([edge_u, edge_v]))
    graph.es["weight"] = edge_weight.tolist()
    graph.es["distance"] = (1.0 / edge_weight).tolist()

    categories = tuple(data.categories)
    regions = tuple(data.regions)
    region_names, region_codes = np.unique(np.asarray(regions, dtype=str), return_inverse=True)
    region_codes = region_codes.reshape(-1).astype(np.int64)
    if region_names.size and region_names[0] == "":
        region_codes[region_codes == 0] = -1
    return Network(
        node_ids=node_ids,
        categories=categories,
        category_codes=np.array([CODE[c] for c in categories], dtype=np.int8),
        regions=regions,
        region_codes=region_codes,
        edge_u=edge_u,
        edge_v=edge_v,
        edge_weight=edge_weight,
        adjacency=adjacency,
        edge_of=edge_of,
        degree=degree,
        strength=strength,
        graph=graph,
    )


def project_coparticipation(
    project_index: npt.NDArray[np.int64], org_index: npt.NDArray[np.int64], n_orgs: int
) -> tuple[Int64Array, Int64Array, Float64Array]:
    """(sources, targets, weights): an edge per pair of orgs sharing >= 1 project, weight =
    number of shared projects.

    This is the upper triangle of BᵀB without the diagonal, B the project x organisation
    incidence matrix; a duplicated (project, org) pair counts once. Project numbers may be
    any integers; organisations are positions 0..n_orgs-1. Edges come sorted by
    (source, target) with source < target.
    """
    projects = _as_int_array("project_index", project_index)
    orgs = _as_int_array("org_index", org_index)
    if projects.shape != orgs.shape:
        raise ValueError("project_index and org_index must have one equal length")
    if n_orgs < 0:
        raise ValueError("n_orgs must be >= 0")
    if orgs.size and (orgs.min() < 0 or orgs.max() >= n_orgs):
        raise ValueError("org_index must be positions 0..n_orgs-1")
    if projects.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    _, project_pos = np.unique(projects, return_inverse=True)
    project_pos = project_pos.reshape(-1)
    incidence = sp.csr_matrix(
        (np.ones(orgs.shape[0], dtype=np.float64), (project_pos, orgs)),
        shape=(int(project_pos.max()) + 1, n_orgs),
    )
    incidence.sum_duplicates()
    incidence.data[:] = 1.0  # a repeated participation is still one participation
    shared = sp.triu(incidence.T @ incidence, k=1).tocoo()
    order = np.lexsort((shared.col, shared.row))
    return (
        shared.row[order].astype(np.int64),
        shared.col[order].astype(np.int64),
        shared.data[order].astype(np.float64),
    )
