"""Unit tests of the opinion maths on small hand-made matrices (no database, no Django)."""

from __future__ import annotations

import ast
import json
import math
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from scaleup.dialogue.opinion import OpinionResult, VoteTable, compute, in_conv
from scaleup.dialogue.opinion.clusters import KSmoother, stable_ids
from scaleup.dialogue.opinion.compute import ever_in_conv
from scaleup.dialogue.opinion.matrix import build_matrix
from scaleup.dialogue.opinion.pca import pca_and_project
from scaleup.dialogue.opinion.stats import (
    Counts,
    consensus_columns,
    group_informed_consensus,
    priorities,
    repness,
    select_representative,
)

OPINION_DIR = Path(__file__).resolve().parents[1] / "opinion"


def two_camps(n_per_camp: int = 30, n_statements: int = 20, seed: int = 1) -> VoteTable:
    """Two camps who agree on opposite halves of the statements, with some noise and gaps."""
    rng = np.random.default_rng(seed)
    rows = []
    for camp in (0, 1):
        for i in range(n_per_camp):
            pid = camp * 1000 + i
            for sid in range(n_statements):
                if rng.random() < 0.2:
                    continue
                leaning = 1 if (sid < n_statements // 2) == (camp == 0) else -1
                value = leaning if rng.random() < 0.85 else int(rng.integers(-1, 2))
                rows.append((pid, sid, value))
    return VoteTable.from_rows(rows)


def test_package_has_no_django_imports() -> None:
    for path in OPINION_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            assert not any(n.split(".")[0] == "django" for n in names), path.name
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert not node.module.startswith("scaleup"), (path.name, node.module)


def test_latest_vote_wins() -> None:
    table = VoteTable.from_rows([(1, 10, 1), (2, 10, 1), (1, 10, -1), (1, 11, 0), (1, 10, 0)])
    cells = dict(
        zip(
            zip(table.participant_ids.tolist(), table.statement_ids.tolist(), strict=True),
            table.values.tolist(),
            strict=True,
        )
    )
    assert cells == {(1, 10): 0, (2, 10): 1, (1, 11): 0}
    # a hand-built table with a duplicate pair is resolved the same way by the matrix
    raw = VoteTable(
        np.array([1, 1], np.int64), np.array([5, 5], np.int64), np.array([1, -1], np.int8)
    )
    assert build_matrix(raw).codes.toarray().tolist() == [[1]]  # disagree (code 1)


def test_pass_is_a_seen_vote() -> None:
    matrix = build_matrix(VoteTable.from_rows([(1, 1, 0), (1, 2, 1), (2, 1, -1)]))
    assert matrix.row_counts().tolist() == [2, 1]
    assert matrix.codes.nnz == 3


def test_bad_vote_values_are_refused() -> None:
    with pytest.raises(ValueError, match="vote values"):
        VoteTable.from_rows([(1, 1, 2)])


def test_moderated_out_statement_is_zeroed() -> None:
    votes = two_camps()
    matrix = build_matrix(votes, {3})
    pca = pca_and_project(matrix, seed=0)
    col = int(np.flatnonzero(matrix.statement_ids == 3)[0])
    assert pca.center[col] == 0.0
    assert np.all(pca.components[:, col] == 0.0)
    # every participant counts the zeroed column as voted (spec §1.4 side effect)
    assert np.all(pca.n_votes >= 1)
    result = compute(votes, moderated_out={3})
    listed = [s.statement_id for g in result.groups for s in g.representative]
    listed += [s.statement_id for v in result.consensus.values() for s in v]
    listed += [s.statement_id for s in result.divisive]
    assert 3 not in listed
    assert result.statement_priorities[3] == 0.0
    assert result.statement_coordinates[3] == (0.0, 0.0)


def test_participant_threshold() -> None:
    rows = [(pid, sid, 1) for pid in range(20) for sid in range(7)]  # 20 people with 7 votes
    rows += [(100 + pid, sid, 1) for pid in range(5) for sid in range(6)]  # 5 with 6 votes
    rows += [(200, s, 1) for s in range(8, 10)]  # 9 statements in all
    matrix = build_matrix(VoteTable.from_rows(rows))
    ids = matrix.participant_ids[in_conv(matrix)].tolist()
    assert ids == list(range(20))


def test_participant_top_up_to_fifteen() -> None:
    rows = [(pid, sid, 1) for pid in range(10) for sid in range(8)]  # 10 qualify
    rows += [(20 + pid, sid, -1) for pid in range(8) for sid in range(pid % 4 + 1)]
    matrix = build_matrix(VoteTable.from_rows(rows))
    ids = matrix.participant_ids[in_conv(matrix)].tolist()
    # 5 more by most votes: 23 and 27 (4 votes), 22 and 26 (3), then 21 (2; lower id than 25)
    assert ids == [*range(10), 21, 22, 23, 26, 27]
    # few participants: everyone is in
    small = build_matrix(VoteTable.from_rows([(1, 1, 1), (2, 2, 1)]))
    assert in_conv(small).tolist() == [0, 1]


def test_once_in_stays_in_through_history() -> None:
    # participant 99 voted on 2 statements when only 2 existed, then 10 more were added
    p = [99, 99] + [pid for pid in range(20) for _ in range(12)]
    s = [0, 1] + [sid for _ in range(20) for sid in range(12)]
    assert 99 in ever_in_conv(p, s)
    matrix = build_matrix(VoteTable.from_arrays(p, s, np.ones(len(p))))
    assert 99 not in matrix.participant_ids[in_conv(matrix)].tolist()
    assert 99 in matrix.participant_ids[in_conv(matrix, {99})].tolist()


def test_deterministic_given_seed() -> None:
    votes = two_camps()
    first = json.dumps(compute(votes, seed=7).as_dict(), sort_keys=True)
    again = json.dumps(compute(votes, seed=7).as_dict(), sort_keys=True)
    assert first == again
    other = compute(votes, seed=8)
    assert other.group_of == compute(votes, seed=7).group_of


def test_two_camps_are_found() -> None:
    result = compute(two_camps())
    assert result.k == 2
    for camp in (0, 1):
        labels = {result.group_of[camp * 1000 + i] for i in range(30)}
        assert len(labels) == 1
    assert result.group_of[0] != result.group_of[1000]
    # each camp's first representative statement is one it agrees with
    for group in result.groups:
        member = next(p for p, g in result.group_of.items() if g == group.id)
        first = group.representative[0]
        assert first.direction == "agree"
        assert (first.statement_id < 10) == (member < 1000)


def test_group_ids_stable_across_recomputes() -> None:
    votes = two_camps()
    first = compute(votes)
    swapped = {pid: 1 - g for pid, g in first.group_of.items()}
    second = compute(votes, previous_groups=swapped)
    assert second.group_of == swapped
    # more votes arrive: ids follow the old groups
    extra = VoteTable.from_arrays(
        np.r_[votes.participant_ids, 5000, 5000, 5000, 5000, 5000, 5000, 5000],
        np.r_[votes.statement_ids, 0, 1, 2, 3, 4, 5, 6],
        np.r_[votes.values, 1, 1, 1, 1, 1, 1, 1],
    )
    third = compute(extra, previous=second)
    assert all(third.group_of[p] == g for p, g in swapped.items())


def test_stable_ids_hungarian_and_new_groups() -> None:
    labels = np.array([0, 0, 1, 1, 2, 2], dtype=np.intp)
    pids = np.array([1, 2, 3, 4, 5, 6], dtype=np.int64)
    previous = {1: 4, 2: 4, 3: 0, 4: 4, 9: 1}
    mapping = stable_ids(labels, pids, previous)
    assert mapping[0] == 4 and mapping[1] == 0
    assert mapping[2] == 1  # unmatched: the smallest id not taken


def test_k_smoother_needs_four_updates() -> None:
    state = KSmoother().update(2)
    assert state.smoothed_k == 2
    for _ in range(3):
        state = state.update(3)
        assert state.smoothed_k == 2
    assert state.update(3).smoothed_k == 3


def test_repness_worked_example() -> None:
    # group 0: 8 agree, 1 disagree, 10 seen; group 1: 2 agree, 7 disagree, 10 seen
    counts = Counts(np.array([[8.0], [2.0]]), np.array([[1.0], [7.0]]), np.array([[10.0], [10.0]]))
    rep = repness(counts)
    assert rep.pa[0, 0] == pytest.approx(9 / 12)
    assert rep.pat[0, 0] == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))
    assert rep.ra[0, 0] == pytest.approx((9 / 12) / (3 / 12))
    pooled = 12 / 22
    rat = (9 / 11 - 3 / 11) / math.sqrt(pooled * (1 - pooled) * (2 / 11))
    assert rep.rat[0, 0] == pytest.approx(rat)
    assert rep.pd[1, 0] == pytest.approx(8 / 12)
    assert rep.rdt[1, 0] == pytest.approx(rat)  # mirror image
    assert select_representative(rep, 0, np.array([True])) == [(0, True)]
    assert select_representative(rep, 1, np.array([True])) == [(0, False)]


def test_representatives_put_agree_first_and_keep_five() -> None:
    rng = np.random.default_rng(3)
    n = 12
    agree = np.vstack([rng.integers(0, 30, n), rng.integers(0, 30, n)]).astype(float)
    disagree = np.vstack([30 - agree[0] - 2, 30 - agree[1] - 2]).clip(0)
    seen = np.full((2, n), 32.0)
    rep = repness(Counts(agree, disagree, seen))
    chosen = select_representative(rep, 0, np.ones(n, bool))
    assert 1 <= len(chosen) <= 5
    flags = [a for _, a in chosen]
    assert flags == sorted(flags, reverse=True)


def test_consensus_lists() -> None:
    agree = np.array([90.0, 10.0, 50.0])
    disagree = np.array([5.0, 85.0, 50.0])
    seen = np.array([100.0, 100.0, 100.0])
    lists = consensus_columns(agree, disagree, seen, np.array([True, True, True]))
    assert lists == {"agree": [0], "disagree": [1]}
    lists = consensus_columns(agree, disagree, seen, np.array([False, True, True]))
    assert lists["agree"] == []


def test_group_informed_consensus_formula() -> None:
    agree = np.array([[3.0, 0.0], [1.0, 0.0]])
    seen = np.array([[4.0, 0.0], [5.0, 0.0]])  # passes count in S
    gic = group_informed_consensus(agree, seen)
    assert gic[0] == pytest.approx((4 / 6) * (2 / 7))
    assert gic[1] == pytest.approx(0.25)


def test_priority_formula() -> None:
    a, d, s, e = np.array([3.0]), np.array([1.0]), np.array([5.0]), np.array([0.5])
    p = (1 + 1) / 7
    importance = (1 - p) * 1.5 * (4 / 7)
    assert priorities(a, d, s, e)[0] == pytest.approx((importance * (1 + 8 * 2**-1)) ** 2)


def test_unvoted_and_meta_statements_get_priorities() -> None:
    result = compute(two_camps(), statements=[*range(20), 99], meta=[4])
    assert result.statement_priorities[99] == pytest.approx((0.25 * 9) ** 2)
    assert result.statement_priorities[4] == 49.0
    assert result.group_informed_consensus[99] == pytest.approx(0.25)


def test_as_dict_round_trips_through_json() -> None:
    result = compute(two_camps(), statements=[*range(20)])
    data = json.loads(json.dumps(result.as_dict(), allow_nan=False))
    back = OpinionResult.from_dict(data)
    assert back.as_dict() == result.as_dict()
    assert back.group_of == result.group_of
    assert back.smoother == result.smoother


def test_empty_and_tiny_inputs() -> None:
    empty = compute(VoteTable.empty(), statements=[1, 2])
    assert empty.groups == [] and empty.statement_priorities[1] > 0
    one = compute(VoteTable.from_rows([(1, 1, 1)]))
    assert one.group_of == {1: 0} and len(one.groups) == 1
    pair = compute(VoteTable.from_rows([(1, 1, 1), (2, 1, -1), (1, 2, 1), (2, 2, -1)]))
    assert len(pair.group_of) == 2


def test_large_sparse_input_is_not_densified() -> None:
    rng = np.random.default_rng(0)
    n_p, n_s, per = 100_000, 1_000, 8
    p = np.repeat(np.arange(n_p, dtype=np.int64), per)
    s = (rng.integers(0, n_s, size=p.size) + np.tile(np.arange(per) * 97, n_p)) % n_s
    camp = (p % 2) * 2 - 1
    v = np.where(rng.random(p.size) < 0.8, camp * np.where(s < n_s // 2, 1, -1), 0)
    table = VoteTable.from_arrays(p, s, v)
    tracemalloc.start()
    try:
        result = compute(table)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    dense_bytes = n_p * n_s * 8
    assert peak < dense_bytes / 4, f"peak {peak / 1e6:.0f} MB"
    assert len(result.group_of) > 90_000
