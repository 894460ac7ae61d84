"""Benchmark of the cooperation-network analysis (scaleup.network.analysis) against networkx.

Usage: .venv/bin/python bench/network.py [--json] [--skip-large] [--data DIR] [--repeat N]
                                         [--nx-budget SECONDS]

Graphs:
- CORDIS Horizon 2020 co-participation (real: 35,871 organisations, 796,670 edges), read from
  ../shared/data/cooperation/cordis-h2020 (or $SCALEUP_COOPERATION_DATA, or --data); skipped
  with a message when absent. CORDIS type -> category: PRC -> SME (the 2020 table has no SME
  flag, so every private company counts as an SME), HES/REC -> KNOWLEDGE, PUB -> PUBLIC,
  OTH -> SUPPORT; region = country (the table has no NUTS code). It has no CLUSTER nodes, so
  the catalyst and cross-kind rows only run on the synthetic graphs;
- synthetic co-participation graphs of 10k and 100k organisations from a seeded generator:
  heavy-tailed (Pareto) activity, CORDIS-like consortium sizes (60 % single-partner projects,
  log-normal sizes up to 150), seven categories incl. 3 % clusters, Zipf-sized regions and a
  regional bias in consortia;
- a reference row (numpy dense SVD 2,000 x 200, as in bench/opinion.py) to read the figures
  as ratios on a noisy machine.

Per graph and measure: our seconds (median of --repeat calls for calls under a second, one
call otherwise), peak MB (the peak resident memory our call needs on top of what the process
held before it, i.e. beyond the graph; Linux clear_refs/VmHWM; for read+projection the
network itself), the same measure in networkx 3.6 ("nx s") and the speed-up.
networkx runs on the same graph where that takes reasonable time; otherwise it runs on a
random sample of sources / nodes for --nx-budget seconds and is extrapolated linearly, or,
on the 100k graph, it is extrapolated from the 10k synthetic graph by a stated size ratio.
The "nx basis" column says which. Brokerage on CORDIS is additionally compared with exact
betweenness on two 5k-node subgraphs (Spearman rank correlation).
"""

from __future__ import annotations

import argparse
import csv
import gc
import gzip
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scaleup.network.analysis import (  # noqa: E402
    CATEGORIES,
    CLUSTER,
    KNOWLEDGE,
    LARGE,
    OTHER,
    PUBLIC,
    SME,
    SUPPORT,
    Network,
    NetworkInput,
    analyse,
    brokerage,
    build_network,
    catalyst_share,
    communities,
    constraint,
    coreness,
    cross_kind_ties,
    effective_size,
    gaps,
    project_coparticipation,
    suggest_partners,
)
from scaleup.network.analysis.brokerage import DEFAULT_SAMPLES  # noqa: E402

COLUMNS = (
    "graph",
    "measure",
    "nodes",
    "edges",
    "seconds",
    "peak_mb",
    "nx_seconds",
    "speedup",
    "nx_basis",
    "quality",
)
CORDIS_CATEGORY = {"PRC": SME, "HES": KNOWLEDGE, "REC": KNOWLEDGE, "PUB": PUBLIC, "OTH": SUPPORT}
GAP_TARGETS = {CLUSTER, KNOWLEDGE, SUPPORT}


# --- input ----------------------------------------------------------------------------------


@dataclass
class Participations:
    """(project, organisation position) pairs and the organisations' attributes."""

    projects: np.ndarray
    orgs: np.ndarray
    node_ids: np.ndarray
    categories: list[str]
    regions: list[str]


def read_cordis(folder: Path) -> Participations:
    """participations-2020-12/h2020.csv.gz: one row per (project rcn, organisation pic)."""
    rcn, pic, kind, country = [], [], [], []
    path = folder / "participations-2020-12" / "h2020.csv.gz"
    with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = [header.index(name) for name in ("rcn", "pic", "type", "country")]
        for row in reader:
            rcn.append(row[columns[0]])
            pic.append(row[columns[1]])
            kind.append(row[columns[2]])
            country.append(row[columns[3]])
    pics = np.array(pic).astype(np.int64)
    node_ids, first, orgs = np.unique(pics, return_index=True, return_inverse=True)
    return Participations(
        projects=np.array(rcn).astype(np.int64),
        orgs=orgs.astype(np.int64),
        node_ids=node_ids.astype(np.int64),
        # PRC -> SME: the 2020 table has no SME flag (see the module docs)
        categories=[CORDIS_CATEGORY.get(kind[i], OTHER) for i in first.tolist()],
        regions=[country[i] for i in first.tolist()],
    )


def synthetic(n_orgs: int, seed: int = 42) -> Participations:
    """Seeded co-participation data shaped like CORDIS (see the module docs).

    Every organisation takes part at least once; the other slots go to organisations in
    proportion to a Pareto activity (capped at 0.4 % of the total, times a per-category
    factor: universities and research centres are the most active), 30 % of them drawn
    from the project's home region.
    """
    rng = np.random.default_rng(seed)
    share = {SME: 0.55, LARGE: 0.08, CLUSTER: 0.03, KNOWLEDGE: 0.15}
    share |= {SUPPORT: 0.08, PUBLIC: 0.07, OTHER: 0.04}
    factor = {SME: 0.7, LARGE: 2.0, CLUSTER: 2.0, KNOWLEDGE: 4.0}
    factor |= {SUPPORT: 1.0, PUBLIC: 1.0, OTHER: 0.5}
    code = rng.choice(len(CATEGORIES), size=n_orgs, p=[share[c] for c in CATEGORIES])
    n_regions = max(10, n_orgs // 150)
    zipf = 1.0 / np.arange(1, n_regions + 1)
    zipf /= zipf.sum()
    region = rng.choice(n_regions, size=n_orgs, p=zipf)
    activity = (rng.pareto(1.1, n_orgs) + 1.0) * np.array([factor[c] for c in CATEGORIES])[code]
    activity = np.minimum(activity, activity.sum() * 0.004)
    n_projects = int(0.88 * n_orgs)
    single = rng.random(n_projects) < 0.6
    sizes = np.minimum(150, 2 + rng.lognormal(1.7, 0.9, n_projects).astype(np.int64))
    sizes[single] = 1
    project = np.repeat(np.arange(n_projects, dtype=np.int64), sizes)
    home = rng.choice(n_regions, size=n_projects, p=zipf)[project]
    by_region = np.argsort(region, kind="stable")
    cumulative = np.cumsum(activity[by_region])
    ends = np.searchsorted(region[by_region], np.arange(n_regions), side="right")
    region_end = np.where(ends > 0, cumulative[np.maximum(ends - 1, 0)], 0.0)
    region_start = np.concatenate([[0.0], region_end[:-1]])
    draw = rng.random(project.size)
    local = rng.random(project.size) < 0.3
    value = np.where(
        local,
        region_start[home] + draw * (region_end[home] - region_start[home]),
        draw * cumulative[-1],
    )
    org = by_region[np.minimum(np.searchsorted(cumulative, value, side="right"), n_orgs - 1)]
    org[rng.choice(project.size, size=n_orgs, replace=False)] = rng.permutation(n_orgs)
    return Participations(
        projects=project,
        orgs=org.astype(np.int64),
        node_ids=np.arange(n_orgs, dtype=np.int64),
        categories=[CATEGORIES[c] for c in code.tolist()],
        regions=[f"R{r:03d}" for r in region.tolist()],
    )


def network_of(parts: Participations) -> Network:
    sources, targets, weights = project_coparticipation(
        parts.projects, parts.orgs, parts.node_ids.shape[0]
    )
    return build_network(
        NetworkInput(
            node_ids=parts.node_ids,
            categories=parts.categories,
            regions=parts.regions,
            sources=sources,
            targets=targets,
            weights=weights,
        )
    )


def induced(net: Network, keep: np.ndarray) -> Network:
    """The subgraph on the nodes `keep`."""
    keep = np.sort(keep)
    inside = np.zeros(net.n, dtype=bool)
    inside[keep] = True
    position = np.full(net.n, -1, dtype=np.int64)
    position[keep] = np.arange(keep.size)
    edges = inside[net.edge_u] & inside[net.edge_v]
    return build_network(
        NetworkInput(
            node_ids=net.node_ids[keep],
            categories=[net.categories[i] for i in keep.tolist()],
            regions=[net.regions[i] for i in keep.tolist()],
            sources=position[net.edge_u[edges]],
            targets=position[net.edge_v[edges]],
            weights=net.edge_weight[edges],
        )
    )


def nx_graph(net: Network) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(net.n))
    graph.add_edges_from(
        (u, v, {"weight": w, "distance": 1.0 / w})
        for u, v, w in zip(
            net.edge_u.tolist(), net.edge_v.tolist(), net.edge_weight.tolist(), strict=True
        )
    )
    return graph


# --- timing ---------------------------------------------------------------------------------


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float | None, Any]:
    """(median seconds, extra peak MB of the first call or None, result).

    Extra peak MB = the process's peak resident memory during the call minus its resident
    memory just before (what the call needs on top of the graph already in memory). Calls
    taking over a second run once (the whole run must fit in ~10 minutes).
    """
    gc.collect()
    resettable = _reset_peak()
    before = _status_mb("VmRSS")
    start = time.perf_counter()
    result = fn()
    times = [time.perf_counter() - start]
    peak = _status_mb("VmHWM") - before if resettable else None
    while times[0] < 1.0 and len(times) < repeat:
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), peak, result


def nx_full(fn: Callable[[], Any]) -> tuple[float, str, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, "same graph", result


def per_item(
    items: Sequence[Any] | range, work: Callable[[Any], Any], budget: float
) -> tuple[float, int]:
    """(seconds per item, items done): `work` on `items` in order until `budget` seconds."""
    start = time.perf_counter()
    done = 0
    for item in items:
        work(item)
        done += 1
        if time.perf_counter() - start >= budget:
            break
    return (time.perf_counter() - start) / max(done, 1), done


def nx_sampled(
    items: Sequence[Any], work: Callable[[Any], Any], total: int, budget: float, unit: str
) -> tuple[float, str]:
    """Run `work` on `items` (a random sample) until `budget` seconds, scale to `total`."""
    seconds, done = per_item(items, work, budget)
    return seconds * total, f"extrapolated: {done:,} of {total:,} {unit}"


# --- rows -----------------------------------------------------------------------------------


def make_row(
    graph: str,
    measure_name: str,
    net: Network | None,
    seconds: float,
    peak: float | None,
    nx_seconds: float | None = None,
    basis: str = "",
    quality: str = "",
) -> dict[str, Any]:
    return {
        "graph": graph,
        "measure": measure_name,
        "nodes": net.n if net is not None else 0,
        "edges": net.m if net is not None else 0,
        "seconds": round(seconds, 4),
        "peak_mb": None if peak is None else round(peak, 1),
        "nx_seconds": None if nx_seconds is None else round(nx_seconds, 3),
        "speedup": None if nx_seconds is None or seconds <= 0 else round(nx_seconds / seconds, 1),
        "nx_basis": basis,
        "quality": quality,
    }


def emit(r: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(r), flush=True)
        return
    peak = "-" if r["peak_mb"] is None else f"{r['peak_mb']:,.0f}"
    nx_s = "-" if r["nx_seconds"] is None else f"{r['nx_seconds']:,.2f}"
    speedup = "-" if r["speedup"] is None else f"{r['speedup']:,.0f}x"
    print(
        f"{r['graph'][:14]:14s} {r['measure'][:26]:26s} {r['nodes']:>8,} {r['edges']:>10,} "
        f"{r['seconds']:>9.3f} {peak:>7} {nx_s:>10} {speedup:>8}  {r['nx_basis']}"
        + (f"; {r['quality']}" if r["quality"] else ""),
        flush=True,
    )


@dataclass
class Block:
    """Results of one graph, kept to extrapolate the 100k networkx figures from the 10k."""

    net: Network
    nx_seconds: dict[str, float]
    square_degrees: float


def run_graph(
    name: str,
    load: Callable[[], Participations],
    args: argparse.Namespace,
    small: Block | None = None,
) -> Block:
    """Every measure on one graph, ours first, then networkx (rows printed at the end)."""
    repeat, budget = args.repeat, args.nx_budget
    read_start = time.perf_counter()
    parts = load()
    read_seconds = time.perf_counter() - read_start
    seconds, peak, net = measure(lambda: network_of(parts), 1)
    rows: list[dict[str, Any]] = []
    ours: dict[str, tuple[float, float | None, Any]] = {}
    ours["degree"] = measure(
        lambda: (np.diff(net.adjacency.indptr), net.adjacency @ np.ones(net.n)), repeat
    )
    ours["brokerage"] = measure(lambda: brokerage(net), repeat)
    ours["constraint"] = measure(lambda: constraint(net), repeat)
    ours["effective size"] = measure(lambda: effective_size(net), repeat)
    ours["communities"] = measure(lambda: communities(net), repeat)
    ours["k-core"] = measure(lambda: coreness(net), repeat)
    codes = net.category_codes
    has_clusters = bool((codes == CATEGORIES.index(CLUSTER)).any())
    if has_clusters:
        ours["catalyst share"] = measure(lambda: catalyst_share(net), repeat)
        ours["cross-kind ties"] = measure(lambda: cross_kind_ties(net), repeat)
    ours["gaps"] = measure(lambda: gaps(net), repeat)
    rng = np.random.default_rng(1)
    askers = rng.choice(np.flatnonzero(net.degree > 0), size=50, replace=False).tolist()
    match_times = []
    for position in askers:
        start = time.perf_counter()
        suggest_partners(net, position)
        match_times.append(time.perf_counter() - start)
    if not args.skip_analyse and net.n < 50_000:
        ours["analyse (all)"] = measure(lambda: analyse(net), 1)

    # networkx on the same graph, or sampled / extrapolated
    graph_start = time.perf_counter()
    graph = nx_graph(net)
    nx_build = time.perf_counter() - graph_start
    nx_sec: dict[str, float] = {}
    basis: dict[str, str] = {}
    scale_from_small = small is not None and net.n >= 50_000
    edge_ratio = net.m / small.net.m if small is not None else 1.0
    square_degrees = float((net.degree.astype(np.float64) ** 2).sum())
    flop_ratio = square_degrees / small.square_degrees if small is not None else 1.0

    def full_or_scaled(key: str, fn: Callable[[], Any], ratio: float, what: str) -> Any:
        if scale_from_small and small is not None and key in small.nx_seconds:
            nx_sec[key] = small.nx_seconds[key] * ratio
            basis[key] = f"extrapolated from 10k x {ratio:.1f} ({what})"
            return None
        nx_sec[key], basis[key], result = nx_full(fn)
        return result

    # projection: the same reading/generation, then networkx's bipartite projection
    def nx_projection() -> nx.Graph:
        bipartite = nx.Graph()
        bipartite.add_edges_from(
            zip((("p", p) for p in parts.projects.tolist()), parts.orgs.tolist(), strict=True)
        )
        return nx.bipartite.weighted_projected_graph(bipartite, range(net.n))

    full_or_scaled("projection", nx_projection, edge_ratio, "edges")
    nx_sec["projection"] += read_seconds
    rows.append(
        make_row(
            name,
            "read+projection" if name == "CORDIS H2020" else "generate+projection",
            net,
            read_seconds + seconds,
            peak,
            nx_sec["projection"],
            basis["projection"] + " (+ the same reading)",
            f"{parts.projects.size:,} participations",
        )
    )
    nx_sec["degree"], basis["degree"], _ = nx_full(
        lambda: (dict(graph.degree()), dict(graph.degree(weight="weight")))
    )

    result = ours["brokerage"][2]
    per_source, done = per_item(
        range(1000),
        lambda seed: nx.betweenness_centrality(graph, k=1, weight="distance", seed=seed),
        budget,
    )
    nx_sec["brokerage"] = per_source * result.samples
    basis["brokerage"] = f"extrapolated: nx time of {done} source(s) x {result.samples:,}"

    holes_ratio = flop_ratio
    full_or_scaled(
        "constraint", lambda: nx.constraint(graph, weight="weight"), holes_ratio, "sum deg^2"
    )
    # networkx's all-nodes effective size (a sparse product) divides by the wrong axis's
    # maximum for weighted graphs (networkx PR #8906), so it is not the same measure: the
    # reference is its per-node path, which gives the values our tests compare with.
    nx_sec["effective size"], basis["effective size"] = nx_sampled(
        rng.permutation(net.n).tolist(),
        lambda v: nx.effective_size(graph, nodes=[v], weight="weight"),
        net.n,
        budget,
        "nodes (per-node path)",
    )
    if net.n <= 20_000:
        wrong_seconds, _, _ = nx_full(lambda: nx.effective_size(graph, weight="weight"))
        basis["effective size"] += f"; its wrong all-nodes path: {wrong_seconds:.1f} s"
    louvain = full_or_scaled(
        "communities",
        lambda: nx.community.louvain_communities(graph, weight="weight", seed=0),
        edge_ratio,
        "edges",
    )
    full_or_scaled("k-core", lambda: nx.core_number(graph), edge_ratio, "edges")

    smes = np.flatnonzero(codes == CATEGORIES.index(SME))
    knowledge = np.flatnonzero(codes == CATEGORIES.index(KNOWLEDGE))
    if has_clusters:
        fewer, more = (smes, knowledge) if smes.size <= knowledge.size else (knowledge, smes)
        targets = more.tolist()
        per_source, done = per_item(
            rng.permutation(fewer).tolist(),
            lambda s: nx.betweenness_centrality_subset(graph, [s], targets, weight="distance"),
            budget,
        )
        used = min(DEFAULT_SAMPLES, fewer.size) if net.n > 5000 else fewer.size
        nx_sec["catalyst share"] = per_source * used
        basis["catalyst share"] = f"extrapolated: nx time of {done} source(s) x {used:,}"
        clusters = np.flatnonzero(codes == CATEGORIES.index(CLUSTER))
        kind = net.categories

        def open_cross(c: int) -> int:
            return sum(
                1
                for a, b in combinations(graph[c], 2)
                if kind[a] != kind[b] and not graph.has_edge(a, b)
            )

        nx_sec["cross-kind ties"], basis["cross-kind ties"] = nx_sampled(
            rng.permutation(clusters).tolist(), open_cross, clusters.size, budget, "clusters"
        )

    targets_set = {i for i, c in enumerate(net.categories) if c in GAP_TARGETS}

    def is_gap(s: int) -> bool:
        reach = nx.single_source_shortest_path_length(graph, s, cutoff=2)
        return not targets_set.intersection(reach)

    nx_sec["gaps"], basis["gaps"] = nx_sampled(
        rng.permutation(smes).tolist(), is_gap, smes.size, budget, "SMEs"
    )

    nx_match = []
    for position in askers:
        start = time.perf_counter()
        two_steps = {w for v in graph[position] for w in graph[v]} - set(graph[position])
        two_steps.discard(position)
        scores = nx.adamic_adar_index(graph, [(position, w) for w in two_steps])
        sorted(scores, key=lambda t: -t[2])[:10]
        nx_match.append(time.perf_counter() - start)
        if sum(nx_match) > budget:
            break

    # rows in a fixed order
    labels = [
        ("degree", "degree + weighted degree", ""),
        ("brokerage", "brokerage", ""),
        ("constraint", "constraint (Burt)", ""),
        ("effective size", "effective size (Burt)", ""),
        ("communities", "communities (Leiden)", ""),
        ("k-core", "k-core", ""),
        ("catalyst share", "catalyst share", ""),
        ("cross-kind ties", "cross-kind ties", ""),
        ("gaps", "gaps", ""),
    ]
    quality: dict[str, str] = {}
    b = ours["brokerage"][2]
    quality["brokerage"] = (
        "exact" if b.exact else f"sampled, {b.samples} pivots, error bound {b.error_bound:.3f}"
    )
    community, modularity = ours["communities"][2]
    quality["communities"] = f"Q={modularity:.4f}, {community.max() + 1:,} communities"
    if louvain is not None:
        nx_q = nx.community.modularity(graph, louvain, weight="weight")
        quality["communities"] += f" (nx Louvain Q={nx_q:.4f})"
    quality["gaps"] = f"{int(ours['gaps'][2].sum()):,} isolated SMEs"
    for key, label, _ in labels:
        if key not in ours:
            continue
        seconds, peak, _ = ours[key]
        rows.append(
            make_row(
                name,
                label,
                net,
                seconds,
                peak,
                nx_sec.get(key),
                basis.get(key, ""),
                quality.get(key, ""),
            )
        )
    median_ours = statistics.median(match_times)
    median_nx = statistics.median(nx_match)
    rows.append(
        make_row(
            name,
            "matchmaking (per org)",
            net,
            median_ours,
            None,
            median_nx,
            f"same graph, {len(nx_match)} orgs",
            f"median of 50 orgs, max {max(match_times) * 1000:.1f} ms",
        )
    )
    if "analyse (all)" in ours:
        seconds, peak, _ = ours["analyse (all)"]
        rows.append(make_row(name, "analyse (all measures)", net, seconds, peak))
    for r in rows:
        emit(r, args.json)
    if not args.json:
        print(f"{'':14s} (networkx graph built in {nx_build:.1f} s, not counted)", flush=True)
    return Block(net=net, nx_seconds=nx_sec, square_degrees=square_degrees)


def spearman_rows(name: str, net: Network, label: str, keep: np.ndarray, args: Any) -> None:
    """Sampled (default pivots, every component sampled) vs exact brokerage on a subgraph."""
    sub = induced(net, keep)
    exact_seconds, _, exact = measure(lambda: brokerage(sub, exact_up_to=sub.n), 1)
    seconds, peak, sampled = measure(lambda: brokerage(sub, exact_up_to=0), 1)
    rho = spearmanr(exact.values, sampled.values).statistic
    top = set(np.argsort(-exact.values)[:50].tolist())
    overlap = len(top & set(np.argsort(-sampled.values)[:50].tolist()))
    emit(
        make_row(
            name,
            f"brokerage vs exact ({label})",
            sub,
            seconds,
            peak,
            None,
            f"exact (igraph): {exact_seconds:.1f} s",
            f"Spearman {rho:.3f}, top-50 overlap {overlap}/50, "
            f"max error {np.abs(sampled.values - exact.values).max():.4f} "
            f"(bound {sampled.error_bound:.3f})",
        ),
        args.json,
    )


def snowball(net: Network, size: int, seed: int) -> np.ndarray:
    """The first `size` organisations reached breadth-first from a random one."""
    rng = np.random.default_rng(seed)
    start = int(rng.choice(np.flatnonzero(net.degree > 0)))
    return np.array(net.graph.bfs(start)[0][:size], dtype=np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.add_argument("--skip-large", action="store_true", help="skip the 100k graph")
    parser.add_argument("--skip-analyse", action="store_true", help="skip the analyse() rows")
    default_data = os.environ.get("SCALEUP_COOPERATION_DATA") or str(
        ROOT.parent / "shared" / "data" / "cooperation" / "cordis-h2020"
    )
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--nx-budget", type=float, default=5.0, help="seconds per sampled networkx measure"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if not args.json:
        print(
            f"{'graph':14s} {'measure':26s} {'nodes':>8} {'edges':>10} {'seconds':>9} "
            f"{'+peak MB':>7} {'nx s':>10} {'speedup':>8}  nx basis; quality"
        )
        print("-" * 140)

    dense = np.random.default_rng(0).standard_normal((2000, 200))
    seconds, peak, _ = measure(lambda: np.linalg.svd(dense, full_matrices=False), args.repeat)
    emit(make_row("reference", "numpy dense SVD 2000x200", None, seconds, peak), args.json)

    cordis = args.data / "participations-2020-12" / "h2020.csv.gz"
    if cordis.is_file():
        block = run_graph("CORDIS H2020", lambda: read_cordis(args.data), args)
        net = block.net
        dach = np.flatnonzero(np.isin(np.array(net.regions), ["DE", "AT"]))
        spearman_rows("CORDIS H2020", net, f"DE+AT, {dach.size:,} orgs", dach, args)
        spearman_rows("CORDIS H2020", net, "5k BFS ball", snowball(net, 5000, 0), args)
        del block, net
        gc.collect()
    elif not args.json:
        print(f"(no CORDIS data at {args.data}: set SCALEUP_COOPERATION_DATA; real graph skipped)")

    small = run_graph("synthetic 10k", lambda: synthetic(10_000), args)
    if not cordis.is_file():
        spearman_rows("synthetic 10k", small.net, "5k BFS ball", snowball(small.net, 5000, 0), args)
    if not args.skip_large:
        run_graph("synthetic 100k", lambda: synthetic(100_000), args, small=small)

    if not args.json:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"whole run {time.perf_counter() - started:.0f} s; process max RSS {maxrss:,.0f} MB "
            "(incl. the networkx graphs)"
        )


if __name__ == "__main__":
    main()
