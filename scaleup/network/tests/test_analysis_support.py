"""Shared helpers for the analysis tests (no tests here): networkx graphs <-> Network.

networkx is a test-only dependency: it is the reference the maths is checked against.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np

from scaleup.network.analysis import SME, Network, NetworkInput, build_network


def network_from(
    graph: nx.Graph,
    categories: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
) -> tuple[Network, list[Any]]:
    """The Network of a networkx graph (edge attribute 'weight', default 1) and its node list;
    node i of the Network is nodes[i]."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    edges = list(graph.edges(data="weight", default=1.0))
    n = len(nodes)
    data = NetworkInput(
        node_ids=np.arange(100, 100 + n, dtype=np.int64),
        categories=list(categories) if categories is not None else [SME] * n,
        regions=list(regions) if regions is not None else [""] * n,
        sources=np.array([index[u] for u, _, _ in edges], dtype=np.int64),
        targets=np.array([index[v] for _, v, _ in edges], dtype=np.int64),
        weights=np.array([w for _, _, w in edges], dtype=np.float64),
    )
    return build_network(data), nodes


def exact_distance(u: Any, v: Any, data: dict[str, Any]) -> Fraction:
    """1/weight as an exact fraction: networkx compares path lengths with ==, igraph with a
    tolerance; with exact lengths both see the same ties (1/3 + 1/6 == 1/2)."""
    return 1 / Fraction(data.get("weight", 1))


def weighted_random_graph(
    n: int, p: float, seed: int, *, max_weight: int = 5, isolates: int = 0
) -> nx.Graph:
    """G(n, p) with integer weights 1..max_weight (many equal-length paths) plus isolates."""
    graph = nx.gnp_random_graph(n, p, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in graph.edges():
        graph[u][v]["weight"] = int(rng.integers(1, max_weight + 1))
    graph.add_nodes_from(range(n, n + isolates))
    return graph


def disconnected_graph(seed: int) -> nx.Graph:
    """Two random weighted components, a weighted path and two isolates."""
    first = weighted_random_graph(18, 0.25, seed)
    second = nx.relabel_nodes(weighted_random_graph(12, 0.3, seed + 1), lambda v: v + 100)
    graph = nx.union(first, second)
    nx.add_path(graph, [200, 201, 202, 203], weight=2)
    graph.add_nodes_from([300, 301])
    return graph


def reference_graphs() -> list[tuple[str, nx.Graph]]:
    """The small graphs every measure is compared with networkx on."""
    karate = nx.karate_club_graph()  # weights 1..7 (number of shared activities)
    continuous = nx.gnp_random_graph(35, 0.15, seed=11)
    rng = np.random.default_rng(11)
    for u, v in continuous.edges():
        continuous[u][v]["weight"] = float(rng.uniform(0.2, 5.0))
    return [
        ("karate", karate),
        ("random-a", weighted_random_graph(40, 0.12, seed=1)),
        ("random-b", weighted_random_graph(30, 0.25, seed=2, max_weight=3)),
        ("continuous", continuous),
        ("isolates", weighted_random_graph(25, 0.15, seed=3, isolates=4)),
        ("disconnected", disconnected_graph(seed=4)),
    ]


def coparticipation_graph(n_orgs: int, n_projects: int, seed: int) -> nx.Graph:
    """A small co-participation network like CORDIS: heavy-tailed activity, many small
    consortia and a few large ones; weight = shared projects."""
    rng = np.random.default_rng(seed)
    activity = rng.pareto(1.5, n_orgs) + 0.1
    activity /= activity.sum()
    graph = nx.Graph()
    graph.add_nodes_from(range(n_orgs))
    for _ in range(n_projects):
        size = min(n_orgs, 2 + int(rng.geometric(0.3)))
        members = rng.choice(n_orgs, size=size, replace=False, p=activity).tolist()
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                previous = graph[u][v]["weight"] if graph.has_edge(u, v) else 0
                graph.add_edge(u, v, weight=previous + 1)
    return graph


def with_exact_lengths(graph: nx.Graph) -> nx.Graph:
    """A copy whose edges carry 'length' = exact 1/weight (see exact_distance)."""
    copy = graph.copy()
    for u, v, data in copy.edges(data=True):
        data["length"] = exact_distance(u, v, data)
    return copy
