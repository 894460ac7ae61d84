"""Gaps: SMEs that no cluster, university/research organisation or support institution
reaches in two steps, i.e. nobody they work with works with one. They are the firms an
innovation policy misses, so they are listed for outreach.
"""

from __future__ import annotations

import numpy as np

from .categories import CODE, GAP_TARGETS, SME
from .graph import BoolArray, Network


def gaps(net: Network) -> BoolArray:
    """SMEs with no path of length <= 2 to any CLUSTER, KNOWLEDGE or SUPPORT node.

    Two sparse matrix-vector products (cost ~ edges): y = A·t counts target neighbours,
    A·y counts paths of length two ending at a target. An SME is never a target itself.
    """
    codes = net.category_codes
    pattern = net.adjacency.copy()
    pattern.data[:] = 1.0
    is_target = np.isin(codes, [CODE[c] for c in GAP_TARGETS]).astype(np.float64)
    one_step = pattern @ is_target
    two_steps = pattern @ one_step
    return (codes == CODE[SME]) & (one_step == 0) & (two_steps == 0)
