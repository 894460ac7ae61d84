"""Benchmark of the opinion maths (scaleup.dialogue.opinion): full cold recompute.

Usage: .venv/bin/python bench/opinion.py [--json] [--skip-large] [--data DIR] [--repeat N]

Rows:
- every real Pol.is conversation with vote data in ../shared/data/polis (CC BY 4.0, The
  Computational Democracy Project); ARI compares our groups with Pol.is's `group-id`;
- synthetic conversations from a seeded latent-group model (33k x 800 x 2M, Pol.is's largest
  production shape; 100k x 10k x 10M); ARI compares with the latent groups;
- reference rows, for reading figures as ratios on a noisy machine: numpy's dense SVD of a
  2,000 x 200 matrix, and our recompute of a 2,000 x 200 x 120k-vote conversation (the size on
  which Pol.is's Python port reports 6.5 s cold, polis PR #2675).

"seconds" is the median of --repeat cold `compute()` calls on a VoteTable already in memory
(CSV reading and data generation excluded). "peak MB" is the tracemalloc peak of one further
call (Python and numpy allocations made during the call, not the process RSS).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scaleup.dialogue.opinion import VoteTable, compute, read_polis_folder  # noqa: E402

COLUMNS = ("conversation", "participants", "statements", "votes", "seconds", "peak_mb", "ari", "k")


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median seconds of `repeat` calls, then tracemalloc peak (MB) of one more call."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return statistics.median(times), peak / 1e6, result


def ari(truth: dict[int, int], ours: dict[int, int]) -> float | None:
    common = sorted(set(truth) & set(ours))
    if not common:
        return None
    return float(adjusted_rand_score([truth[p] for p in common], [ours[p] for p in common]))


def synthetic(
    n_p: int, n_s: int, n_votes: int, n_groups: int = 3, seed: int = 42
) -> tuple[VoteTable, dict[int, int]]:
    """Seeded latent-group model: each group has its own agree/disagree/pass odds per statement.

    Participants vote on a Poisson number of statements (mean n_votes / n_p) drawn uniformly;
    repeated (participant, statement) draws are dropped, so the vote count is slightly lower.
    """
    rng = np.random.default_rng(seed)
    group = rng.integers(0, n_groups, size=n_p)
    per = np.clip(rng.poisson(n_votes / n_p, size=n_p), 1, n_s)
    pids = np.repeat(np.arange(n_p, dtype=np.int64), per)
    sids = rng.integers(0, n_s, size=pids.size, dtype=np.int64)
    keep = np.unique(pids * n_s + sids, return_index=True)[1]
    keep.sort()
    pids, sids = pids[keep], sids[keep]
    lean = rng.normal(0.0, 1.2, size=(n_groups, n_s))  # per group and statement
    x = lean[group[pids], sids] + rng.normal(0.0, 1.0, size=pids.size)
    values = np.where(x > 0.5, 1, np.where(x < -0.5, -1, 0)).astype(np.int8)
    table = VoteTable(pids, sids, values)
    return table, dict(enumerate(group.tolist()))


def row(
    name: str, table: VoteTable, truth: dict[int, int] | None, repeat: int, **kwargs: Any
) -> dict[str, Any]:
    seconds, peak, result = measure(lambda: compute(table, **kwargs), repeat)
    return {
        "conversation": name,
        "participants": int(np.unique(table.participant_ids).size),
        "statements": int(np.unique(table.statement_ids).size),
        "votes": len(table),
        "seconds": round(seconds, 4),
        "peak_mb": round(peak, 1),
        "ari": None if truth is None else round(ari(truth, result.group_of) or 0.0, 3),
        "k": result.k,
    }


def emit(r: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(r), flush=True)
        return
    ari_text = "-" if r["ari"] is None else f"{r['ari']:.3f}"
    print(
        f"{r['conversation'][:46]:46s} {r['participants']:>9,} {r['statements']:>7,} "
        f"{r['votes']:>11,} {r['seconds']:>9.3f} {r['peak_mb']:>9.1f} {ari_text:>6} {r['k']:>2}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.add_argument("--skip-large", action="store_true", help="skip 100k x 10k x 10M")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polis")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.json:
        print(
            f"{'conversation':46s} {'ptpts':>9} {'stmts':>7} {'votes':>11} {'seconds':>9} "
            f"{'peak MB':>9} {'ARI':>6} {'k':>2}"
        )
        print("-" * 106)

    # reference rows first
    rng = np.random.default_rng(0)
    dense = rng.standard_normal((2000, 200))
    seconds, peak, _ = measure(lambda: np.linalg.svd(dense, full_matrices=False), args.repeat)
    emit(
        {
            "conversation": "reference: numpy dense SVD 2000x200",
            "participants": 2000,
            "statements": 200,
            "votes": 400_000,
            "seconds": round(seconds, 4),
            "peak_mb": round(peak, 1),
            "ari": None,
            "k": 0,
        },
        args.json,
    )
    table, truth = synthetic(2000, 200, 120_000)
    emit(
        row("reference: synthetic 2k x 200 (Pol.is py: 6.5 s)", table, truth, args.repeat),
        args.json,
    )

    if args.data.is_dir():
        for folder in sorted(p for p in args.data.iterdir() if p.is_dir()):
            export = read_polis_folder(folder)
            if len(export.votes) == 0:
                continue
            r = row(
                folder.name,
                export.votes,
                export.group_ids or None,
                args.repeat,
                moderated_out=export.moderated_out,
                meta=export.meta,
                stay_in=export.ever_in_conv,
            )
            emit(r, args.json)
    elif not args.json:
        print(f"(no Pol.is data at {args.data}: real conversations skipped)")

    sizes = [(33_000, 800, 2_000_000)]
    if not args.skip_large:
        sizes.append((100_000, 10_000, 10_000_000))
    for n_p, n_s, n_v in sizes:
        table, truth = synthetic(n_p, n_s, n_v)
        emit(row(f"synthetic {n_p:,} x {n_s:,} x {n_v:,}", table, truth, args.repeat), args.json)
        del table, truth

    if not args.json:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process max RSS (whole run, incl. data generation): {maxrss:,.0f} MB")


if __name__ == "__main__":
    main()
