"""Matchmaking: whom an organisation could work with next, and why.

The candidates are partners of partners. Adamic-Adar weighs each common partner w by
1 / log(degree(w)): sharing a small, selective partner says more than sharing a hub that
works with everybody. The score is then boosted when the two organisations complement each
other (see `categories.COMPLEMENTARY`) and when they are in the same region (regional
policy wants regional ties); the common partners are returned as the explanation ("both
cooperate with X and Y"), strongest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .categories import COMPLEMENTARY
from .graph import Float64Array, Int64Array, Network


@dataclass(frozen=True)
class Suggestion:
    position: int  # node position of the suggested partner
    score: float  # Adamic-Adar x boosts
    common: tuple[int, ...]  # positions of common neighbours, strongest contribution first
    complementary: bool
    same_region: bool


def _neighbours(net: Network, position: int) -> Int64Array:
    adjacency = net.adjacency
    start, stop = adjacency.indptr[position], adjacency.indptr[position + 1]
    return adjacency.indices[start:stop].astype(np.int64)


def _adamic_adar_from(net: Network, position: int) -> tuple[Float64Array, Int64Array]:
    """(Adamic-Adar score of `position` with every node, its neighbours), cost ~ the
    neighbours' degrees: their adjacency rows are gathered and summed with bincount."""
    adjacency = net.adjacency
    neighbours = _neighbours(net, position)
    degree = net.degree[neighbours]
    useful = degree > 1  # a neighbour of degree 1 has no other partner to share
    neighbours, degree = neighbours[useful], degree[useful]
    weight = 1.0 / np.log(degree)
    starts = adjacency.indptr[neighbours]
    offsets = np.repeat(starts - np.cumsum(degree) + degree, degree)
    entries = offsets + np.arange(int(degree.sum()), dtype=np.int64)
    scores = np.bincount(
        adjacency.indices[entries], weights=np.repeat(weight, degree), minlength=net.n
    ).astype(np.float64)
    return scores, _neighbours(net, position)


def suggest_partners(
    net: Network,
    position: int,
    *,
    top: int = 10,
    complementary_boost: float = 1.5,
    region_boost: float = 1.2,
) -> list[Suggestion]:
    """The `top` best new partners for the node at `position`, best first.

    Excludes the node itself, its current partners and nodes without a common partner
    (score 0). Equal scores are ordered by position, so the list is deterministic.
    """
    if not 0 <= position < net.n:
        raise ValueError(f"position {position} is not in 0..{net.n - 1}")
    if top < 0:
        raise ValueError("top must be >= 0")
    for name, boost in (
        ("complementary_boost", complementary_boost),
        ("region_boost", region_boost),
    ):
        if not (math.isfinite(boost) and boost > 0):
            raise ValueError(f"{name} must be finite and > 0")
    if top == 0:
        return []
    aa, neighbours = _adamic_adar_from(net, position)
    aa[position] = 0.0
    aa[neighbours] = 0.0
    candidates = np.flatnonzero(aa > 0)
    if candidates.size == 0:
        return []
    codes = net.category_codes
    is_complementary = COMPLEMENTARY[codes[position], codes[candidates]]
    own_region = net.region_codes[position]
    same_region = (net.region_codes[candidates] == own_region) & (own_region >= 0)
    score = aa[candidates] * np.where(is_complementary, complementary_boost, 1.0)
    score = score * np.where(same_region, region_boost, 1.0)
    best = np.lexsort((candidates, -score))[:top]

    mine = neighbours
    suggestions = []
    for i in best.tolist():
        other = int(candidates[i])
        common = np.intersect1d(mine, _neighbours(net, other), assume_unique=True)
        # strongest contribution = smallest degree; ties by position
        common = common[np.lexsort((common, net.degree[common]))]
        suggestions.append(
            Suggestion(
                position=other,
                score=float(score[i]),
                common=tuple(int(w) for w in common.tolist()),
                complementary=bool(is_complementary[i]),
                same_region=bool(same_region[i]),
            )
        )
    return suggestions
