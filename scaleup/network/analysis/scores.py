"""Every per-node measure in one call, for the Django layer to store as a snapshot."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .brokerage import BrokerageResult, brokerage, catalyst_share
from .communities import communities, coreness
from .gaps import gaps
from .graph import BoolArray, Float64Array, Int64Array, Network
from .structural import cross_kind_ties, local_measures


@dataclass(frozen=True)
class Scores:
    """Arrays aligned with node positions (see the module docs of each measure)."""

    degree: Int64Array
    weighted_degree: Float64Array
    brokerage: BrokerageResult
    constraint: Float64Array  # NaN for isolates
    effective_size: Float64Array  # NaN for isolates
    community: Int64Array  # 0.. by size, largest first
    modularity: float  # NaN without edges
    coreness: Int64Array
    catalyst_share: Float64Array  # NaN for non-clusters
    cross_kind_ties: Int64Array  # 0 for non-clusters
    is_gap: BoolArray


def analyse(net: Network, *, seed: int = 0, exact_up_to: int = 5000) -> Scores:
    """All measures; deterministic for a seed (brokerage pivots, catalyst pivots, Leiden)."""
    local = local_measures(net)
    community, modularity = communities(net, seed=seed)
    return Scores(
        degree=net.degree.copy(),
        weighted_degree=net.strength.copy(),
        brokerage=brokerage(net, exact_up_to=exact_up_to, seed=seed),
        constraint=local.constraint,
        effective_size=local.effective_size,
        community=community,
        modularity=modularity,
        coreness=coreness(net),
        catalyst_share=catalyst_share(net, exact_up_to=exact_up_to, seed=seed),
        cross_kind_ties=cross_kind_ties(net),
        is_gap=np.asarray(gaps(net), dtype=bool),
    )
