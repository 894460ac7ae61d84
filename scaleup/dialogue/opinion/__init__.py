"""Pol.is-style opinion maths for live workshops: pure numpy/scipy, no Django.

Follows the Pol.is Clojure math service as described in the project's maths spec
(polis-math.md, §1). Sign convention: agree = +1, disagree = -1, pass = 0.
"""

from .compute import compute, in_conv
from .polis_data import PolisComment, PolisExport, PolisFormatError, read_polis_folder
from .result import GroupSummary, OpinionResult, StatementStat
from .votes import VoteTable

__all__ = [
    "GroupSummary",
    "OpinionResult",
    "PolisComment",
    "PolisExport",
    "PolisFormatError",
    "StatementStat",
    "VoteTable",
    "compute",
    "in_conv",
    "read_polis_folder",
]
