"""Memory and time of the workshop export (issue 7: "a 1M-vote export must stay under 200 MB
RSS"), on the local PostgreSQL.

    .venv/bin/python bench/exports.py [--sizes 10000,100000,1000000] [--json] [--keep]

For each size, a workshop of that many votes (participants x statements, every vote also
in the vote history) is written straight into a fresh database, then exported in a child
process exactly as a facilitator's export job does (`dialogue.jobs`: the Pol.is layout's
four files, zipped). Each row prints:

- seconds: the export job's run, and MB/s of the zip it wrote;
- peak RSS MB: the child's maximum resident set (`ru_maxrss`), with the goal of <= 200 MB;
- baseline MB: the same child's RSS after setting up Django and reading the workshop, before
  the export (the cost of the interpreter and the libraries, the same for every size);
- export MB: peak minus baseline, the memory the export itself took;
- COPY s and ratio: the reference measured in the same run, PostgreSQL's own `COPY ... TO
  STDOUT` of the same vote history (joined to its statements), and the export's seconds as
  a multiple of it;
- serve MB: the download of the open data's `votes.csv` of that workshop (its largest file,
  `csv MB`) through the portal's ASGI application, as uvicorn calls it: the memory the
  response took, with the platform's batching (`core.streaming`) and, in the same child
  afterwards, with Django's own fallback for such a response, which reads it whole first.

With `--json`, one JSON object per row with the same keys.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import PYTHON, _psql, database_url  # noqa: E402

DEFAULT_DB = "scaleup_bench_exports"
GOAL_MB = 200
COLUMNS = (
    "votes",
    "participants",
    "statements",
    "seconds",
    "zip_mb",
    "peak_rss_mb",
    "baseline_mb",
    "export_mb",
    "copy_seconds",
    "ratio_to_copy",
    "csv_mb",
    "serve_mb",
    "serve_mb_django_fallback",
    "met",
)

CREATE_WORKSHOP = """
import json, django
django.setup()
from scaleup.dialogue import services
from scaleup.stakeholders.models import StakeholderGroup
conversation = services.create_conversation(
    question="Eksport {votes} głosów (benchmark)", actor=None,
    group=StakeholderGroup.objects.get(slug="lubelskie"),
)
for n in range({statements}):
    services.add_seed_statement(
        conversation=conversation, actor=None,
        text=f"Stwierdzenie numer {{n}} o współpracy firm, klastrów i uczelni w regionie",
    )
print(json.dumps({{"id": conversation.pk}}))
"""

# Every participant votes on every statement: agree, disagree or pass, spread by a hash.
FILL_VOTES = """
INSERT INTO dialogue_participant (conversation_id, seat_token_hash, display_name,
                                  external_id, created_at)
SELECT {conversation}, md5({conversation} || ':' || n), '', '',
       now() - interval '2 hours' + n * interval '1 ms'
FROM generate_series(1, {participants}) AS n;
INSERT INTO dialogue_voteevent (participant_id, statement_id, value, client_vote_id,
                                created_at)
SELECT p.id, s.id, (abs(hashtext(p.id::text || ':' || s.id::text)) % 3) - 1,
       md5(p.id::text || ':' || s.id::text)::uuid,
       p.created_at + interval '1 minute'
FROM dialogue_participant p CROSS JOIN dialogue_statement s
WHERE p.conversation_id = {conversation} AND s.conversation_id = {conversation};
INSERT INTO dialogue_vote (participant_id, statement_id, value, client_vote_id, created_at,
                           updated_at)
SELECT e.participant_id, e.statement_id, e.value, e.client_vote_id, e.created_at, e.created_at
FROM dialogue_voteevent e JOIN dialogue_statement s ON s.id = e.statement_id
WHERE s.conversation_id = {conversation};
ANALYZE;
"""

COPY_REFERENCE = (
    "\\copy (SELECT e.created_at, e.statement_id, e.participant_id, e.value"
    " FROM dialogue_voteevent e JOIN dialogue_statement s ON s.id = e.statement_id"
    " WHERE s.conversation_id = {conversation} ORDER BY e.statement_id, e.participant_id)"
    " TO '/dev/null' WITH (FORMAT csv)\n"
)

# The child: the export job's own run, with its memory read from the kernel.
EXPORT_CHILD = """
import json, resource, sys, tempfile, time, django
django.setup()
from scaleup.dialogue.jobs import _run
from scaleup.dialogue.models import Conversation
from scaleup.jobs.registry import Progress
conversation = Conversation.objects.get(pk={conversation})
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
reports = []
with tempfile.TemporaryFile() as out:
    started = time.perf_counter()
    _run({{"conversation": conversation.pk}}, Progress(lambda d, t: reports.append(d)), out)
    seconds = time.perf_counter() - started
    size = out.tell()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "bytes": size, "baseline_kb": baseline,
                  "peak_kb": peak, "reports": len(reports)}}))
"""

# Children for the open data's votes.csv of the workshop, sent by the ASGI application to a
# client that reads as fast as it can. The first publishes the workshop and writes its
# files; each of the others downloads once, with or without the batching middleware, its
# memory measured after a warm-up request (so that loading the URLs and templates is not
# counted) as the growth of its peak RSS.
PUBLISH_CHILD = """
import json, django
django.setup()
from scaleup.dialogue.models import Conversation
from scaleup.meetings.models import Meeting
from scaleup.opendata import workshop_files
conversation = Conversation.objects.get(pk={conversation})
conversation.meeting = Meeting.objects.filter(is_published=True).first()
conversation.is_open = False
conversation.save()
size = (workshop_files.folder_of(conversation) / "votes.csv").stat().st_size
print(json.dumps({{"csv_bytes": size, "slug": conversation.slug}}))
"""

SERVE_CHILD = """
import asyncio, json, resource, django
django.setup()
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
if not {batched}:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "streaming" not in m]
app = ASGIHandler()

async def download(path):
    received = 0
    asked = False
    async def receive():
        nonlocal asked
        if not asked:
            asked = True
            return {{"type": "http.request", "body": b"", "more_body": False}}
        await asyncio.Future()  # the client stays until the response ends
    async def send(message):
        nonlocal received
        if message["type"] == "http.response.body":
            received += len(message.get("body", b""))
    scope = {{"type": "http", "asgi": {{"version": "3.0"}}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": [(b"host", b"127.0.0.1")],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}}
    await app(scope, receive, send)
    return received

asyncio.run(download("/en/open-data/workshops/{slug}/summary.csv"))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
received = asyncio.run(download("/en/open-data/workshops/{slug}/votes.csv"))
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({{"received": received, "grown_kb": grown}}))
"""


def env_for(database: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("SCALEUP_")}
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
        "DATABASE_URL": database_url(database),
        "SCALEUP_HTTPS": "0",
        "SCALEUP_TASKS": "immediate",
        "SCALEUP_LOG_LEVEL": "WARNING",
        # The benchmark writes the votes itself; no opinion map is recomputed meanwhile.
        "SCALEUP_RECOMPUTE_ON_VOTE": "0",
        "SCALEUP_RATE_OPEN_DATA_WORKSHOP": "1000/1",
    }


def shape(votes: int) -> tuple[int, int]:
    """Participants and statements of a workshop of `votes` votes: 20 to 100 statements."""
    statements = 20 if votes <= 10_000 else 50 if votes <= 100_000 else 100
    return votes // statements, statements


def prepare(database: str, env: dict[str, str], var_dir: Path) -> None:
    _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{database}"')
    env = env | {"SCALEUP_VAR_DIR": str(var_dir)}
    scaleup = [PYTHON, "-m", "scaleup.cli"]
    subprocess.run([*scaleup, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*scaleup, "demo"], env=env, check=True, capture_output=True)


def workshop(database: str, env: dict[str, str], votes: int) -> tuple[int, int, int]:
    participants, statements = shape(votes)
    made = subprocess.run(
        [PYTHON, "-c", CREATE_WORKSHOP.format(votes=votes, statements=statements)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    conversation = json.loads(made.stdout.strip().splitlines()[-1])["id"]
    _psql(
        FILL_VOTES.format(conversation=conversation, participants=participants),
        database=database,
    )
    return conversation, participants, statements


def copy_seconds(database: str, conversation: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-q"],
        input=COPY_REFERENCE.format(conversation=conversation),
        text=True,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _child(env: dict[str, str], code: str) -> dict[str, Any]:
    done = subprocess.run([PYTHON, "-c", code], env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export(env: dict[str, str], conversation: int) -> dict[str, Any]:
    return _child(env, EXPORT_CHILD.format(conversation=conversation))


def serve(env: dict[str, str], conversation: int) -> dict[str, Any]:
    """The votes.csv download's memory (MB), batched and with Django's fallback."""
    published = _child(env, PUBLISH_CHILD.format(conversation=conversation))
    grown = {}
    for batched in (True, False):
        served = _child(env, SERVE_CHILD.format(batched=batched, slug=published["slug"]))
        if served["received"] < published["csv_bytes"]:
            raise SystemExit(f"the download was cut short: {served} of {published}")
        grown[batched] = served["grown_kb"] / 1024
    return {
        "csv_bytes": published["csv_bytes"],
        "batched_mb": grown[True],
        "fallback_mb": grown[False],
    }


def row_for(database: str, env: dict[str, str], votes: int) -> dict[str, Any]:
    conversation, participants, statements = workshop(database, env, votes)
    reference = copy_seconds(database, conversation)
    measured = export(env, conversation)
    served = serve(env, conversation)
    peak, baseline = measured["peak_kb"] / 1024, measured["baseline_kb"] / 1024
    return {
        "votes": participants * statements,
        "participants": participants,
        "statements": statements,
        "seconds": round(measured["seconds"], 2),
        "zip_mb": round(measured["bytes"] / 1e6, 1),
        "peak_rss_mb": round(peak, 1),
        "baseline_mb": round(baseline, 1),
        "export_mb": round(peak - baseline, 1),
        "copy_seconds": round(reference, 2),
        "ratio_to_copy": round(measured["seconds"] / reference, 1) if reference else None,
        "csv_mb": round(served["csv_bytes"] / 1e6, 1),
        "serve_mb": round(served["batched_mb"], 1),
        "serve_mb_django_fallback": round(served["fallback_mb"], 1),
        "met": peak <= GOAL_MB and served["batched_mb"] <= GOAL_MB,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    headers = (
        "votes",
        "participants",
        "statements",
        "seconds",
        "zip MB",
        "peak RSS MB",
        "baseline MB",
        "export MB",
        "COPY s",
        "ratio",
        "csv MB",
        "serve MB",
        "serve MB (Django)",
        f"<= {GOAL_MB} MB",
    )
    cells = [
        [
            f"{row[key]:,}"
            if isinstance(row[key], int) and not isinstance(row[key], bool)
            else ("yes" if row[key] is True else "NO" if row[key] is False else str(row[key]))
            for key in COLUMNS
        ]
        for row in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)))
    for line in cells:
        print("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    env = env_for(args.database)
    with tempfile.TemporaryDirectory(prefix="scaleup-exports-") as var_dir:
        env |= {"SCALEUP_VAR_DIR": var_dir}
        prepare(args.database, env, Path(var_dir))
        try:
            rows = [row_for(args.database, env, size) for size in sizes]
        finally:
            if not args.keep:
                _psql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        print_table(rows)


if __name__ == "__main__":
    main()
