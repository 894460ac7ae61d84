"""Partner suggestions: Adamic-Adar, boosts, explanations, determinism."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from scaleup.network.analysis import (
    KNOWLEDGE,
    LARGE,
    PUBLIC,
    SME,
    SUPPORT,
    complementary,
    suggest_partners,
)

from .test_analysis_support import network_from

#: name: (category, region)
ORGS = {
    "u": (SME, "PL81"),
    "a": (LARGE, "PL81"),
    "b": (SUPPORT, "DE21"),
    "x": (KNOWLEDGE, "PL81"),
    "y": (SME, "PL81"),
    "z": (SME, "DE21"),
    "h": (PUBLIC, ""),
    "leaf": (SME, "PL81"),
}


def hand_network() -> tuple:
    # u works with a (degree 3), b (degree 4) and a leaf; a with x, y; b with x, z, h.
    graph = nx.Graph([("u", "a"), ("u", "b"), ("u", "leaf"), ("a", "x"), ("a", "y")])
    graph.add_edges_from([("b", "x"), ("b", "z"), ("b", "h")])
    nodes = list(graph)
    return network_from(graph, [ORGS[v][0] for v in nodes], [ORGS[v][1] for v in nodes])


def test_suggestions_hand_computed() -> None:
    net, nodes = hand_network()
    found = suggest_partners(net, nodes.index("u"))
    via_a, via_b = 1 / math.log(3), 1 / math.log(4)
    expected = [
        # a university in the same region: complementary and regional boosts
        ("x", (via_a + via_b) * 1.5 * 1.2, ("a", "b"), True, True),
        ("y", via_a * 1.2, ("a",), False, True),  # an SME next door
        ("h", via_b * 1.5, ("b",), True, False),  # a public body, region unknown
        ("z", via_b, ("b",), False, False),  # an SME elsewhere
    ]
    assert [(nodes[s.position], s.common, s.complementary, s.same_region) for s in found] == [
        (name, tuple(nodes.index(w) for w in common), c, r) for name, _, common, c, r in expected
    ]
    for suggestion, (_, score, _, _, _) in zip(found, expected, strict=True):
        assert suggestion.score == pytest.approx(score, rel=1e-12)


def test_common_partners_strongest_first() -> None:
    net, nodes = hand_network()
    best = suggest_partners(net, nodes.index("u"), top=1)[0]
    # a has 3 partners, b has 4: sharing a is the stronger sign
    assert [nodes[w] for w in best.common] == ["a", "b"]


def test_equal_scores_are_ordered_by_position() -> None:
    net, nodes = hand_network()
    found = suggest_partners(net, nodes.index("u"), complementary_boost=1.0, region_boost=1.0)
    tail = [s for s in found if nodes[s.position] in ("z", "h")]
    assert tail[0].score == tail[1].score
    assert tail[0].position < tail[1].position


def test_top_limits_and_excludes_self_and_partners() -> None:
    net, nodes = hand_network()
    assert [nodes[s.position] for s in suggest_partners(net, nodes.index("u"), top=2)] == [
        "x",
        "y",
    ]
    assert suggest_partners(net, nodes.index("u"), top=0) == []
    for position in range(net.n):
        partners = set(
            net.adjacency.indices[
                net.adjacency.indptr[position] : net.adjacency.indptr[position + 1]
            ].tolist()
        )
        for s in suggest_partners(net, position, top=net.n):
            assert s.position != position and s.position not in partners and s.score > 0


def test_a_leaf_of_a_leaf_has_no_suggestion() -> None:
    net, _ = network_from(nx.Graph([("p", "q")]))
    assert suggest_partners(net, 0) == []


def test_bad_arguments_are_refused() -> None:
    net, _ = hand_network()
    with pytest.raises(ValueError, match="position"):
        suggest_partners(net, net.n)
    with pytest.raises(ValueError, match="top"):
        suggest_partners(net, 0, top=-1)
    with pytest.raises(ValueError, match="region_boost"):
        suggest_partners(net, 0, region_boost=0.0)
    with pytest.raises(ValueError, match="complementary_boost"):
        suggest_partners(net, 0, complementary_boost=float("nan"))


def test_complementary_categories() -> None:
    assert complementary(SME, KNOWLEDGE) and complementary(KNOWLEDGE, SME)
    assert complementary(SME, SUPPORT) and complementary(SME, PUBLIC)
    assert not complementary(SME, LARGE) and not complementary(SME, SME)
    assert not complementary(SME, "other") and not complementary("cluster", SUPPORT)
