"""Every measure against networkx 3.6 on small graphs (the reference implementation)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaleup.network.analysis import (
    brokerage,
    communities,
    constraint,
    coreness,
    effective_size,
    suggest_partners,
)

from .test_analysis_support import exact_distance, network_from, reference_graphs

GRAPHS = reference_graphs()
IDS = [name for name, _ in GRAPHS]


def aligned(values: dict, nodes: list) -> np.ndarray:
    return np.array([float(values[v]) for v in nodes])


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_exact_brokerage_is_networkx_betweenness(name: str, graph: nx.Graph) -> None:
    net, nodes = network_from(graph)
    expected = nx.betweenness_centrality(graph, weight=exact_distance, normalized=True)
    result = brokerage(net)
    assert result.exact and result.samples == net.n and result.error_bound == 0.0
    np.testing.assert_allclose(result.values, aligned(expected, nodes), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_constraint_is_networkx_constraint(name: str, graph: nx.Graph) -> None:
    net, nodes = network_from(graph)
    expected = aligned(nx.constraint(graph, weight="weight"), nodes)
    np.testing.assert_allclose(constraint(net), expected, rtol=1e-9, equal_nan=True)


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_constraint_is_igraph_constraint(name: str, graph: nx.Graph) -> None:
    net, _ = network_from(graph)
    expected = np.array(net.graph.constraint(weights="weight"), dtype=float)
    connected = net.degree > 0
    np.testing.assert_allclose(constraint(net)[connected], expected[connected], rtol=1e-9)


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_effective_size_is_networkx_effective_size(name: str, graph: nx.Graph) -> None:
    # nodes= forces networkx's per-node path: its all-nodes sparse shortcut divides by the
    # wrong axis's maximum for weighted graphs (networkx PR #8906, open in 3.6.1).
    net, nodes = network_from(graph)
    expected = aligned(nx.effective_size(graph, nodes=nodes, weight="weight"), nodes)
    np.testing.assert_allclose(effective_size(net), expected, rtol=1e-9, equal_nan=True)


def test_unweighted_effective_size_is_borgattis_formula() -> None:
    graph = nx.karate_club_graph()
    for _, _, data in graph.edges(data=True):
        data.pop("weight")
    graph.add_node("alone")
    net, nodes = network_from(graph)
    expected = aligned(nx.effective_size(graph), nodes)
    np.testing.assert_allclose(effective_size(net), expected, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_coreness_is_networkx_core_number(name: str, graph: nx.Graph) -> None:
    net, nodes = network_from(graph)
    expected = nx.core_number(graph)
    assert coreness(net).tolist() == [expected[v] for v in nodes]


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_modularity_is_networkx_modularity_of_the_partition(name: str, graph: nx.Graph) -> None:
    net, nodes = network_from(graph)
    community, modularity = communities(net, seed=0)
    partition = [
        {nodes[i] for i in np.flatnonzero(community == c)} for c in range(community.max() + 1)
    ]
    expected = nx.community.modularity(graph, partition, weight="weight")
    assert modularity == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("name", "graph"),
    [
        ("karate", nx.karate_club_graph()),
        ("planted", nx.planted_partition_graph(6, 25, 0.3, 0.02, seed=5)),
        ("lfr-like", nx.powerlaw_cluster_graph(300, 3, 0.4, seed=6)),
        *GRAPHS[1:3],
    ],
    ids=["karate", "planted", "powerlaw-cluster", *IDS[1:3]],
)
def test_leiden_modularity_at_least_networkx_louvain(name: str, graph: nx.Graph) -> None:
    net, _ = network_from(graph)
    _, modularity = communities(net, seed=0)
    louvain = nx.community.louvain_communities(graph, weight="weight", seed=0)
    assert modularity >= nx.community.modularity(graph, louvain, weight="weight") - 0.005


@pytest.mark.parametrize(("name", "graph"), GRAPHS, ids=IDS)
def test_adamic_adar_is_networkx_adamic_adar(name: str, graph: nx.Graph) -> None:
    net, nodes = network_from(graph)
    for position in range(0, net.n, 3):
        u = nodes[position]
        pairs = [(u, v) for v in graph if v != u and not graph.has_edge(u, v)]
        expected = {v: s for _, v, s in nx.adamic_adar_index(graph, pairs) if s > 0}
        found = suggest_partners(
            net, position, top=net.n, complementary_boost=1.0, region_boost=1.0
        )
        assert {nodes[s.position] for s in found} == set(expected)
        for s in found:
            assert s.score == pytest.approx(expected[nodes[s.position]], rel=1e-12)
            common = set(nx.common_neighbors(graph, u, nodes[s.position]))
            assert {nodes[w] for w in s.common} == common


edge_lists = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.integers(1, 4)),
    min_size=1,
    max_size=40,
).map(lambda edges: [(u, v, w) for u, v, w in edges if u != v])


def graph_of(edges: list[tuple[int, int, int]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(12))
    for u, v, w in edges:  # parallel ties are summed, as build_network does
        previous = graph[u][v]["weight"] if graph.has_edge(u, v) else 0
        graph.add_edge(u, v, weight=previous + w)
    return graph


@settings(max_examples=40, deadline=None)
@given(edge_lists)
def test_property_holes_and_brokerage_match_networkx(edges: list) -> None:
    graph = graph_of(edges)
    net, nodes = network_from(graph)
    np.testing.assert_allclose(
        constraint(net), aligned(nx.constraint(graph, weight="weight"), nodes), equal_nan=True
    )
    es = nx.effective_size(graph, nodes=nodes, weight="weight")
    np.testing.assert_allclose(effective_size(net), aligned(es, nodes), equal_nan=True)
    bc = nx.betweenness_centrality(graph, weight=exact_distance, normalized=True)
    np.testing.assert_allclose(brokerage(net).values, aligned(bc, nodes), atol=1e-12)
