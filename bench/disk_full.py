"""Fault run: uploads on a real file system that fills up.

    .venv/bin/python bench/disk_full.py [--json] [--size-mb 8] [--keep]

Needs root: mounts a small tmpfs and puts on it MEDIA_ROOT, PRIVATE_ROOT and the server's
temporary folder (TMPDIR, where Django spools request bodies and uploads when
FILE_UPLOAD_TEMP_DIR is unset). The database and the server's log stay on the normal disk.
Then, on a fresh SQLite database with the demo story, `scaleup serve` (uvicorn) is started
and, signed in as the demo facilitator (group documents, workspace form) and the site
administrator (meeting photos, admin form), the run uploads:

1. 3 MiB documents: the first fits, the second does not fit the temporary copies Django
   makes while parsing the upload (a 507 page);
2. 500 kB, 64 kB and 4 kB documents until each is refused (the storage's write fails: a form
   error); a 3 MiB document in between is refused before parsing (the body spool: 507);
3. a photo while the disk is full (admin form error);
4. deletes the 3 MiB document, checks that the space came back and a document fits again;
5. photos until one is refused (its image or its thumbnail does not fit).

Then it compares the disk and the database with what was sent: every file on the tmpfs
must be a complete copy of an accepted upload (SHA-256; photos against the cleaned copy
`core.images.clean_photo` makes of what was sent), no temporary file may be left, every
row must have its complete files, and no refused upload may have a row or an audit entry.

Prints a table; with `--json`, one JSON object per row (keys: measure, value, unit, goal,
met), like `bench/load.py`. Exits 1 when a goal is not met, 2 when it cannot run (not root,
mount refused). The tmpfs is unmounted in any case.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from load import free_port, wait_until_healthy  # the same folder: bench/

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024
PAGE = 4096
#: The English messages (the pages are asked for under /en/).
FORM_REFUSAL = "The server has no room to store your file right now, so nothing was saved."
PAGE_REFUSAL = "No room on the server"
STAGING = re.compile(r"^\.upload-[0-9a-f]+\.part$")
MAX_ATTEMPTS = 60  # per phase: the disk is full long before


# --- Set-up ----------------------------------------------------------------------------------


def server_env(var_dir: Path, disk: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("SCALEUP_")}
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "SCALEUP_VAR_DIR": str(var_dir),
        "SCALEUP_MEDIA_ROOT": str(disk / "media"),
        "SCALEUP_PRIVATE_ROOT": str(disk / "private"),
        # Django's FILE_UPLOAD_TEMP_DIR is unset: uploads and ASGI body spools go to TMPDIR.
        "TMPDIR": str(disk / "tmp"),
        "SCALEUP_HTTPS": "0",
        "SCALEUP_TASKS": "immediate",
        "SCALEUP_LOG_LEVEL": "WARNING",
    }


PREPARE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", stdout=open("/dev/null", "w"))
from django.contrib.auth import get_user_model
from django.test import Client
from scaleup.meetings.models import Meeting
from scaleup.stakeholders.models import StakeholderGroup
sessions = {}
for who, email in [("facilitator", "facilitator@lubelskie.example"),
                   ("admin", "admin@scaleup.example")]:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    sessions[who] = client.cookies["sessionid"].value
group = StakeholderGroup.objects.get(slug="lubelskie")
meeting = Meeting.objects.filter(group=group).order_by("starts_at").first()
print(json.dumps({"sessions": sessions, "group": group.slug, "meeting": meeting.pk}))
"""


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """Migrations, the demo story, and the sessions of the two people who upload."""
    done = subprocess.run(
        [PYTHON, "-c", PREPARE], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [PYTHON, "-m", "scaleup.cli", "serve", "--no-worker", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "ab"),  # noqa: SIM115 - the server holds it until it stops
        start_new_session=True,
    )
    return wait_until_healthy(
        server, port, seconds=60, failure=f"the server did not come up; see {log}"
    )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# --- A small browser -------------------------------------------------------------------------


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, data, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Browser:
    port: int
    cookies: dict[str, str]

    def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, str, str]:
        """(status, Location, page text)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            # The admin has no language prefix: English, the language of the messages above.
            "Accept-Language": "en",
        }
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        return response.status, response.headers.get("Location", ""), text

    def csrf_from(self, path: str) -> str:
        status, _, _ = self.request("GET", path)
        if status != 200 or "csrftoken" not in self.cookies:
            raise SystemExit(f"GET {path} answered {status} without a CSRF cookie")
        return self.cookies["csrftoken"]

    def post(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
    ) -> tuple[int, str, str]:
        body, content_type = multipart(
            fields | {"csrfmiddlewaretoken": self.cookies["csrftoken"]}, files
        )
        return self.request("POST", path, body, content_type)


# --- The run ---------------------------------------------------------------------------------


@dataclass
class Attempt:
    kind: str  # "document" or "photo"
    label: str  # title or alt text, unique
    size: int
    outcome: str  # accepted, refused-form, refused-page, error
    status: int
    digests: tuple[str, ...] = ()  # SHA-256 of what must be on disk if accepted


@dataclass
class Run:
    attempts: list[Attempt] = field(default_factory=list)
    freed_bytes: int = 0
    deleted_size: int = 0
    after_delete: str = ""
    seconds: float = 0.0

    def count(self, kind: str | None, outcome: str) -> int:
        return sum(
            1
            for attempt in self.attempts
            if (kind is None or attempt.kind == kind) and attempt.outcome.startswith(outcome)
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf(size: int, rng: random.Random) -> bytes:
    head = b"%PDF-1.4\n%"
    return head + rng.randbytes(size - len(head))


def noisy_jpeg(rng: random.Random, width: int = 360, height: int = 240) -> bytes:
    from PIL import Image

    image = Image.frombytes("RGB", (width, height), rng.randbytes(3 * width * height))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def cleaned(data: bytes) -> tuple[bytes, bytes]:
    """What the server stores for a photo: the cleaned copy and its thumbnail."""
    from scaleup.core.images import clean_photo

    photo = clean_photo(io.BytesIO(data), name="photo.jpg")
    return photo.image.read(), photo.thumbnail.read()


def cleaned_digests(data: bytes) -> tuple[str, str]:
    image, thumbnail = cleaned(data)
    return sha256(image), sha256(thumbnail)


def pages(size: int) -> int:
    """Bytes a file of `size` takes on tmpfs (whole pages)."""
    return -(-size // PAGE) * PAGE


def classify(status: int, location: str, text: str, accepted_prefix: str) -> str:
    if status == 302 and accepted_prefix in location:
        return "accepted"
    if status == 200 and FORM_REFUSAL in text:
        return "refused-form"
    if status == 507 and PAGE_REFUSAL in text and "Traceback" not in text:
        return "refused-page"
    return "error"


class Uploader:
    def __init__(self, port: int, setup: dict[str, Any]) -> None:
        self.rng = random.Random(20240601)  # noqa: S311 - test data, not secrets
        self.facilitator = Browser(port, {"sessionid": setup["sessions"]["facilitator"]})
        self.admin = Browser(port, {"sessionid": setup["sessions"]["admin"]})
        self.documents = f"/en/workspace/groups/{setup['group']}/documents/"
        self.photos = "/admin/meetings/photo/add/"
        self.meeting = str(setup["meeting"])
        self.facilitator.csrf_from(self.documents)
        self.admin.csrf_from(self.photos)
        self.run = Run()
        self.serial = 0

    def document(self, size: int) -> Attempt:
        self.serial += 1
        data = pdf(size, self.rng)
        title = f"Disk-full bench document {self.serial}"
        status, location, text = self.facilitator.post(
            self.documents,
            {"title": title, "description": f"{size} bytes"},
            {"file": (f"bench-{self.serial}.pdf", data, "application/pdf")},
        )
        attempt = Attempt(
            "document",
            title,
            size,
            classify(status, location, text, self.documents),
            status,
            (sha256(data),),
        )
        self.run.attempts.append(attempt)
        return attempt

    def photo(self, data: bytes | None = None) -> Attempt:
        self.serial += 1
        data = data if data is not None else noisy_jpeg(self.rng)
        alt = f"Disk-full bench photo {self.serial}"
        status, location, text = self.admin.post(
            self.photos,
            {"meeting": self.meeting, "position": "0", "alt_text_pl": alt},
            {"image": (f"bench-{self.serial}.jpg", data, "image/jpeg")},
        )
        attempt = Attempt(
            "photo",
            alt,
            len(data),
            classify(status, location, text, "/admin/meetings/photo/"),
            status,
            cleaned_digests(data),
        )
        self.run.attempts.append(attempt)
        return attempt

    def until_refused(self, size: int) -> None:
        for _ in range(MAX_ATTEMPTS):
            if self.document(size).outcome != "accepted":
                return

    def delete_document(self, db: Path, title: str) -> None:
        with sqlite3.connect(db) as connection:
            (pk,) = connection.execute(
                "SELECT id FROM stakeholders_groupdocument WHERE title = ?", (title,)
            ).fetchone()
        status, _, _ = self.facilitator.post(f"/en/workspace/documents/{pk}/delete/", {}, {})
        if status != 302:
            raise SystemExit(f"deleting a document answered {status}")


def exercise(uploader: Uploader, disk: Path, db: Path) -> None:
    run = uploader.run
    big = uploader.document(3 * MIB)  # fits: both temporary copies and the file
    uploader.document(3 * MIB)  # does not fit the temporary copies: 507
    for size in (500_000,):
        uploader.until_refused(size)
    uploader.document(3 * MIB)  # the body spool itself does not fit: 507
    for size in (64_000, 4_000):
        uploader.until_refused(size)
    uploader.photo()  # the disk is full
    if big.outcome == "accepted":
        before = shutil.disk_usage(disk).free
        uploader.delete_document(db, big.label)
        big.outcome = "accepted-deleted"
        run.freed_bytes = shutil.disk_usage(disk).free - before
        run.deleted_size = big.size
        run.after_delete = uploader.document(500_000).outcome
    for _ in range(MAX_ATTEMPTS):
        if uploader.photo().outcome != "accepted":
            break
    thumbnail_does_not_fit(uploader, disk, db)


def thumbnail_does_not_fit(uploader: Uploader, disk: Path, db: Path) -> None:
    """Leave room for a photo's image but not its thumbnail, then upload it: the image is
    written whole, the thumbnail fails, and the image must go again."""
    data = noisy_jpeg(uploader.rng)
    image, thumbnail = cleaned(data)
    target = pages(len(image)) + pages(len(thumbnail)) // 2
    if shutil.disk_usage(disk).free < target:
        smaller = [
            a for a in uploader.run.attempts if a.kind == "document" and a.outcome == "accepted"
        ]
        uploader.delete_document(db, smaller[-1].label)
        smaller[-1].outcome = "accepted-deleted"
    filler = shutil.disk_usage(disk).free - target
    if filler >= PAGE:
        uploader.document(filler // PAGE * PAGE)
    uploader.photo(data)


# --- What is on the disk and in the database -------------------------------------------------


def disk_files(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under root."""
    return {
        str(path.relative_to(root)): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def verify(run: Run, disk: Path, db: Path, baseline: dict[str, str]) -> dict[str, Any]:
    now = disk_files(disk)
    new = {path: digest for path, digest in now.items() if path not in baseline}
    expected: dict[str, int] = {}
    for attempt in run.attempts:
        if attempt.outcome == "accepted":
            for digest in attempt.digests:
                expected[digest] = expected.get(digest, 0) + 1
    leftovers = [path for path in new if STAGING.match(Path(path).name) or path.startswith("tmp/")]
    unmatched = [
        path for path, digest in new.items() if digest not in expected and path not in leftovers
    ]
    found: dict[str, int] = {}
    for digest in new.values():
        found[digest] = found.get(digest, 0) + 1
    missing_copies = sum(max(count - found.get(digest, 0), 0) for digest, count in expected.items())

    with sqlite3.connect(db) as connection:
        documents = connection.execute(
            "SELECT title, file, size FROM stakeholders_groupdocument"
        ).fetchall()
        photos = connection.execute("SELECT alt_text_pl, image, thumbnail FROM meetings_photo")
        photo_rows = photos.fetchall()
        audited = {
            action: count
            for action, count in connection.execute(
                "SELECT action, COUNT(*) FROM core_auditentry WHERE action IN "
                "('stakeholders.document.added', 'meetings.photo.added') GROUP BY action"
            )
        }
    rows_without_file = 0
    for _, name, size in documents:
        path = disk / "private" / name
        if not path.is_file() or path.stat().st_size != size:
            rows_without_file += 1
    for _, image, thumbnail in photo_rows:
        for name in (image, thumbnail):
            if not (disk / "media" / name).is_file():
                rows_without_file += 1
    refused = {a.label for a in run.attempts if not a.outcome.startswith("accepted")}
    titles = {title for title, _, _ in documents} | {alt for alt, _, _ in photo_rows}
    accepted_documents = run.count("document", "accepted")
    accepted_photos = run.count("photo", "accepted")
    return {
        "partial": len(unmatched),
        "leftovers": len(leftovers),
        "missing_copies": missing_copies,
        "rows_without_file": rows_without_file,
        "refused_with_row": len(refused & titles),
        "audit": audited,
        "accepted_documents": accepted_documents,
        "accepted_photos": accepted_photos,
        "files_checked": len(new),
    }


def log_counts(log: Path) -> dict[str, int]:
    text = log.read_text(errors="replace") if log.exists() else ""
    return {
        "thumbnail": len(re.findall(r"Upload not stored: .*-thumb\.jpg", text)),
        "upload": text.count("Upload not stored"),
        "body": text.count("Request body not stored"),
        "traceback": text.count("Traceback"),
    }


# --- Report ----------------------------------------------------------------------------------


def rows_for(
    run: Run, checks: dict[str, Any], baseline_audit: dict[str, int], logs: dict[str, int]
) -> list[dict[str, Any]]:
    documents_audited = checks["audit"].get("stakeholders.document.added", 0) - baseline_audit.get(
        "stakeholders.document.added", 0
    )
    photos_audited = checks["audit"].get("meetings.photo.added", 0) - baseline_audit.get(
        "meetings.photo.added", 0
    )
    accepted = run.count(None, "accepted")
    rows: list[dict[str, Any]] = [
        {"measure": "uploads attempted", "value": len(run.attempts), "unit": "", "goal": ""},
        {"measure": "uploads accepted", "value": accepted, "unit": "", "goal": ">= 1"},
        {
            "measure": "  of which documents / photos",
            "value": f"{run.count('document', 'accepted')} / {run.count('photo', 'accepted')}",
            "unit": "",
            "goal": "",
        },
        {
            "measure": "uploads refused with the clear message",
            "value": run.count(None, "refused"),
            "unit": "",
            "goal": ">= 3",
        },
        {
            "measure": "  refused on the form (200, storage write failed)",
            "value": run.count(None, "refused-form"),
            "unit": "",
            "goal": ">= 1",
        },
        {
            "measure": "  refused before the form (507 page, upload temp full)",
            "value": run.count(None, "refused-page"),
            "unit": "",
            "goal": ">= 1",
        },
        {
            "measure": "  photos refused on the admin form",
            "value": run.count("photo", "refused-form"),
            "unit": "",
            "goal": ">= 1",
        },
        {
            "measure": "  photos refused at the thumbnail (image stored, then removed)",
            "value": logs["thumbnail"],
            "unit": "",
            "goal": ">= 1",
        },
        {
            "measure": "server errors or unclear answers",
            "value": run.count(None, "error"),
            "unit": "",
            "goal": "0",
            "detail": json.dumps(
                [a.status for a in run.attempts if a.outcome == "error"], ensure_ascii=False
            ),
        },
        {
            "measure": "files on disk not a complete copy of an accepted upload",
            "value": checks["partial"],
            "unit": "",
            "goal": "0",
        },
        {
            "measure": "temporary files left (.upload-*.part, upload temp dir)",
            "value": checks["leftovers"],
            "unit": "",
            "goal": "0",
        },
        {
            "measure": "accepted uploads missing on disk",
            "value": checks["missing_copies"],
            "unit": "",
            "goal": "0",
        },
        {
            "measure": "rows without their complete file",
            "value": checks["rows_without_file"],
            "unit": "",
            "goal": "0",
        },
        {
            "measure": "refused uploads with a row",
            "value": checks["refused_with_row"],
            "unit": "",
            "goal": "0",
        },
        {
            "measure": "audit entries beyond the accepted uploads",
            "value": (documents_audited - checks["accepted_documents"])
            + (photos_audited - checks["accepted_photos"]),
            "unit": "",
            "goal": "0",
        },
        {
            "measure": "files on the tmpfs checked",
            "value": checks["files_checked"],
            "unit": "",
            "goal": "",
        },
        {
            "measure": "space freed by deleting a 3 MiB document",
            "value": round(run.freed_bytes / MIB, 2),
            "unit": "MiB",
            "goal": ">= 3",
        },
        {
            "measure": "upload after the deletion",
            "value": run.after_delete or "not run",
            "unit": "",
            "goal": "accepted",
        },
        {
            "measure": "server log: warnings upload / request body not stored",
            "value": f"{logs['upload']} / {logs['body']}",
            "unit": "",
            "goal": "",
        },
        {"measure": "duration", "value": round(run.seconds, 1), "unit": "s", "goal": ""},
    ]
    for row in rows:
        row["met"] = _met(row)
    return rows


def _met(row: dict[str, Any]) -> bool | None:
    goal, value = row["goal"], row["value"]
    if not goal:
        return None
    if goal.startswith(">="):
        return float(value) >= float(goal[2:])
    return str(value) == goal


def print_table(rows: list[dict[str, Any]]) -> None:
    width = max(len(row["measure"]) for row in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {'unit':<4}  {'goal':<8}  met")
    for row in rows:
        met = {True: "yes", False: "NO", None: ""}[row["met"]]
        print(
            f"{row['measure']:<{width}}  {row['value']!s:>10}  {row['unit']:<4}  "
            f"{row['goal']:<8}  {met}"
        )


# --- Main ------------------------------------------------------------------------------------


def cannot_run(message: str) -> None:
    print(f"bench/disk_full.py cannot run: {message}", file=sys.stderr)
    sys.exit(2)


def mount_tmpfs(where: Path, size_mb: int) -> None:
    where.mkdir(parents=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        done = subprocess.CompletedProcess([], 1, "", str(error))
    if done.returncode != 0:
        shutil.rmtree(where.parent, ignore_errors=True)
        cannot_run(f"mounting a tmpfs at {where} failed: {done.stderr.strip()}")


def unmount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True, check=False).returncode:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def audit_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(
            connection.execute(
                "SELECT action, COUNT(*) FROM core_auditentry GROUP BY action"
            ).fetchall()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--size-mb", type=int, default=8, help="size of the full disk")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (not the mount)")
    args = parser.parse_args()

    if os.geteuid() != 0:
        cannot_run("it mounts a tmpfs, which needs root (run it as root).")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="scaleup-disk-full-"))
    disk = work / "disk"
    var_dir = work / "var"
    var_dir.mkdir()
    log = var_dir / "server.log"
    mount_tmpfs(disk, args.size_mb)
    server = None
    try:
        for folder in ("media", "private", "tmp"):
            (disk / folder).mkdir()
        env = server_env(var_dir, disk)
        os.environ.update({k: v for k, v in env.items() if k != "TMPDIR"})
        import django

        django.setup()  # clean_photo, to know what the server stores for a photo
        setup = prepare(env)
        db = var_dir / "db.sqlite3"
        baseline = disk_files(disk)
        baseline_audit = audit_counts(db)
        port = free_port()
        server = start_server(env, port, log)
        uploader = Uploader(port, setup)
        exercise(uploader, disk, db)
        time.sleep(0.2)  # the last request's temporary files are removed as it ends
        checks = verify(uploader.run, disk, db, baseline)
        stop_server(server)
        server = None
        uploader.run.seconds = time.monotonic() - started
        rows = rows_for(uploader.run, checks, baseline_audit, log_counts(log))
    finally:
        if server is not None:
            stop_server(server)
        unmount(disk)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print_table(rows)
    failed = [row["measure"].strip() for row in rows if row["met"] is False]
    if failed:
        print("goals not met: " + "; ".join(failed), file=sys.stderr)
        if args.keep:
            print(f"server log: {log}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
