"""Brokerage sampling (determinism, error bound, ranking, certified floor) and the
catalyst share of clusters."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from scaleup.network.analysis import (
    CLUSTER,
    DEFAULT_SAMPLES,
    KNOWLEDGE,
    LARGE,
    SME,
    SUPPORT,
    brokerage,
    catalyst_share,
    error_bound,
)
from scaleup.network.analysis.brokerage import certified_floor

from .test_analysis_support import (
    coparticipation_graph,
    exact_distance,
    network_from,
    weighted_random_graph,
    with_exact_lengths,
)


@pytest.fixture(scope="module")
def consortia() -> nx.Graph:
    return coparticipation_graph(1200, 900, seed=7)


def test_sampling_is_deterministic_for_a_seed(consortia: nx.Graph) -> None:
    net, _ = network_from(consortia)
    first = brokerage(net, exact_up_to=100, samples=50, seed=3)
    again = brokerage(net, exact_up_to=100, samples=50, seed=3)
    other = brokerage(net, exact_up_to=100, samples=50, seed=4)
    np.testing.assert_array_equal(first.values, again.values)
    assert not np.array_equal(first.values, other.values)
    assert not first.exact and first.samples == 50


def test_sampling_starts_above_exact_up_to_with_default_samples(consortia: nx.Graph) -> None:
    net, _ = network_from(consortia)
    assert brokerage(net, exact_up_to=net.n).exact
    sampled = brokerage(net, exact_up_to=net.n - 1)
    assert not sampled.exact and sampled.samples == DEFAULT_SAMPLES


def test_asking_for_n_samples_is_exact(consortia: nx.Graph) -> None:
    net, _ = network_from(consortia)
    full = brokerage(net, exact_up_to=0, samples=net.n)
    assert full.exact and full.error_bound == 0.0
    np.testing.assert_array_equal(full.values, brokerage(net).values)


def test_error_bound_is_hoeffding_with_a_union_bound() -> None:
    n, k, delta = 35_871, 256, 0.05
    expected = n / (n - 1) * math.sqrt(math.log(2 * n / delta) / (2 * k))
    assert error_bound(n, k, delta) == pytest.approx(expected)
    assert error_bound(n, k, 0.01) > error_bound(n, k, 0.05)
    assert error_bound(n, 4 * k, delta) == pytest.approx(expected / 2, rel=1e-12)
    assert error_bound(100, 100, delta) == 0.0


def test_sampled_values_stay_within_the_error_bound(consortia: nx.Graph) -> None:
    net, _ = network_from(consortia)
    exact = brokerage(net).values
    for seed in range(3):
        sampled = brokerage(net, exact_up_to=0, samples=40, delta=0.05, seed=seed)
        assert np.abs(sampled.values - exact).max() <= sampled.error_bound


def test_sampled_ranking_follows_exact_betweenness(consortia: nx.Graph) -> None:
    net, _ = network_from(consortia)
    exact = brokerage(net).values
    sampled = brokerage(net, exact_up_to=0, samples=120, seed=1).values
    assert spearmanr(exact, sampled).statistic >= 0.9
    top = set(np.argsort(-exact)[:10].tolist())
    assert len(top & set(np.argsort(-sampled)[:20].tolist())) >= 8


def test_floor_counts_the_pairs_a_node_certainly_bridges() -> None:
    # a - v - b and a - x - b (unit weights): v carries half of the a-b paths and all of
    # c-a and c-b (neighbour pairs: certified, 2.5), and all of c-x (not a neighbour pair:
    # exact 3.5).
    graph = nx.Graph([("a", "v"), ("v", "b"), ("a", "x"), ("x", "b"), ("c", "v")])
    net, nodes = network_from(graph)
    floor = certified_floor(net, np.arange(net.n))
    exact_unordered = brokerage(net).values * (net.n - 1) * (net.n - 2) / 2
    v, x = nodes.index("v"), nodes.index("x")
    assert floor[v] == pytest.approx(0.5 + 1 + 1)
    assert exact_unordered[v] == pytest.approx(3.5)
    assert floor[x] == pytest.approx(0.5)
    assert exact_unordered[x] == pytest.approx(0.5)


def test_sampled_values_never_fall_below_the_floor() -> None:
    # v bridges a and b in a small component; pivots elsewhere see nothing of it
    graph = nx.union(nx.path_graph(["a", "v", "b"]), nx.complete_graph(range(12)))
    net, nodes = network_from(graph)
    v = nodes.index("v")
    floor = certified_floor(net, np.arange(net.n))[v] * 2 / ((net.n - 1) * (net.n - 2))
    exact = brokerage(net).values[v]
    assert floor == pytest.approx(exact)
    values = [brokerage(net, exact_up_to=0, samples=2, seed=s).values[v] for s in range(12)]
    assert min(values) >= floor * (1 - 1e-12)
    assert any(value == pytest.approx(floor) for value in values)


def test_floor_skips_pairs_with_a_shorter_direct_tie() -> None:
    # a and b are tied directly with weight 3 (length 1/3) < 1 + 1 via v
    graph = nx.Graph()
    graph.add_edge("a", "v", weight=1)
    graph.add_edge("v", "b", weight=1)
    graph.add_edge("a", "b", weight=0.4)  # length 2.5 > 2: v is on the shortest path
    net, nodes = network_from(graph)
    assert certified_floor(net, np.arange(3))[nodes.index("v")] == pytest.approx(1.0)
    graph["a"]["b"]["weight"] = 3
    net, nodes = network_from(graph)
    # now a's and b's strongest tie is each other: v is not certified (and not a broker)
    assert certified_floor(net, np.arange(3))[nodes.index("v")] == 0.0
    graph["a"]["b"]["weight"] = 0.5  # direct length 2 == 1 + 1: two shortest paths
    net, nodes = network_from(graph)
    assert certified_floor(net, np.arange(3))[nodes.index("v")] == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 13), st.integers(0, 13), st.sampled_from([1, 1, 1, 2, 3, 6])),
        min_size=1,
        max_size=45,
    )
)
def test_property_floor_never_exceeds_exact_betweenness(edges: list) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(range(14))
    for u, v, w in edges:
        if u != v:
            graph.add_edge(u, v, weight=w)
    net, nodes = network_from(graph)
    exact = nx.betweenness_centrality(graph, weight=exact_distance, normalized=False)
    floor = certified_floor(net, np.arange(net.n))
    for i, node in enumerate(nodes):
        assert floor[i] <= float(exact[node]) + 1e-9


def test_brokerage_refuses_bad_arguments(consortia: nx.Graph) -> None:
    net, _ = network_from(consortia)
    with pytest.raises(ValueError, match="samples"):
        brokerage(net, samples=0)
    with pytest.raises(ValueError, match="delta"):
        brokerage(net, delta=1.0)
    with pytest.raises(ValueError, match="exact_up_to"):
        brokerage(net, exact_up_to=-1)


# --- catalyst share -------------------------------------------------------------------


def bridge_graph() -> tuple[nx.Graph, list[str]]:
    """s1 reaches k1 only through the clusters c1 and c2 (two equal paths); s2 has a direct
    tie to k1; s3 is an isolated SME (no path: not counted); x is a large company."""
    graph = nx.Graph(
        [("s1", "c1"), ("c1", "k1"), ("s1", "c2"), ("c2", "k1"), ("s2", "k1"), ("s2", "c1")]
    )
    graph.add_edge("c2", "x")
    graph.add_node("s3")
    kinds = {"s": SME, "c": CLUSTER, "k": KNOWLEDGE, "x": LARGE}
    return graph, [kinds[str(v)[0]] for v in graph]


def test_catalyst_share_hand_computed() -> None:
    graph, categories = bridge_graph()
    net, nodes = network_from(graph, categories)
    share = catalyst_share(net)
    # connected SME-KNOWLEDGE pairs: (s1, k1), (s2, k1) -> 2; c1 and c2 each carry half of
    # the two s1-k1 paths, none of s2's direct one.
    assert share[nodes.index("c1")] == pytest.approx(0.25)
    assert share[nodes.index("c2")] == pytest.approx(0.25)
    assert all(np.isnan(share[nodes.index(v)]) for v in ("s1", "s2", "s3", "k1", "x"))


def test_catalyst_share_follows_tie_strength() -> None:
    graph, categories = bridge_graph()
    graph["s1"]["c2"]["weight"] = 2
    graph["c2"]["k1"]["weight"] = 2  # s1-c2-k1 is now 1 long, s1-c1-k1 2 long
    net, nodes = network_from(graph, categories)
    share = catalyst_share(net)
    assert share[nodes.index("c2")] == pytest.approx(0.5)
    assert share[nodes.index("c1")] == 0.0


def test_catalyst_share_without_clusters_or_pairs() -> None:
    graph, categories = bridge_graph()
    no_clusters = [SUPPORT if c == CLUSTER else c for c in categories]
    net, _ = network_from(graph, no_clusters)
    assert np.isnan(catalyst_share(net)).all()
    no_knowledge = [SME if c == KNOWLEDGE else c for c in categories]
    net, nodes = network_from(graph, no_knowledge)
    share = catalyst_share(net)
    assert share[nodes.index("c1")] == 0.0 and share[nodes.index("c2")] == 0.0


def reference_catalyst(graph: nx.Graph, categories: list[str]) -> dict:
    """Brute force: every shortest path of every connected SME-KNOWLEDGE pair."""
    lengths = with_exact_lengths(graph)
    nodes = list(graph)
    kind = dict(zip(nodes, categories, strict=True))
    through = {v: 0.0 for v in nodes if kind[v] == CLUSTER}
    pairs = 0
    for s in (v for v in nodes if kind[v] == SME):
        for t in (v for v in nodes if kind[v] == KNOWLEDGE):
            if not nx.has_path(graph, s, t):
                continue
            pairs += 1
            paths = list(nx.all_shortest_paths(lengths, s, t, weight="length"))
            for path in paths:
                for v in path[1:-1]:
                    if v in through:
                        through[v] += 1 / len(paths)
    return {v: (x / pairs if pairs else 0.0) for v, x in through.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_catalyst_share_is_the_brute_force_share(seed: int) -> None:
    graph = weighted_random_graph(30, 0.1, seed=seed, max_weight=3, isolates=2)
    rng = np.random.default_rng(seed)
    categories = rng.choice([SME, SME, KNOWLEDGE, CLUSTER, LARGE], size=32).tolist()
    net, nodes = network_from(graph, categories)
    share = catalyst_share(net)
    expected = reference_catalyst(graph, categories)
    for v, value in expected.items():
        assert share[nodes.index(v)] == pytest.approx(value, abs=1e-12)


def test_sampled_catalyst_share_is_seeded_and_exact_when_sources_fit(consortia: nx.Graph) -> None:
    rng = np.random.default_rng(5)
    categories = rng.choice([SME, SME, SME, KNOWLEDGE, CLUSTER], size=consortia.number_of_nodes())
    net, _ = network_from(consortia, categories.tolist())
    exact = catalyst_share(net)
    sampled = catalyst_share(net, exact_up_to=0, samples=120, seed=2)
    again = catalyst_share(net, exact_up_to=0, samples=120, seed=2)
    np.testing.assert_array_equal(sampled, again)
    clusters = categories == CLUSTER
    assert spearmanr(exact[clusters], sampled[clusters]).statistic >= 0.8
    many = catalyst_share(net, exact_up_to=0, samples=net.n)
    np.testing.assert_allclose(many, exact, equal_nan=True)
