"""build_network (validation, merging) and project_coparticipation."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaleup.network.analysis import (
    CLUSTER,
    KNOWLEDGE,
    SME,
    NetworkInput,
    build_network,
    project_coparticipation,
)


def make_input(**overrides: object) -> NetworkInput:
    fields: dict[str, object] = {
        "node_ids": np.array([10, 20, 30], dtype=np.int64),
        "categories": [SME, CLUSTER, KNOWLEDGE],
        "regions": ["PL81", "PL81", ""],
        "sources": np.array([0, 1], dtype=np.int64),
        "targets": np.array([1, 2], dtype=np.int64),
        "weights": np.array([1.0, 2.0]),
    }
    fields.update(overrides)
    return NetworkInput(**fields)  # type: ignore[arg-type]


def test_parallel_ties_in_either_direction_are_summed() -> None:
    net = build_network(
        make_input(
            sources=np.array([0, 1, 1, 2], dtype=np.int64),
            targets=np.array([1, 0, 2, 0], dtype=np.int64),
            weights=np.array([2.0, 0.5, 1.0, 3.0]),
        )
    )
    assert net.m == 3
    assert list(zip(net.edge_u.tolist(), net.edge_v.tolist(), strict=True)) == [
        (0, 1),
        (0, 2),
        (1, 2),
    ]
    assert net.edge_weight.tolist() == [2.5, 3.0, 1.0]
    assert net.degree.tolist() == [2, 2, 2]
    assert net.strength.tolist() == [5.5, 3.5, 4.0]


def test_igraph_and_csr_hold_the_same_edges() -> None:
    rng = np.random.default_rng(0)
    sources = rng.integers(0, 50, 400)
    targets = (sources + rng.integers(1, 50, 400)) % 50
    net = build_network(
        NetworkInput(
            node_ids=np.arange(50, dtype=np.int64),
            categories=[SME] * 50,
            regions=[""] * 50,
            sources=sources.astype(np.int64),
            targets=targets.astype(np.int64),
            weights=rng.uniform(0.5, 2.0, 400),
        )
    )
    assert net.graph.vcount() == 50 and net.graph.ecount() == net.m
    assert net.graph.get_edgelist() == list(
        zip(net.edge_u.tolist(), net.edge_v.tolist(), strict=True)
    )
    np.testing.assert_array_equal(net.graph.es["weight"], net.edge_weight)
    np.testing.assert_allclose(net.graph.es["distance"], 1.0 / net.edge_weight)
    dense = net.adjacency.toarray()
    np.testing.assert_array_equal(dense, dense.T)
    rows = np.repeat(np.arange(50), net.degree)
    cols = net.adjacency.indices
    np.testing.assert_array_equal(np.minimum(rows, cols), net.edge_u[net.edge_of])
    np.testing.assert_array_equal(np.maximum(rows, cols), net.edge_v[net.edge_of])
    np.testing.assert_array_equal(net.adjacency.data, net.edge_weight[net.edge_of])
    assert net.adjacency.has_sorted_indices


def test_regions_get_codes_and_unknown_is_minus_one() -> None:
    net = build_network(make_input(regions=["PL81", "DE", ""]))
    codes = net.region_codes.tolist()
    assert codes[2] == -1 and codes[0] >= 0 and codes[1] >= 0 and codes[0] != codes[1]


def test_position_of_an_organisation_id() -> None:
    net = build_network(make_input())
    assert net.position(30) == 2
    with pytest.raises(KeyError):
        net.position(99)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sources": np.array([0, 1]), "targets": np.array([0, 2])}, "self-loops"),
        ({"weights": np.array([0.0, 1.0])}, "> 0"),
        ({"weights": np.array([-1.0, 1.0])}, "> 0"),
        ({"weights": np.array([np.nan, 1.0])}, "finite"),
        ({"weights": np.array([np.inf, 1.0])}, "finite"),
        ({"targets": np.array([1, 3])}, "positions"),
        ({"sources": np.array([-1, 1])}, "positions"),
        ({"sources": np.array([0.0, 1.0])}, "integers"),
        ({"weights": np.array([1.0])}, "equal length"),
        ({"node_ids": np.array([10, 10, 30])}, "unique"),
        ({"categories": [SME, "university", KNOWLEDGE]}, "unknown categories"),
        ({"categories": [SME, CLUSTER]}, "one entry per node"),
        ({"regions": ["PL81", None, ""]}, "strings"),
    ],
)
def test_bad_input_is_refused_never_repaired(overrides: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_network(make_input(**overrides))


def test_no_nodes_and_no_ties_build() -> None:
    empty = build_network(
        NetworkInput(
            node_ids=np.zeros(0, dtype=np.int64),
            categories=[],
            regions=[],
            sources=np.zeros(0, dtype=np.int64),
            targets=np.zeros(0, dtype=np.int64),
            weights=np.zeros(0),
        )
    )
    assert empty.n == 0 and empty.m == 0
    alone = build_network(
        make_input(
            sources=np.zeros(0, dtype=np.int64),
            targets=np.zeros(0, dtype=np.int64),
            weights=np.zeros(0),
        )
    )
    assert alone.n == 3 and alone.m == 0 and alone.degree.tolist() == [0, 0, 0]


def test_projection_counts_shared_projects_once_per_participation() -> None:
    # project 7: orgs 0, 1, 2 (org 0 listed twice); project 9: orgs 1, 2; project 4: org 3
    projects = np.array([7, 7, 7, 7, 9, 9, 4], dtype=np.int64)
    orgs = np.array([0, 1, 2, 0, 2, 1, 3], dtype=np.int64)
    sources, targets, weights = project_coparticipation(projects, orgs, 5)
    assert sources.tolist() == [0, 0, 1]
    assert targets.tolist() == [1, 2, 2]
    assert weights.tolist() == [1.0, 1.0, 2.0]
    assert sources.dtype == np.int64 and weights.dtype == np.float64


def test_projection_refuses_bad_positions() -> None:
    with pytest.raises(ValueError, match="positions"):
        project_coparticipation(np.array([1, 1]), np.array([0, 5]), 5)
    with pytest.raises(ValueError, match="equal length"):
        project_coparticipation(np.array([1]), np.array([0, 1]), 5)


def test_projection_of_nothing_is_empty() -> None:
    sources, targets, weights = project_coparticipation(
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 3
    )
    assert sources.size == targets.size == weights.size == 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 9)), min_size=1, max_size=60))
def test_property_projection_is_networkx_weighted_projection(pairs: list) -> None:
    projects = np.array([p for p, _ in pairs], dtype=np.int64)
    orgs = np.array([o for _, o in pairs], dtype=np.int64)
    sources, targets, weights = project_coparticipation(projects, orgs, 10)
    bipartite = nx.Graph()
    bipartite.add_nodes_from(range(10))
    bipartite.add_edges_from((o, ("project", p)) for p, o in pairs)
    projected = nx.bipartite.weighted_projected_graph(bipartite, range(10))
    expected = sorted(
        (min(u, v), max(u, v), float(d["weight"])) for u, v, d in projected.edges(data=True)
    )
    assert list(zip(sources.tolist(), targets.tolist(), weights.tolist(), strict=True)) == expected


def test_projection_matches_brute_force_on_a_random_bipartite_graph() -> None:
    rng = np.random.default_rng(3)
    projects = rng.integers(0, 300, 2000)
    orgs = rng.integers(0, 400, 2000)
    sources, targets, weights = project_coparticipation(projects, orgs, 400)
    members: dict[int, set[int]] = {}
    for p, o in zip(projects.tolist(), orgs.tolist(), strict=True):
        members.setdefault(p, set()).add(o)
    counts: dict[tuple[int, int], int] = {}
    for group in members.values():
        for pair in combinations(sorted(group), 2):
            counts[pair] = counts.get(pair, 0) + 1
    found = dict(
        zip(zip(sources.tolist(), targets.tolist(), strict=True), weights.tolist(), strict=True)
    )
    assert found == {pair: float(c) for pair, c in counts.items()}
