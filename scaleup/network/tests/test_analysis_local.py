"""Cross-kind ties a cluster mediates, and gaps (SMEs out of reach)."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaleup.network.analysis import (
    CATEGORIES,
    CLUSTER,
    KNOWLEDGE,
    LARGE,
    PUBLIC,
    SME,
    SUPPORT,
    cross_kind_ties,
    gaps,
)
from scaleup.network.analysis.triangles import triangle_chunks

from .test_analysis_support import network_from, weighted_random_graph


def test_cross_kind_ties_hand_computed() -> None:
    # c's neighbours: s1, s2 (SME), k (KNOWLEDGE), p (PUBLIC), c2 (CLUSTER): 10 pairs, one
    # of one kind (s1, s2) -> 9 cross-kind pairs, two of them tied (s1-k, c2-k) -> 7 open.
    # c2's neighbours: c (CLUSTER) and k (KNOWLEDGE), tied to each other -> 0 open.
    graph = nx.Graph([("c", "s1"), ("c", "s2"), ("c", "k"), ("c", "p"), ("c", "c2"), ("s1", "k")])
    graph.add_edges_from([("s1", "s2"), ("c2", "k")])
    kinds = {"c": CLUSTER, "c2": CLUSTER, "s1": SME, "s2": SME, "k": KNOWLEDGE, "p": PUBLIC}
    net, nodes = network_from(graph, [kinds[v] for v in graph])
    ties = dict(zip(nodes, cross_kind_ties(net).tolist(), strict=True))
    assert ties == {"c": 7, "c2": 0, "s1": 0, "s2": 0, "k": 0, "p": 0}


def brute_force_cross(graph: nx.Graph, kind: dict) -> dict:
    result = {}
    for v in graph:
        if kind[v] != CLUSTER:
            result[v] = 0
            continue
        result[v] = sum(
            1
            for a, b in combinations(graph[v], 2)
            if kind[a] != kind[b] and not graph.has_edge(a, b)
        )
    return result


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=60),
    st.lists(st.sampled_from(CATEGORIES), min_size=15, max_size=15),
)
def test_property_cross_kind_ties_match_brute_force(edges: list, categories: list) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(range(15))
    graph.add_edges_from((u, v) for u, v in edges if u != v)
    net, nodes = network_from(graph, categories)
    expected = brute_force_cross(graph, dict(zip(nodes, categories, strict=True)))
    assert cross_kind_ties(net).tolist() == [expected[v] for v in nodes]


@pytest.mark.parametrize("chunk", [1, 7, 1_000_000])
def test_triangles_are_listed_once_in_any_chunk_size(chunk: int) -> None:
    graph = weighted_random_graph(40, 0.25, seed=9)
    net, _ = network_from(graph)
    found = set()
    for t in triangle_chunks(net, chunk_wedges=chunk):
        for a, b, c, ab, ac, bc in zip(t.a, t.b, t.c, t.ab, t.ac, t.bc, strict=True):
            assert {net.edge_u[ab], net.edge_v[ab]} == {a, b}
            assert {net.edge_u[ac], net.edge_v[ac]} == {a, c}
            assert {net.edge_u[bc], net.edge_v[bc]} == {b, c}
            triangle = frozenset((int(a), int(b), int(c)))
            assert triangle not in found
            found.add(triangle)
    assert len(found) == sum(nx.triangles(graph).values()) // 3


def test_gaps_hand_computed() -> None:
    graph = nx.Graph()
    graph.add_node("s_alone")  # isolated SME: gap
    graph.add_edge("s_pair1", "s_pair2")  # only SMEs: both gaps
    graph.add_edges_from([("s_two", "l1"), ("l1", "k")])  # university 2 steps away: fine
    graph.add_edges_from([("s_three", "l2"), ("l2", "l3"), ("l3", "k")])  # 3 steps: gap
    graph.add_edge("s_cluster", "c")  # a cluster partner: fine
    graph.add_edge("s_public", "p")  # public bodies are not innovation support: gap
    graph.add_edges_from([("s_support", "l4"), ("l4", "sup")])  # support 2 steps: fine
    graph.add_node("l_alone")  # not an SME: never a gap
    kinds = {"s": SME, "l": LARGE, "k": KNOWLEDGE, "c": CLUSTER, "p": PUBLIC, "sup": SUPPORT}
    categories = [kinds[v] if v in kinds else kinds[v[0]] for v in graph]
    net, nodes = network_from(graph, categories)
    found = {v for v, gap in zip(nodes, gaps(net).tolist(), strict=True) if gap}
    assert found == {"s_alone", "s_pair1", "s_pair2", "s_three", "s_public"}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=40),
    st.lists(st.sampled_from(CATEGORIES), min_size=15, max_size=15),
)
def test_property_gaps_are_smes_without_a_target_within_two_steps(
    edges: list, categories: list
) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(range(15))
    graph.add_edges_from((u, v) for u, v in edges if u != v)
    net, nodes = network_from(graph, categories)
    targets = {
        v for v, c in zip(nodes, categories, strict=True) if c in (CLUSTER, KNOWLEDGE, SUPPORT)
    }
    expected = [
        categories[i] == SME
        and not targets & set(nx.single_source_shortest_path_length(graph, v, cutoff=2))
        for i, v in enumerate(nodes)
    ]
    assert gaps(net).tolist() == expected
    assert gaps(net).dtype == np.bool_
