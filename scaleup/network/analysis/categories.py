"""Node categories of the cooperation network, and which of them complement each other.

The Django layer maps its organisation kinds onto these few categories, so the maths only
knows what it needs: who is an SME, a cluster, a university or research organisation, a
support institution, a public body, a large company, or anything else.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SME = "sme"
LARGE = "large"
CLUSTER = "cluster"
KNOWLEDGE = "knowledge"  # university / research organisation
SUPPORT = "support"
PUBLIC = "public"
OTHER = "other"

#: Every category, in the order of their integer codes (`Network.category_codes`).
CATEGORIES: tuple[str, ...] = (SME, LARGE, CLUSTER, KNOWLEDGE, SUPPORT, PUBLIC, OTHER)
CODE: dict[str, int] = {name: code for code, name in enumerate(CATEGORIES)}

#: The helix sphere of each category (triple/quadruple helix: business, knowledge,
#: intermediaries, government). Partners from different spheres bring what the other lacks;
#: partners from one sphere (two companies, a cluster and a chamber) rather compete or
#: duplicate. OTHER is unknown, so it complements nothing.
_SPHERE: dict[str, str | None] = {
    SME: "business",
    LARGE: "business",
    KNOWLEDGE: "knowledge",
    CLUSTER: "intermediary",
    SUPPORT: "intermediary",
    PUBLIC: "government",
    OTHER: None,
}


def _complementary_table() -> npt.NDArray[np.bool_]:
    size = len(CATEGORIES)
    table = np.zeros((size, size), dtype=bool)
    for i, a in enumerate(CATEGORIES):
        for j, b in enumerate(CATEGORIES):
            table[i, j] = _SPHERE[a] is not None and _SPHERE[b] is not None
            table[i, j] &= _SPHERE[a] != _SPHERE[b]
    table.setflags(write=False)
    return table


#: COMPLEMENTARY[code_a, code_b]: the two categories complement each other (symmetric),
#: e.g. SME <-> KNOWLEDGE / CLUSTER / SUPPORT / PUBLIC; SME <-> LARGE is not.
COMPLEMENTARY = _complementary_table()

#: Categories an SME should reach in at most two steps not to be a gap.
GAP_TARGETS: tuple[str, ...] = (CLUSTER, KNOWLEDGE, SUPPORT)


def complementary(a: str, b: str) -> bool:
    """Whether organisations of categories `a` and `b` complement each other."""
    return bool(COMPLEMENTARY[CODE[a], CODE[b]])
