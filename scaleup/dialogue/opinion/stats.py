"""Per-group vote counts and everything read from them (spec §1.6-1.9).

All functions take count arrays of shape (groups, statements) or (statements,), so they are
vectorised over statements; only the representative-statement selection walks a list,
because Pol.is's "best agree" is a sequential reduction (spec §1.6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .matrix import BoolArray, FloatArray, VoteMatrix

Z_90 = 1.2816  # one-sided 90% (`z-sig-90?`), the only gate Pol.is uses
TOP = 5


@dataclass(frozen=True)
class Counts:
    """Agrees, disagrees and all non-nil votes (passes included), per row and statement."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


def group_counts(
    matrix: VoteMatrix, rows: npt.NDArray[np.intp], labels: npt.NDArray[np.intp], k: int
) -> Counts:
    """Counts per group over the given matrix rows (raw-rating-mat, spec §1.8), O(votes).

    A k x participants indicator matrix times the agree/disagree/seen indicators.
    """
    n_rows = matrix.shape[0]
    member = sp.csr_array((np.ones(rows.size), (labels, rows)), shape=(k, n_rows))
    agree = np.asarray((member @ matrix.indicator(3)).toarray())
    disagree = np.asarray((member @ matrix.indicator(1)).toarray())
    seen = np.asarray((member @ matrix.seen()).toarray())
    return Counts(agree, disagree, seen)


def prop_test(succ: FloatArray, n: FloatArray) -> FloatArray:
    """One-proportion z with +1 pseudocounts (`prop-test`, stats.clj:10-15)."""
    return 2.0 * np.sqrt(n + 1.0) * ((succ + 1.0) / (n + 1.0) - 0.5)


def two_prop_test(
    succ1: FloatArray, n1: FloatArray, succ2: FloatArray, n2: FloatArray
) -> FloatArray:
    """Two-proportion z with +1 added to all four inputs (`two-prop-test`, stats.clj:18-33).

    0 where the pooled proportion is 1 (no variance).
    """
    s1, s2, m1, m2 = succ1 + 1.0, succ2 + 1.0, n1 + 1.0, n2 + 1.0
    pooled = (s1 + s2) / (m1 + m2)
    var = pooled * (1.0 - pooled) * (1.0 / m1 + 1.0 / m2)
    ok = (pooled < 1.0) & (var > 0)
    diff = s1 / m1 - s2 / m2
    return np.divide(diff, np.sqrt(np.where(ok, var, 1.0)), out=np.zeros_like(diff), where=ok)


@dataclass(frozen=True)
class Repness:
    """pa, pd, pat, pdt, ra, rd, rat, rdt for every (group, statement) (spec §1.6)."""

    counts: Counts
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def repness(counts: Counts) -> Repness:
    """Smoothed proportions and tests of each group against the members of all other groups."""
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    na_rest = na.sum(axis=0) - na
    nd_rest = nd.sum(axis=0) - nd
    ns_rest = ns.sum(axis=0) - ns
    pa = (na + 1.0) / (ns + 2.0)
    pd = (nd + 1.0) / (ns + 2.0)
    return Repness(
        counts=counts,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / ((1.0 + na_rest) / (2.0 + ns_rest)),
        rd=pd / ((1.0 + nd_rest) / (2.0 + ns_rest)),
        rat=two_prop_test(na, ns, na_rest, ns_rest),
        rdt=two_prop_test(nd, ns, nd_rest, ns_rest),
    )


def select_representative(rep: Repness, g: int, usable: BoolArray) -> list[tuple[int, bool]]:
    """`select-rep-comments` for one group: (column, is_agree) pairs, at most 5.

    - sufficient: (rat > z and pat > z) or (rdt > z and pdt > z); each is finalised as agree
      if rat > rdt, and ranked by ra*rat*pa*pat (or the disagree analogue);
    - best-agree: the sequential `beats-best-agr?` reduction (spec §1.6), never a statement
      nobody agreed or disagreed with;
    - nothing sufficient: [best-agree] if there is one, else the statement with the largest
      max(rat, rdt); otherwise best-agree then the sufficient ones by metric, top 5, agree
      items stably before disagree items.
    """
    cols = np.flatnonzero(usable)
    if cols.size == 0:
        return []
    pa, pat, ra, rat = rep.pa[g, cols], rep.pat[g, cols], rep.ra[g, cols], rep.rat[g, cols]
    pd, pdt, rd, rdt = rep.pd[g, cols], rep.pdt[g, cols], rep.rd[g, cols], rep.rdt[g, cols]
    na, nd = rep.counts.agree[g, cols], rep.counts.disagree[g, cols]
    sufficient = ((rat > Z_90) & (pat > Z_90)) | ((rdt > Z_90) & (pdt > Z_90))
    is_agree = rat > rdt
    metric = np.where(is_agree, ra * rat * pa * pat, rd * rdt * pd * pdt)

    best_agree = -1
    agree_metric = (ra * rat * pa * pat).tolist()
    papat = (pa * pat).tolist()
    ra_l, pa_l, pat_l = ra.tolist(), pa.tolist(), pat.tolist()
    votes_any = ((na + nd) > 0).tolist()
    for i in range(cols.size):
        if not votes_any[i]:
            continue
        if best_agree < 0:
            if pat_l[i] > Z_90 or (ra_l[i] > 1.0 and pa_l[i] > 0.5):
                best_agree = i
        elif ra_l[best_agree] > 1.0:
            if agree_metric[i] > agree_metric[best_agree]:
                best_agree = i
        elif papat[i] > papat[best_agree]:
            best_agree = i

    if not sufficient.any():
        if best_agree >= 0:
            return [(int(cols[best_agree]), True)]
        best = int(np.argmax(np.maximum(rat, rdt)))
        return [(int(cols[best]), bool(is_agree[best]))]
    suff = np.flatnonzero(sufficient)
    suff = suff[np.argsort(-metric[suff], kind="stable")]
    chosen: list[tuple[int, bool]] = []
    if best_agree >= 0:
        chosen.append((int(cols[best_agree]), True))
    chosen += [(int(cols[i]), bool(is_agree[i])) for i in suff.tolist() if i != best_agree]
    chosen = chosen[:TOP]
    return [c for c in chosen if c[1]] + [c for c in chosen if not c[1]]


def consensus_columns(
    agree: FloatArray, disagree: FloatArray, seen: FloatArray, usable: BoolArray
) -> dict[str, list[int]]:
    """Majority lists over all participants (spec §1.7): p > 0.5 and p-test > z, top 5 by p*pt."""
    out: dict[str, list[int]] = {}
    for name, succ in (("agree", agree), ("disagree", disagree)):
        p = (succ + 1.0) / (seen + 2.0)
        pt = prop_test(succ, seen)
        ok = usable & (p > 0.5) & (pt > Z_90)
        cols = np.flatnonzero(ok)
        score = (p * pt)[cols]
        out[name] = cols[np.argsort(-score, kind="stable")][:TOP].tolist()
    return out


def group_informed_consensus(agree: FloatArray, seen: FloatArray) -> FloatArray:
    """GIC per statement: product over groups of (A_g + 1) / (S_g + 2), passes in S_g (§1.8)."""
    if agree.shape[0] == 0:
        return np.ones(agree.shape[1])
    result: FloatArray = np.prod((agree + 1.0) / (seen + 2.0), axis=0)
    return result


def priorities(
    agree: FloatArray, disagree: FloatArray, seen: FloatArray, extremity: FloatArray
) -> FloatArray:
    """Pol.is comment priority (spec §1.9), from in-conv totals summed over groups.

    importance = (1 - p) (E + 1) a with p = (P+1)/(S+2) passes, a = (A+1)/(S+2);
    priority = (importance * (1 + 8 * 2^(-S/5)))^2, the last factor a novelty boost.
    """
    passes = seen - agree - disagree
    p = (passes + 1.0) / (seen + 2.0)
    a = (agree + 1.0) / (seen + 2.0)
    importance = (1.0 - p) * (extremity + 1.0) * a
    result: FloatArray = (importance * (1.0 + 8.0 * np.exp2(-seen / 5.0))) ** 2
    return result


def divisiveness(counts: Counts) -> FloatArray:
    """Our choice (spec lists no Pol.is measure): variance across groups of net agreement.

    Net agreement of group g is (A_g - D_g) / (S_g + 2), in (-1, 1), smoothed so a group that
    barely saw a statement sits near 0. Unweighted over groups, so a small group counts as much
    as a big one. 0 with fewer than two groups.
    """
    if counts.agree.shape[0] < 2:
        return np.zeros(counts.agree.shape[1])
    net = (counts.agree - counts.disagree) / (counts.seen + 2.0)
    result: FloatArray = net.var(axis=0)
    return result
