"""One archive holds a whole instance: `scaleup backup FILE` writes it, `scaleup restore FILE`
turns an empty instance (or, with --force, any instance) into an identical copy.

The database is dumped with the vendor's own tool, not `dumpdata`: only that gives back
every row, sequence and constraint exactly, and is consistent while the server writes.
The archive (a tar, gzipped unless FILE ends in .tar) holds:

    database/db.sqlite3 or database/db.pgdump   the dump (SQLite file, or pg_dump custom format)
    media/...                                   settings.MEDIA_ROOT (unless media are on S3)
    private/...                                 settings.PRIVATE_ROOT (group documents)
    manifest.json                               last: lists the rest; a cut-short archive has none

The manifest records the format version, when the archive was made (UTC), the database
vendor and dump member, the folders included, the applied migrations, the rows of every
table, and the path, size and sha256 of every member. A restore checks all of it before it
replaces anything, and checks the restored database against it afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: The dump's member in the archive, by `connection.vendor`.
DUMPS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FOLDER_NAMES = ("media", "private")
#: Tables `migrate` fills by itself: a freshly migrated database still counts as empty.
MIGRATE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
#: Tables the apps' own migrations fill with reference data (see `register_seeded_table`).
_seeded_tables: set[str] = set()


def register_seeded_table(table: str) -> None:
    """An app's migration seeds this table (a catalogue): those rows alone are no data that a
    restore would lose. Apps call it in `ready()`."""
    _seeded_tables.add(table)


SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
)
# Inside the restore's transaction: the archive's tables replace every table there is, so a
# table made by a newer migration cannot survive, nor block the drops with its foreign keys.
DROP_EVERY_TABLE = """DO $$
DECLARE found record;
BEGIN
    FOR found IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', found.tablename);
    END LOOP;
END $$;"""
#: How long the SQLite backup waits for a lock: tries x sleep seconds.
SQLITE_BUSY_TRIES = 200
SQLITE_BUSY_SLEEP = 0.05
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
SHOWN = 5


class BackupError(Exception):
    """The backup or restore stopped; the message says why, to the person at the console."""


class DatabaseNotEmptyError(BackupError):
    """The database to restore into holds data that a restore would replace."""

    def __init__(self, tables: list[str]) -> None:
        super().__init__(", ".join(tables))
        self.tables = tables


@dataclass(frozen=True)
class DatabaseFacts:
    """What the manifest says of a database, and what a restore checks it against."""

    tables: dict[str, int]
    migrations: list[tuple[str, str]]


@dataclass
class Summary:
    """What a backup wrote or a restore put back, for the command's last line."""

    archive: Path
    created_at: str
    vendor: str
    tables: int
    rows: int
    files: int
    bytes: int
    notes: list[str] = field(default_factory=list)

    @property
    def size(self) -> str:
        return str(filesizeformat(self.bytes))


class _Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> Any: ...


# --- Shared ---------------------------------------------------------------------------------


def configured_vendor() -> str:
    """The vendor of the configured database, refused early when there is no dump tool for it."""
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL databases, not %(vendor)s.")
            % {"vendor": connection.display_name}
        )
    return vendor


def file_folders() -> dict[str, Path]:
    """The instance's folders of files on disk, by their name in the archive.

    Media kept in an S3 bucket are not on this machine; the bucket is backed up with the
    storage provider's own tools (versioning, replication).
    """
    folders = {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}
    if getattr(settings, "MEDIA_S3_BUCKET", ""):
        del folders["media"]
    return folders


def _quote(name: str) -> str:
    """A table name as an SQL identifier; the same quoting suits SQLite and PostgreSQL."""
    return '"' + name.replace('"', '""') + '"'


def _facts(cursor: _Cursor, tables: list[str]) -> DatabaseFacts:
    """Rows per table and the applied migrations, read in the caller's (consistent) view."""
    counts: dict[str, int] = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a catalogued name
        counts[table] = int(cursor.fetchone()[0])
    migrations: list[tuple[str, str]] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [(str(app), str(name)) for app, name in cursor.fetchall()]
    return DatabaseFacts(counts, migrations)


def _sqlite_tables(database: sqlite3.Connection) -> list[str]:
    return [name for (name,) in database.execute(SQLITE_TABLES).fetchall()]


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's backup API, page by page from source to target, in one consistent step.

    It retries for as long as the source is locked; a lock held for many seconds (the same
    connection writing, or another process in a long write) stops it with an error rather
    than hanging the command.
    """
    busy = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal busy
        busy = busy + 1 if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) else 0
        if busy > SQLITE_BUSY_TRIES:
            raise BackupError(
                _("The SQLite database stayed locked by a write; try again when it is done.")
            )

    source.backup(target, progress=progress, sleep=SQLITE_BUSY_SLEEP)


def _client_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump, pg_restore and psql, from the Django settings."""
    options = database.get("OPTIONS") or {}
    environment = dict(os.environ)
    values = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSERVICE": options.get("service"),
    }
    environment.update({name: str(value) for name, value in values.items() if value})
    # DROP ... IF EXISTS on an empty database would print a notice per object.
    environment["PGOPTIONS"] = "-c client_min_messages=warning"
    return environment


def _run_client(program: str, arguments: list[str], database: Mapping[str, Any]) -> None:
    """Run a PostgreSQL client tool; its own error message is the clearest one there is."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _(
                "%(program)s was not found: install the PostgreSQL client tools "
                "(of the server's major version or newer)."
            )
            % {"program": program}
        )
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments built here
        [executable, *arguments],
        env=_client_environment(database),
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip() or result.returncode}
        )


def _first(names: list[str]) -> str:
    """A list of paths or tables short enough for one error line."""
    shown = ", ".join(names[:SHOWN])
    return shown if len(names) <= SHOWN else f"{shown} (+{len(names) - SHOWN})"


# --- Backup ---------------------------------------------------------------------------------


class _Hashing:
    """A file on its way into the archive: the checksum is of exactly the bytes archived,
    read once, however the file changes on disk meanwhile."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    """Archive one file as `name`, and return its manifest entry."""
    with path.open("rb") as stream:
        status = os.fstat(stream.fileno())
        member = tarfile.TarInfo(name)
        member.size = status.st_size
        member.mtime = int(status.st_mtime)
        member.mode = stat.S_IMODE(status.st_mode)
        reader = _Hashing(stream)
        archive.addfile(member, reader)
    return {"path": name, "size": member.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    member.mode = 0o644
    archive.addfile(member, io.BytesIO(data))


def _files_under(root: Path, skip: Path) -> tuple[list[tuple[Path, str]], list[Path]]:
    """The regular files under root (path, name relative to root), and what was left out.

    Links are not followed: a link could lead anywhere on the machine, and a restore could
    not put it back as one.
    """
    files: list[tuple[Path, str]] = []
    left_out: list[Path] = []
    if not root.is_dir():
        return files, left_out
    for directory, subfolders, names in os.walk(root):
        here = Path(directory)
        left_out += [here / name for name in subfolders if (here / name).is_symlink()]
        subfolders[:] = sorted(name for name in subfolders if here / name != skip)
        for name in sorted(names):
            path = here / name
            if path.is_symlink() or not path.is_file():
                left_out.append(path)
            else:
                files.append((path, path.relative_to(root).as_posix()))
    return files, left_out


def _dump_sqlite(dump: Path) -> DatabaseFacts:
    """SQLite's online backup: a consistent copy while the server keeps writing (WAL)."""
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(dump)) as copy:
        _sqlite_copy(connection.connection, copy)
        # The copy stands alone: no -wal file beside it when it is opened again.
        copy.execute("PRAGMA journal_mode=DELETE")
        return _facts(copy.cursor(), _sqlite_tables(copy))


def _dump_postgresql(dump: Path) -> DatabaseFacts:
    """pg_dump of one snapshot, counted in that same snapshot, so the manifest's row counts
    are those of the dump even while the server writes."""
    reader = connections.create_connection(DEFAULT_DB_ALIAS)  # not the caller's transaction
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            _run_client(
                "pg_dump",
                [
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                reader.settings_dict,
            )
            facts = _facts(cursor, reader.introspection.table_names(cursor))
            cursor.execute("ROLLBACK")
    finally:
        reader.close()
    return facts


def backup(target: Path) -> Summary:
    """Write the instance to `target` (.tar.gz, or .tar): the database first, then the files,
    which uploads only ever add to, so every file the dump refers to is in the archive.

    Everything is written beside `target` under a hidden name and renamed into place last:
    a backup that fails leaves no `target`, and never a half-written one.
    """
    vendor = configured_vendor()
    target = target.absolute()
    if target.is_dir():
        raise BackupError(_("%(file)s is a folder: name the archive to write.") % {"file": target})
    folders = file_folders()
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise BackupError(
            _("Cannot write %(file)s: %(reason)s") % {"file": target, "reason": exc.strerror}
        ) from exc
    try:
        dump = work / "dump"
        facts = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgresql(dump)
        entries: list[dict[str, Any]] = []
        notes: list[str] = []
        partial = work / "archive"
        # Password hashes and members-only documents: for the owner's eyes only.
        with open(partial, "xb", opener=_private_opener) as raw:
            with _open_for_writing(raw, compressed=not target.name.endswith(".tar")) as archive:
                entries.append(_add_file(archive, dump, DUMPS[vendor]))
                for folder, root in folders.items():
                    files, left_out = _files_under(root, skip=work)
                    for path, name in files:
                        entries.append(_add_file(archive, path, f"{folder}/{name}"))
                    if left_out:
                        notes.append(
                            _("Left out links and special files: %(paths)s")
                            % {"paths": _first([str(path) for path in left_out])}
                        )
                manifest = {
                    "format_version": FORMAT_VERSION,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "vendor": vendor,
                    "database": DUMPS[vendor],
                    "folders": sorted(folders),
                    "migrations": [{"app": app, "name": name} for app, name in facts.migrations],
                    "tables": facts.tables,
                    "files": entries,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(
            _("The backup failed and %(file)s was not written: %(reason)s")
            % {"file": target, "reason": exc}
        ) from exc
    except DatabaseError as exc:
        raise BackupError(_("The database cannot be read: %(error)s") % {"error": exc}) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if "media" not in folders:
        notes.append(_("Media are in an S3 bucket and not in the archive: back the bucket up."))
    return Summary(
        archive=target,
        created_at=str(manifest["created_at"]),
        vendor=vendor,
        tables=len(facts.tables),
        rows=sum(facts.tables.values()),
        files=len(entries) - 1,
        bytes=sum(entry["size"] for entry in entries),
        notes=notes,
    )


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def _open_for_writing(raw: IO[bytes], *, compressed: bool) -> tarfile.TarFile:
    if compressed:
        # Photos and PDFs hardly compress: a middle level spends less time for the same size.
        return tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT)
    return tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT)


# --- Restore --------------------------------------------------------------------------------


def tables_with_data() -> list[str]:
    """Tables of the configured database with rows that `migrate` did not put there."""
    occupied: list[str] = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in MIGRATE_TABLES or table in _seeded_tables or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                occupied.append(table)
    return occupied


@dataclass
class _Folder:
    """A folder of files being restored: the archive's copy is unpacked into `work`, on the
    folder's own filesystem, so that putting it in place is a rename.

    `work` is beside the folder, or inside it when the folder is a mount point (which
    cannot be renamed); then its entries are swapped one by one.
    """

    root: Path
    work: Path
    mounted: bool

    @property
    def staged(self) -> Path:
        return self.work / "new"

    @classmethod
    def create(cls, root: Path) -> _Folder:
        root = root.resolve()
        mounted = os.path.ismount(root)
        base = root if mounted else root.parent
        base.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{root.name}.restore-", dir=base))
        (work / "new").mkdir()
        return cls(root, work, mounted)

    def swap(self, undo: list[Callable[[], None]]) -> None:
        """Put the staged copy in place; each rename done is recorded in `undo`."""
        if not self.mounted:
            if self.root.is_dir():
                shutil.copymode(self.root, self.staged)
            if self.root.exists():
                _rename(self.root, self.work / "old", undo)
            _rename(self.staged, self.root, undo)
            return
        old = self.work / "old"
        old.mkdir()
        for entry in sorted(self.root.iterdir()):
            if entry != self.work:
                _rename(entry, old / entry.name, undo)
        for entry in sorted(self.staged.iterdir()):
            _rename(entry, self.root / entry.name, undo)


def _rename(source: Path, destination: Path, undo: list[Callable[[], None]]) -> None:
    os.rename(source, destination)
    undo.append(lambda: os.rename(destination, source))


@dataclass
class _Staging:
    """Where the archive is unpacked and checked before anything is replaced."""

    folders: dict[str, _Folder]
    database: Path

    def destination(self, name: str) -> Path | None:
        """Where a member is unpacked; None for a folder this instance does not keep on disk
        (media in S3), whose members are only checked."""
        top, *rest = PurePosixPath(name).parts
        if top == "database":
            return self.database.joinpath(*rest)
        folder = self.folders.get(top)
        return None if folder is None else folder.staged.joinpath(*rest)


@contextlib.contextmanager
def _staging(roots: dict[str, Path]) -> Iterator[_Staging]:
    folders: dict[str, _Folder] = {}
    scratch: Path | None = None
    try:
        for name, root in roots.items():
            folders[name] = _Folder.create(root)
        if folders:
            database = next(iter(folders.values())).work / "database"
        else:
            scratch = Path(tempfile.mkdtemp(prefix=".scaleup-restore-"))
            database = scratch / "database"
        database.mkdir()
        yield _Staging(folders, database)
    finally:
        for folder in folders.values():
            shutil.rmtree(folder.work, ignore_errors=True)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _checked_name(member: tarfile.TarInfo, folders: list[str]) -> str:
    """The member's path, or a refusal: a backup holds plain files in its own folders only,
    so nothing in it can write outside the folder it is unpacked into."""
    path = PurePosixPath(member.name)
    if not (member.isfile() or member.isdir()):
        raise BackupError(
            _("The archive member %(name)s is a link or a special file; a backup has none.")
            % {"name": member.name}
        )
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(
            _("The archive member %(name)s points outside its folder; refusing the archive.")
            % {"name": member.name}
        )
    name = path.as_posix()
    if name == MANIFEST or (member.isdir() and name in (*folders, "database")):
        return name
    if name in DUMPS.values() or (len(path.parts) > 1 and path.parts[0] in folders):
        return name
    raise BackupError(
        _("The archive member %(name)s is not part of a scaleup backup.") % {"name": member.name}
    )


def _unpack_member(
    source: IO[bytes], destination: Path | None, member: tarfile.TarInfo
) -> tuple[int, str]:
    """Write one member out (unless it has no destination), and return its size and sha256."""
    digest = hashlib.sha256()
    size = 0
    with contextlib.ExitStack() as stack:
        out: IO[bytes] | None = None
        if destination is not None:
            destination.parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(destination.open("xb"))
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    if destination is not None:
        os.chmod(destination, member.mode & 0o777)
        os.utime(destination, (member.mtime, member.mtime))
    return size, digest.hexdigest()


def _unpack(archive: Path, staging: _Staging) -> dict[str, Any]:
    """Unpack every member into the staging folders and check it all against the manifest."""
    found: dict[str, tuple[int, str]] = {}
    manifest_data: bytes | None = None
    known_folders = list(FOLDER_NAMES)
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                name = _checked_name(member, known_folders)
                if member.isdir():
                    continue
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(
                        _("The archive holds %(name)s twice; refusing the archive.")
                        % {"name": name}
                    )
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - only regular files get here
                    continue
                if name == MANIFEST:
                    manifest_data = source.read(MAX_MANIFEST_BYTES + 1)
                else:
                    found[name] = _unpack_member(source, staging.destination(name), member)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            _("Cannot read %(file)s: %(reason)s") % {"file": archive, "reason": exc}
        ) from exc
    if manifest_data is None:
        raise BackupError(
            _(
                "%(file)s has no manifest.json: it is not a scaleup backup, or it is cut "
                "short or damaged."
            )
            % {"file": archive}
        )
    manifest = _parsed_manifest(manifest_data)
    _check_members(manifest, found)
    return manifest


def _parsed_manifest(data: bytes) -> dict[str, Any]:
    """The manifest, its shape checked, so the rest can rely on it."""
    try:
        if len(data) > MAX_MANIFEST_BYTES:
            raise ValueError("too large")
        manifest = json.loads(data)
        version = manifest["format_version"]
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise BackupError(
                _("The archive has format %(version)s, newer than this scaleup reads (%(ours)s).")
                % {"version": version, "ours": FORMAT_VERSION}
            )
        assert version == FORMAT_VERSION
        assert manifest["vendor"] in DUMPS
        assert manifest["database"] == DUMPS[manifest["vendor"]]
        assert set(manifest["folders"]) <= set(FOLDER_NAMES)
        assert isinstance(manifest["created_at"], str)
        assert all(isinstance(count, int) for count in manifest["tables"].values())
        assert all({"app", "name"} <= set(row) for row in manifest["migrations"])
        for entry in manifest["files"]:
            assert isinstance(entry["path"], str)
            assert isinstance(entry["size"], int)
            assert isinstance(entry["sha256"], str)
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError) as exc:
        raise BackupError(_("The archive's manifest.json is not valid.")) from exc
    return manifest


def _check_members(manifest: dict[str, Any], found: dict[str, tuple[int, str]]) -> None:
    """Every member as the manifest lists it, and nothing else."""
    expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    damaged = sorted(name for name in expected if name in found and found[name] != expected[name])
    missing = sorted(name for name in expected if name not in found)
    unlisted = sorted(name for name in found if name not in expected)
    outside = sorted(
        name
        for name in expected
        if name != manifest["database"] and PurePosixPath(name).parts[0] not in manifest["folders"]
    )
    if damaged:
        raise BackupError(
            _("The archive is damaged: %(paths)s do not match their checksums.")
            % {"paths": _first(damaged)}
        )
    if missing or manifest["database"] not in expected:
        raise BackupError(
            _("The archive is incomplete: %(paths)s are missing.")
            % {"paths": _first(missing or [manifest["database"]])}
        )
    if unlisted or outside:
        raise BackupError(
            _("The archive holds files its manifest does not list: %(paths)s.")
            % {"paths": _first(unlisted or outside)}
        )


def _restore_sqlite(dump: Path) -> DatabaseFacts:
    """The dump copied page by page into the configured database, in one step: SQLite's
    backup API replaces the whole database, tables it did not have included."""
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(dump)) as source:
        _sqlite_copy(source, connection.connection)
    return _facts(connection.connection.cursor(), _sqlite_tables(connection.connection))


def _restore_postgresql(dump: Path) -> DatabaseFacts:
    """pg_restore's script run by psql in a single transaction, after dropping every table:
    all of it happens, or none of it does (pg_restore --clean alone drops only the archive's
    own tables, and fails on a foreign key from a table a newer migration made)."""
    database = connection.settings_dict
    connection.close()  # nothing of this process holds a lock on the tables to be dropped
    script = dump.with_suffix(".sql")
    _run_client(
        "pg_restore",
        ["--no-owner", "--no-privileges", "--clean", "--if-exists", f"--file={script}", str(dump)],
        database,
    )
    _run_client(
        "psql",
        [
            "--no-psqlrc",
            "--quiet",
            "--set=ON_ERROR_STOP=1",
            "--single-transaction",
            f"--command={DROP_EVERY_TABLE}",
            f"--file={script}",
        ],
        database,
    )
    script.unlink()
    with connection.cursor() as cursor:
        return _facts(cursor, connection.introspection.table_names(cursor))


def _migration_notes() -> list[str]:
    """What the restored database needs before this scaleup serves it."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    replaced = {key for migration in loader.replacements.values() for key in migration.replaces}
    unknown = sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if (app, name) not in loader.graph.nodes and (app, name) not in replaced
    )
    pending = executor.migration_plan(loader.graph.leaf_nodes())
    notes = []
    if unknown:
        notes.append(
            _("The database has migrations this scaleup does not know (%(names)s): upgrade it.")
            % {"names": _first(unknown)}
        )
    if pending:
        notes.append(
            _("%(count)d migrations of this scaleup are not applied: run `scaleup migrate`.")
            % {"count": len(pending)}
        )
    return notes


def restore(archive: Path, *, force: bool = False) -> Summary:
    """Make this instance a copy of the archive's: its database, then its files.

    Nothing is replaced until the whole archive is unpacked beside its destinations and
    checked against the manifest; a wrong, damaged or foreign archive changes nothing. The
    database is replaced in one transaction, each folder by a rename.
    """
    vendor = configured_vendor()
    try:
        occupied = [] if force else tables_with_data()
    except DatabaseError as exc:
        raise BackupError(_("The database cannot be read: %(error)s") % {"error": exc}) from exc
    if occupied:
        raise DatabaseNotEmptyError(occupied)
    roots = file_folders()
    notes: list[str] = []
    try:
        with _staging(roots) as staging:
            manifest = _unpack(archive.absolute(), staging)
            if manifest["vendor"] != vendor:
                raise BackupError(
                    _(
                        "%(file)s holds a %(archived)s database, but this instance uses "
                        "%(configured)s: restore it where DATABASE_URL names a %(archived)s "
                        "database."
                    )
                    % {
                        "file": archive,
                        "archived": VENDOR_NAMES[manifest["vendor"]],
                        "configured": VENDOR_NAMES[vendor],
                    }
                )
            dump = staging.database / PurePosixPath(manifest["database"]).name
            restored = _restore_sqlite(dump) if vendor == "sqlite" else _restore_postgresql(dump)
            expected = DatabaseFacts(
                manifest["tables"],
                [(row["app"], row["name"]) for row in manifest["migrations"]],
            )
            if restored != expected:
                raise BackupError(
                    _("The restored database does not match the archive's manifest: %(tables)s.")
                    % {"tables": _first(_differences(expected, restored))}
                )
            undo: list[Callable[[], None]] = []
            try:
                for name, folder in staging.folders.items():
                    if name in manifest["folders"]:
                        folder.swap(undo)
            except OSError:
                for step in reversed(undo):
                    with contextlib.suppress(OSError):
                        step()
                raise
            notes += _migration_notes()
            connection.close()  # SQLite: the write-ahead log is folded into the file
    except OSError as exc:
        raise BackupError(
            _("The restore from %(file)s failed: %(reason)s") % {"file": archive, "reason": exc}
        ) from exc
    except DatabaseError as exc:
        raise BackupError(
            _("The database refused the restore: %(error)s") % {"error": exc}
        ) from exc
    for name in sorted(set(manifest["folders"]) - set(roots)):
        notes.append(
            _("The archive's %(folder)s files were not restored: this instance keeps them in S3.")
            % {"folder": name}
        )
    folders = [name for name in manifest["folders"] if name in roots]
    return Summary(
        archive=archive,
        created_at=manifest["created_at"],
        vendor=vendor,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=sum(1 for e in manifest["files"] if PurePosixPath(e["path"]).parts[0] in folders),
        bytes=sum(entry["size"] for entry in manifest["files"]),
        notes=notes,
    )


def _differences(expected: DatabaseFacts, restored: DatabaseFacts) -> list[str]:
    tables = sorted(set(expected.tables) | set(restored.tables))
    different = [
        f"{table} ({restored.tables.get(table)} rows, not {expected.tables.get(table)})"
        for table in tables
        if expected.tables.get(table) != restored.tables.get(table)
    ]
    if expected.migrations != restored.migrations:
        different.append("django_migrations")
    return different
