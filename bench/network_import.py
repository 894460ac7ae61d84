"""Benchmark of `scaleup import-cordis` into the database: the real CORDIS H2020 folder
(35,871 organisations, 796,670 co-participation ties) on SQLite and on PostgreSQL.

Usage: .venv/bin/python bench/network_import.py [--json] [--data DIR] [--postgres URL]
                                                [--orm-sample N]

Each database is a new, migrated one (a temporary SQLite file; on PostgreSQL the database
`scaleup_bench_import`, dropped first, on the server of --postgres, by default
postgres://postgres@127.0.0.1:5432/; skipped with a message when unreachable), in a process
of its own. Rows per database:
- the import as a facilitator runs it (read and check the files, organisations, ties,
  commit; goal <= 20 s), with each stage's seconds and the process's peak memory;
- importing the same folder again (nothing changes, nothing is written);
- two references measured in the same process, to read the figures as ratios on a noisy
  machine: the same reading and projection in memory, without a database (the floor), and
  Django's `bulk_create` of Tie objects for a sample of the ties (--orm-sample, rolled back,
  so without the foreign-key checks a commit would add: a lower bound), extrapolated
  linearly to all ties and labelled so.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 20.0
BENCH_DATABASE = "scaleup_bench_import"


def row(
    database: str,
    measure: str,
    seconds: float,
    *,
    ties: int | None = None,
    reference: str = "",
    ratio: float | None = None,
    peak_mb: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    return {
        "database": database,
        "measure": measure,
        "ties": ties,
        "seconds": round(seconds, 3),
        "peak_mb": None if peak_mb is None else round(peak_mb),
        "reference": reference,
        "ratio": None if ratio is None else round(ratio, 2),
        "note": note,
    }


def emit(r: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(r), flush=True)
        return
    peak = "-" if r["peak_mb"] is None else f"{r['peak_mb']:,}"
    ratio = "-" if r["ratio"] is None else f"{r['ratio']:,.2f}x"
    ties = "-" if r["ties"] is None else f"{r['ties']:,}"
    remarks = "; ".join(part for part in (r["reference"], r["note"]) if part)
    print(
        f"{r['database']:10s} {r['measure'][:40]:40s} {ties:>9} {r['seconds']:>8.2f} "
        f"{peak:>8} {ratio:>8}  {remarks}",
        flush=True,
    )


# --- the worker: one database, in its own process -------------------------------------------


def worker(database: str, data: Path, orm_sample: int) -> None:
    """Runs with DATABASE_URL set by the parent; prints one JSON row a line."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import transaction

    from scaleup.network.analysis import project_coparticipation
    from scaleup.network.cordis import import_cordis, read_folder
    from scaleup.network.models import Tie, TieKind
    from scaleup.stakeholders.models import Organisation
    from scaleup.stakeholders.tests.factories import StakeholderGroupFactory

    call_command("migrate", verbosity=0)
    group = StakeholderGroupFactory.create(slug="bench")
    stages: dict[str, float] = {}
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - last[0]
        last[0] = now

    started = time.perf_counter()
    last[0] = started
    counts = import_cordis(group=group, directory=data, actor=None, progress=progress)
    ended = time.perf_counter()
    total = ended - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = [
        row(
            database,
            "import-cordis, new database",
            total,
            ties=counts.ties_created,
            peak_mb=peak,
            note=(
                f"goal <= {GOAL_SECONDS:.0f} s: {'met' if total <= GOAL_SECONDS else 'NOT met'}; "
                f"{counts.organisations_created:,} organisations, {counts.projects:,} projects"
            ),
        )
    ]
    # Stage names are translated (the progress bar shows them); their order is fixed.
    for label, seconds in zip(
        ("  read and check the files", "  organisations", "  ties"), stages.values(), strict=False
    ):
        out.append(row(database, label, seconds))
    out.append(row(database, "  commit (and deferred checks)", ended - last[0]))

    started = time.perf_counter()
    again = import_cordis(group=group, directory=data, actor=None)
    out.append(
        row(
            database,
            "import-cordis again, nothing changed",
            time.perf_counter() - started,
            ties=again.ties_created + again.ties_updated,
            note=f"{again.organisations_matched:,} organisations matched",
        )
    )

    started = time.perf_counter()
    found = read_folder(data)
    projects = {key: i for i, key in enumerate(sorted({p for p, _ in found.pairs}))}
    position = {pic: i for i, pic in enumerate(sorted(found.organisations))}
    pairs = sorted(found.pairs)
    project_coparticipation(
        np.array([projects[p] for p, _ in pairs], dtype=np.int64),
        np.array([position[pic] for _, pic in pairs], dtype=np.int64),
        len(position),
    )
    floor = time.perf_counter() - started
    out.append(
        row(
            database,
            "reference: read + projection in memory",
            floor,
            ties=counts.ties_created,
            reference="import / this",
            ratio=total / floor,
        )
    )

    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    other = StakeholderGroupFactory.create(slug="bench-orm")
    rng = np.random.default_rng(0)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < orm_sample:
        a, b = sorted(int(i) for i in rng.choice(ids, size=2, replace=False))
        chosen.add((a, b))
    ties = [
        Tie(group=other, source_id=a, target_id=b, kind=TieKind.JOINT_PROJECT, weight=1.0)
        for a, b in sorted(chosen)
    ]
    started = time.perf_counter()
    with transaction.atomic():
        Tie.objects.bulk_create(ties, batch_size=5000)
        transaction.set_rollback(True)
    sample_seconds = time.perf_counter() - started
    extrapolated = sample_seconds * counts.ties_created / orm_sample
    out.append(
        row(
            database,
            "reference: ORM bulk_create, all ties",
            extrapolated,
            ties=counts.ties_created,
            reference="this / import",
            ratio=extrapolated / total,
            note=(
                f"extrapolated from {orm_sample:,} ties in {sample_seconds:.2f} s, rolled back "
                "(no commit checks: a lower bound)"
            ),
        )
    )
    for r in out:
        print(json.dumps(r), flush=True)


# --- the parent: one worker per database, one table ------------------------------------------


def postgres_reachable(server: str) -> str | None:
    """The URL of a freshly made bench database, or None when there is no server."""
    import psycopg

    try:
        with psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
            admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    except psycopg.Error as exc:
        print(f"(PostgreSQL at {server} is not reachable: {exc}; skipped)", file=sys.stderr)
        return None
    return server.rstrip("/") + "/" + BENCH_DATABASE


def drop_postgres(server: str) -> None:
    import psycopg

    with psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def run_worker(name: str, url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
        "SCALEUP_SECRET_KEY": os.environ.get("SCALEUP_SECRET_KEY", "bench-only"),
        "SCALEUP_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, __file__, "--worker", name, "--data", str(args.data)]
    command += ["--orm-sample", str(args.orm_sample)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {name} run failed")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    default_data = os.environ.get("SCALEUP_COOPERATION_DATA") or str(
        ROOT.parent / "shared" / "data" / "cooperation" / "cordis-h2020"
    )
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--orm-sample", type=int, default=50_000)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data, args.orm_sample)
        return
    if not (args.data / "participations-2020-12" / "h2020.csv.gz").is_file():
        print(f"(no CORDIS data at {args.data}: set SCALEUP_COOPERATION_DATA; nothing to time)")
        return
    if not args.json:
        print(
            f"{'database':10s} {'measure':40s} {'ties':>9} {'seconds':>8} {'peak MB':>8} "
            f"{'ratio':>8}  reference; note"
        )
        print("-" * 130)
    with tempfile.TemporaryDirectory() as folder:
        for r in run_worker("SQLite", f"sqlite:///{folder}/bench.sqlite3", args):
            emit(r, args.json)
    url = postgres_reachable(args.postgres)
    if url is not None:
        try:
            for r in run_worker("PostgreSQL", url, args):
                emit(r, args.json)
        finally:
            drop_postgres(args.postgres)


if __name__ == "__main__":
    main()
