"""Cooperation-network analysis: pure numpy/scipy/igraph, no Django.

Who works with whom among a region's organisations (clusters, SMEs, universities, ...):
brokerage, structural holes, communities, the clusters that bridge SMEs and research,
isolated SMEs, and partner suggestions. The input is plain arrays (`NetworkInput`), so the
Django layer builds it from the database and the benchmark from CORDIS files.
"""

from .brokerage import DEFAULT_SAMPLES, BrokerageResult, brokerage, catalyst_share, error_bound
from .categories import (
    CATEGORIES,
    CLUSTER,
    COMPLEMENTARY,
    KNOWLEDGE,
    LARGE,
    OTHER,
    PUBLIC,
    SME,
    SUPPORT,
    complementary,
)
from .communities import communities, coreness, modularity
from .gaps import gaps
from .graph import Network, NetworkInput, build_network, project_coparticipation
from .matchmaking import Suggestion, suggest_partners
from .scores import Scores, analyse
from .structural import constraint, cross_kind_ties, effective_size

__all__ = [
    "CATEGORIES",
    "CLUSTER",
    "COMPLEMENTARY",
    "DEFAULT_SAMPLES",
    "KNOWLEDGE",
    "LARGE",
    "OTHER",
    "PUBLIC",
    "SME",
    "SUPPORT",
    "BrokerageResult",
    "Network",
    "NetworkInput",
    "Scores",
    "Suggestion",
    "analyse",
    "brokerage",
    "build_network",
    "catalyst_share",
    "communities",
    "complementary",
    "constraint",
    "coreness",
    "cross_kind_ties",
    "effective_size",
    "error_bound",
    "gaps",
    "modularity",
    "project_coparticipation",
    "suggest_partners",
]
