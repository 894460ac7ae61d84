"""One full recompute of the opinion map: the Pol.is math pipeline (spec §1).

Order of steps as in `conv.clj`: matrix (§1.1), in-conv participants (§1.2), PCA (§1.3),
projection (§1.4), base clusters and groups (§1.5), repness (§1.6), consensus (§1.7),
group-informed consensus (§1.8) and priorities (§1.9).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

import numpy as np
import numpy.typing as npt

from .clusters import (
    BASE_ITERS,
    BASE_K,
    first_distinct,
    group_base_clusters,
    kmeans,
    sizes_of,
    stable_ids,
)
from .matrix import BoolArray, FloatArray, VoteMatrix, build_matrix
from .pca import pca_and_project, statement_projection
from .result import GroupSummary, OpinionResult, StatementStat
from .stats import (
    Counts,
    Repness,
    consensus_columns,
    divisiveness,
    group_counts,
    group_informed_consensus,
    priorities,
    prop_test,
    repness,
    select_representative,
)
from .votes import VoteTable

MIN_VOTES = 7
MIN_PARTICIPANTS = 15
META_PRIORITY = 49.0  # 7^2 (spec §1.9)
TOP = 5


def in_conv(matrix: VoteMatrix, previous: Collection[int] = ()) -> npt.NDArray[np.intp]:
    """Rows clustered (spec §1.2), in row order.

    A participant is in once they voted on min(7, statements) statements (passes and
    moderated-out statements count); "once in, they stay in", which we honour through the
    previous result's grouped participants. Fewer than 15: the top voters are added (most
    votes first, lower id on ties) until there are 15.
    """
    counts = matrix.row_counts()
    n_rows, n_cols = matrix.shape
    mask = counts >= min(MIN_VOTES, n_cols)
    if previous:
        mask |= np.isin(matrix.participant_ids, np.fromiter(previous, np.int64, len(previous)))
    need = min(MIN_PARTICIPANTS, n_rows) - int(mask.sum())
    if need > 0:
        rest = np.flatnonzero(~mask)
        order = rest[np.lexsort((rest, -counts[rest]))]
        mask[order[:need]] = True
    return np.flatnonzero(mask).astype(np.intp)


def ever_in_conv(
    participant_ids: npt.ArrayLike,
    statement_ids: npt.ArrayLike,
    timestamps_ms: npt.ArrayLike | None = None,
) -> set[int]:
    """Participants whom Pol.is's in-conv rule admitted at some point of a history (spec §1.2).

    "Once in, they stay in": a participant admitted early stays clustered even if later
    statements push min(7, statements) above their vote count. Given every vote event in time
    order (re-votes included), replay the rule per update tick (Pol.is polls new votes every
    1000 ms, spec §1.0; without timestamps every event is a tick):
    - admitted when their distinct statements reach min(7, distinct statements voted so far);
    - while fewer than 15 are admitted, the top voters (most votes, lower id on ties) are
      topped up at that tick, and stay too.
    Pass the result to `compute(stay_in=...)`.
    """
    p = np.asarray(participant_ids, dtype=np.int64)
    s = np.asarray(statement_ids, dtype=np.int64)
    if p.size == 0:
        return set()
    _, first_col = np.unique(s, return_index=True)
    new_col = np.zeros(p.size, dtype=np.int64)
    new_col[first_col] = 1
    n_cols = np.cumsum(new_col)
    offset = min(int(s.min()), 0)
    key = p * (int(s.max()) + 1 - offset) + (s - offset)
    _, first_pair = np.unique(key, return_index=True)
    new_pair = np.zeros(p.size, dtype=np.int64)
    new_pair[first_pair] = 1
    order = np.argsort(p, kind="stable")
    cum = np.cumsum(new_pair[order])
    starts = np.r_[True, p[order][1:] != p[order][:-1]]
    base = np.maximum.accumulate(np.where(starts, cum - new_pair[order], 0))
    per_p = np.empty_like(cum)
    per_p[order] = cum - base
    hit = (new_pair == 1) & (per_p >= np.minimum(MIN_VOTES, n_cols))
    admitted = set(np.unique(p[hit]).tolist())

    # Top-up replay: only the stretch of history while fewer than 15 were admitted matters.
    ticks = (
        np.arange(p.size)
        if timestamps_ms is None
        else np.asarray(timestamps_ms, dtype=np.int64) // 1000
    )
    inside: set[int] = set()
    counts: dict[int, int] = {}
    bounds = np.flatnonzero(np.r_[True, ticks[1:] != ticks[:-1], True])
    p_list, new_list, hit_list = p.tolist(), new_pair.tolist(), hit.tolist()
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        for i in range(lo, hi):
            counts[p_list[i]] = counts.get(p_list[i], 0) + new_list[i]
            if hit_list[i]:
                inside.add(p_list[i])
        need = MIN_PARTICIPANTS - len(inside)
        if need <= 0:
            break
        ranked = sorted(
            (pid for pid in counts if pid not in inside), key=lambda pid: (-counts[pid], pid)
        )
        inside.update(ranked[:need])
    return admitted | inside


def _empty(seed: int, votes: VoteTable, matrix: VoteMatrix) -> OpinionResult:
    return OpinionResult(
        participant_ids=[],
        coordinates={},
        group_of={},
        groups=[],
        consensus={"agree": [], "disagree": []},
        divisive=[],
        group_informed_consensus={},
        statement_priorities={},
        statement_coordinates={},
        n_participants=matrix.shape[0],
        n_statements=matrix.shape[1],
        n_votes=len(votes),
        seed=seed,
    )


def _group_stat(rep: Repness, g: int, j: int, sid: int, agree: bool) -> StatementStat:
    c = rep.counts
    if agree:
        p, pt, r, rt = rep.pa[g, j], rep.pat[g, j], rep.ra[g, j], rep.rat[g, j]
    else:
        p, pt, r, rt = rep.pd[g, j], rep.pdt[g, j], rep.rd[g, j], rep.rdt[g, j]
    return StatementStat(
        statement_id=sid,
        direction="agree" if agree else "disagree",
        n_agree=int(c.agree[g, j]),
        n_disagree=int(c.disagree[g, j]),
        n_seen=int(c.seen[g, j]),
        p=float(p),
        p_test=float(pt),
        ratio=float(r),
        ratio_test=float(rt),
        metric=float(r * rt * p * pt),
    )


def compute(
    votes: VoteTable,
    *,
    moderated_out: Collection[int] = (),
    previous_groups: Mapping[int, int] | None = None,
    seed: int = 0,
    previous: OpinionResult | None = None,
    statements: Collection[int] = (),
    meta: Collection[int] = (),
    stay_in: Collection[int] = (),
) -> OpinionResult:
    """Recompute the opinion map from the latest votes.

    - `moderated_out`: statement ids zeroed out of the maths (Pol.is `mod-out`, spec §1.1);
    - `previous_groups`: participant id -> group id of the last result, for stable group ids
      and "once in, stay in" (defaults to `previous.group_of`);
    - `previous`: the last result, whose k-smoother state is carried on (spec §1.5);
    - `statements`: every statement id of the conversation, so that statements without votes
      yet get a GIC and a (novelty-boosted) priority;
    - `meta`: meta statements: moderated out of the maths, priority 49 (spec §1.9);
    - `stay_in`: participants clustered before ("once in, they stay in", spec §1.2), e.g.
      from `ever_in_conv` on an imported history; previous_groups' members are added to it.
    Deterministic given `seed` (which only seeds the PCA start vector).
    """
    if previous_groups is None and previous is not None:
        previous_groups = previous.group_of
    mod_set = set(moderated_out) | set(meta)
    matrix = build_matrix(votes, mod_set)
    n_rows, n_cols = matrix.shape
    if n_rows == 0:
        result = _empty(seed, votes, matrix)
        _fill_statements(result, matrix, None, None, None, statements, meta, mod_set)
        return result

    pca = pca_and_project(matrix, seed)
    rows = in_conv(matrix, set(previous_groups or ()) | set(stay_in))
    points = pca.projection[rows]

    # Base clusters (spec §1.5): k = 100, cold start on the first 100 distinct points.
    init = points[first_distinct(points, BASE_K)]
    base_centres, base_labels = kmeans(points, init, BASE_ITERS)
    base_sizes = sizes_of(base_labels, base_centres.shape[0])
    grouping = group_base_clusters(
        base_centres, base_sizes, previous.smoother if previous else None
    )
    labels = grouping.base_group[base_labels]
    pids = matrix.participant_ids[rows]
    ids = stable_ids(labels, pids, previous_groups)
    k = int(labels.max()) + 1 if labels.size else 0
    id_of_label = np.array([ids[g] for g in range(k)], dtype=np.int64)
    group_ids = id_of_label[labels]

    counts = group_counts(matrix, rows, labels, k)
    usable = ~matrix.moderated
    rep = repness(counts)
    groups: list[GroupSummary] = []
    for g in range(k):
        members = labels == g
        chosen = select_representative(rep, g, usable)
        groups.append(
            GroupSummary(
                id=int(id_of_label[g]),
                size=int(members.sum()),
                center=(float(points[members, 0].mean()), float(points[members, 1].mean())),
                representative=[
                    _group_stat(rep, g, j, int(matrix.statement_ids[j]), a) for j, a in chosen
                ],
            )
        )
    groups.sort(key=lambda s: s.id)

    result = OpinionResult(
        participant_ids=pids.tolist(),
        coordinates=dict(zip(pids.tolist(), map(tuple, points.tolist()), strict=True)),
        group_of=dict(zip(pids.tolist(), group_ids.tolist(), strict=True)),
        groups=groups,
        consensus=_consensus(matrix, usable),
        divisive=_divisive(matrix, counts, id_of_label, usable),
        group_informed_consensus={},
        statement_priorities={},
        statement_coordinates={},
        n_participants=n_rows,
        n_statements=n_cols,
        n_votes=len(votes),
        k=k,
        best_k=grouping.best_k,
        silhouettes={kk: s for kk, s in grouping.silhouettes.items() if np.isfinite(s)},
        smoother=grouping.smoother,
        seed=seed,
    )
    _fill_statements(result, matrix, counts, pca.center, pca.components, statements, meta, mod_set)
    return result


def _consensus(matrix: VoteMatrix, usable: BoolArray) -> dict[str, list[StatementStat]]:
    """Consensus over all participants (rating-mat rows, spec §1.7)."""
    agree = np.bincount(
        matrix.codes.indices, weights=(matrix.codes.data == 3), minlength=matrix.shape[1]
    ).astype(np.float64)
    disagree = np.bincount(
        matrix.codes.indices, weights=(matrix.codes.data == 1), minlength=matrix.shape[1]
    ).astype(np.float64)
    seen = np.bincount(matrix.codes.indices, minlength=matrix.shape[1]).astype(np.float64)
    lists = consensus_columns(agree, disagree, seen, usable)
    out: dict[str, list[StatementStat]] = {}
    names: tuple[Literal["agree"], Literal["disagree"]] = ("agree", "disagree")
    for name in names:
        cols = lists[name]
        succ = agree if name == "agree" else disagree
        out[name] = [
            StatementStat(
                statement_id=int(matrix.statement_ids[j]),
                direction=name,
                n_agree=int(agree[j]),
                n_disagree=int(disagree[j]),
                n_seen=int(seen[j]),
                p=float((succ[j] + 1) / (seen[j] + 2)),
                p_test=float(prop_test(succ[j : j + 1], seen[j : j + 1])[0]),
                metric=float(
                    (succ[j] + 1) / (seen[j] + 2) * prop_test(succ[j : j + 1], seen[j : j + 1])[0]
                ),
            )
            for j in cols
        ]
    return out


def _divisive(
    matrix: VoteMatrix, counts: Counts, id_of_label: npt.NDArray[np.int64], usable: BoolArray
) -> list[StatementStat]:
    """Top 5 statements by variance of group net agreement (our documented choice)."""
    score = divisiveness(counts)
    cols = np.flatnonzero(usable & (score > 0))
    cols = cols[np.argsort(-score[cols], kind="stable")][:TOP]
    net = (counts.agree - counts.disagree) / (counts.seen + 2.0)
    out = []
    for j in cols.tolist():
        a, d, s = (
            float(counts.agree[:, j].sum()),
            float(counts.disagree[:, j].sum()),
            float(counts.seen[:, j].sum()),
        )
        out.append(
            StatementStat(
                statement_id=int(matrix.statement_ids[j]),
                direction="divisive",
                n_agree=int(a),
                n_disagree=int(d),
                n_seen=int(s),
                p=(a + 1) / (s + 2),
                p_test=float(prop_test(np.array([a]), np.array([s]))[0]),
                metric=float(score[j]),
                by_group={int(id_of_label[g]): float(net[g, j]) for g in range(net.shape[0])},
            )
        )
    return out


def _fill_statements(
    result: OpinionResult,
    matrix: VoteMatrix,
    counts: Counts | None,
    center: FloatArray | None,
    components: FloatArray | None,
    statements: Collection[int],
    meta: Collection[int],
    mod_set: set[int],
) -> None:
    """GIC (spec §1.8), priority (§1.9) and map position (§1.4) of every statement.

    Statements without votes get A = S = 0. Moderated-out statements keep their GIC but get
    priority 0, so they are never routed; meta statements get 49.
    """
    n_cols = matrix.shape[1]
    if counts is not None and center is not None and components is not None:
        from .pca import Pca

        pts = statement_projection(Pca(center, components, np.zeros((0, 2)), np.zeros(0)), n_cols)
        agree, seen = counts.agree, counts.seen
        disagree = counts.disagree
    else:
        pts = np.zeros((n_cols, 2))
        agree = seen = disagree = np.zeros((0, n_cols))
    extremity = np.hypot(pts[:, 0], pts[:, 1])
    gic = group_informed_consensus(agree, seen)
    prio = priorities(agree.sum(axis=0), disagree.sum(axis=0), seen.sum(axis=0), extremity)
    sids = matrix.statement_ids.tolist()
    k = agree.shape[0]
    result.group_informed_consensus = dict(zip(sids, gic.tolist(), strict=True))
    result.statement_priorities = dict(zip(sids, prio.tolist(), strict=True))
    result.statement_coordinates = dict(zip(sids, map(tuple, pts.tolist()), strict=True))
    unvoted_gic = 0.5**k
    unvoted_prio = float(priorities(np.zeros(1), np.zeros(1), np.zeros(1), np.zeros(1))[0])
    for sid in statements:
        if sid not in result.statement_priorities:
            result.group_informed_consensus[sid] = unvoted_gic
            result.statement_priorities[sid] = unvoted_prio
            result.statement_coordinates[sid] = (0.0, 0.0)
    for sid in mod_set:
        if sid in result.statement_priorities:
            result.statement_priorities[sid] = 0.0
    for sid in meta:
        if sid in result.statement_priorities:
            result.statement_priorities[sid] = META_PRIORITY
