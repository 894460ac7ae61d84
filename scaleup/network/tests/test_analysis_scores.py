"""analyse(): every measure in one call, deterministic, and sane on degenerate networks."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from scaleup.network.analysis import (
    CLUSTER,
    KNOWLEDGE,
    SME,
    NetworkInput,
    analyse,
    brokerage,
    build_network,
    catalyst_share,
    communities,
    constraint,
    coreness,
    cross_kind_ties,
    effective_size,
    gaps,
)

from .test_analysis_support import coparticipation_graph, network_from


@pytest.fixture(scope="module")
def mixed() -> tuple:
    graph = coparticipation_graph(400, 300, seed=3)
    rng = np.random.default_rng(3)
    categories = rng.choice([SME, SME, KNOWLEDGE, CLUSTER, "support", "public"], size=400)
    return network_from(graph, categories.tolist())


def test_analyse_is_each_measure(mixed: tuple) -> None:
    net, _ = mixed
    scores = analyse(net, seed=5, exact_up_to=100)
    np.testing.assert_array_equal(scores.degree, net.degree)
    np.testing.assert_array_equal(scores.weighted_degree, net.strength)
    expected = brokerage(net, seed=5, exact_up_to=100)
    np.testing.assert_array_equal(scores.brokerage.values, expected.values)
    assert not scores.brokerage.exact
    np.testing.assert_array_equal(scores.constraint, constraint(net))
    np.testing.assert_array_equal(scores.effective_size, effective_size(net))
    community, modularity = communities(net, seed=5)
    np.testing.assert_array_equal(scores.community, community)
    assert scores.modularity == modularity
    np.testing.assert_array_equal(scores.coreness, coreness(net))
    np.testing.assert_array_equal(
        scores.catalyst_share, catalyst_share(net, seed=5, exact_up_to=100)
    )
    np.testing.assert_array_equal(scores.cross_kind_ties, cross_kind_ties(net))
    np.testing.assert_array_equal(scores.is_gap, gaps(net))
    assert scores.degree.dtype == np.int64 and scores.community.dtype == np.int64
    assert scores.is_gap.dtype == np.bool_ and scores.coreness.dtype == np.int64


def test_analyse_is_deterministic_for_a_seed(mixed: tuple) -> None:
    net, _ = mixed
    first, again = analyse(net, seed=1, exact_up_to=50), analyse(net, seed=1, exact_up_to=50)
    for field in ("brokerage", "community", "catalyst_share", "constraint"):
        a, b = getattr(first, field), getattr(again, field)
        a, b = (a.values, b.values) if field == "brokerage" else (a, b)
        np.testing.assert_array_equal(a, b)


def test_communities_are_numbered_by_size_and_isolates_stand_alone() -> None:
    graph = nx.union(nx.complete_graph(3), nx.relabel_nodes(nx.complete_graph(5), lambda v: v + 10))
    graph.add_nodes_from(["alone", "also alone"])
    net, nodes = network_from(graph)
    community, modularity = communities(net)
    assert community[[nodes.index(v) for v in range(10, 15)]].tolist() == [0] * 5
    assert community[[nodes.index(v) for v in range(3)]].tolist() == [1] * 3
    assert sorted(community[[nodes.index("alone"), nodes.index("also alone")]].tolist()) == [2, 3]
    assert modularity == pytest.approx(
        nx.community.modularity(
            graph, [set(range(3)), set(range(10, 15)), {"alone"}, {"also alone"}]
        )
    )


def test_leiden_leaves_the_global_random_state_alone(mixed: tuple) -> None:
    net, _ = mixed
    random.seed(42)
    expected = random.random()
    random.seed(42)
    communities(net, seed=9)
    assert random.random() == expected


def test_network_without_ties() -> None:
    net = build_network(
        NetworkInput(
            node_ids=np.array([1, 2, 3], dtype=np.int64),
            categories=[SME, KNOWLEDGE, CLUSTER],
            regions=["", "", ""],
            sources=np.zeros(0, dtype=np.int64),
            targets=np.zeros(0, dtype=np.int64),
            weights=np.zeros(0),
        )
    )
    scores = analyse(net)
    assert scores.degree.tolist() == [0, 0, 0]
    assert scores.brokerage.values.tolist() == [0.0, 0.0, 0.0]
    assert np.isnan(scores.constraint).all() and np.isnan(scores.effective_size).all()
    assert sorted(scores.community.tolist()) == [0, 1, 2] and np.isnan(scores.modularity)
    assert scores.coreness.tolist() == [0, 0, 0]
    assert scores.catalyst_share[2] == 0.0 and np.isnan(scores.catalyst_share[:2]).all()
    assert scores.is_gap.tolist() == [True, False, False]


def test_empty_network() -> None:
    net = build_network(
        NetworkInput(
            node_ids=np.zeros(0, dtype=np.int64),
            categories=[],
            regions=[],
            sources=np.zeros(0, dtype=np.int64),
            targets=np.zeros(0, dtype=np.int64),
            weights=np.zeros(0),
        )
    )
    scores = analyse(net)
    assert scores.degree.size == scores.community.size == scores.is_gap.size == 0
    assert scores.brokerage.values.size == 0 and np.isnan(scores.modularity)


@pytest.mark.parametrize("n", [1, 2])
def test_tiny_networks(n: int) -> None:
    graph = nx.path_graph(n)
    net, _ = network_from(graph, [SME] * n)
    scores = analyse(net)
    assert scores.brokerage.values.tolist() == [0.0] * n
    assert scores.is_gap.tolist() == [True] * n
