"""`scaleup backup FILE` and `scaleup restore FILE`: a whole instance in one archive.

The round trip backs up the demo instance and restores it, in another process, into a
different and empty database and folders, then compares every row of every table and
every file. It runs on SQLite and on PostgreSQL (DATABASE_URL): on PostgreSQL the target is
a database of its own, created and dropped here.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from psycopg import sql

from scaleup.core import backup as backup_module
from scaleup.stakeholders.models import Organisation
from scaleup.stakeholders.tests.factories import OrganisationFactory

#: A test that backs up holds no transaction open on SQLite, whose backup API cannot read a
#: database while its own connection writes in it; pg_dump reads over a connection of its own.
BACKS_UP = pytest.mark.django_db(transaction=connection.vendor == "sqlite")

MEDIA_FILES = {
    "zdjęcia/łąka źródło.txt": "Zażółć gęślą jaźń\n".encode(),
    "a/b/c/deep.bin": bytes(range(256)) * 64,
    "empty.txt": b"",
}
PRIVATE_FILES = {
    "groups/1/protokół z posiedzenia.pdf": b"%PDF-1.7 not really\n",
    "groups/2/notes.txt": b"members only\n",
}


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def digests(root: Path) -> dict[str, str]:
    """Every file under root by its relative path, as a sha256."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def database_contents(database: BaseDatabaseWrapper) -> dict[str, list[Any]]:
    """Every row of every table, ordered by primary key, and where each sequence stands."""
    contents: dict[str, list[Any]] = {}
    quote_name = database.ops.quote_name
    with database.cursor() as cursor:
        introspection = database.introspection
        for table in sorted(introspection.table_names(cursor)):
            columns = introspection.get_primary_key_columns(cursor, table) or [
                column.name for column in introspection.get_table_description(cursor, table)
            ]
            order = ", ".join(quote_name(column) for column in columns)
            cursor.execute(f"SELECT * FROM {quote_name(table)} ORDER BY {order}")  # noqa: S608
            contents[table] = list(cursor.fetchall())
        if database.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        else:
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY sequencename"
            )
        contents["(sequences)"] = list(cursor.fetchall())
    return contents


@dataclass
class Instance:
    """An instance with a database and folders of its own, empty until restored into."""

    root: Path
    url: str
    database_name: str
    opened: list[BaseDatabaseWrapper] = field(default_factory=list)

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def private(self) -> Path:
        return self.root / "private"

    def restore(self, archive: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
        environment = {
            **os.environ,
            "DATABASE_URL": self.url,
            "SCALEUP_MEDIA_ROOT": str(self.media),
            "SCALEUP_PRIVATE_ROOT": str(self.private),
            "SCALEUP_VAR_DIR": str(self.root / "var"),
        }
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "scaleup.cli", "restore", str(archive), *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def database(self) -> BaseDatabaseWrapper:
        """A connection to the instance's database, made like the test database's."""
        options = {k: v for k, v in connection.settings_dict["OPTIONS"].items() if k != "pool"}
        settings_dict = {**connection.settings_dict, "NAME": self.database_name, "OPTIONS": options}
        database = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "restored")
        self.opened.append(database)
        return database


def _postgres_url(database: dict[str, Any], name: str) -> str:
    user = quote(database["USER"] or "", safe="")
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{database['HOST']}{port}/{name}"


@pytest.fixture
def empty_instance(tmp_path: Path) -> Iterator[Instance]:
    root = tmp_path / "restored"
    root.mkdir()
    if connection.vendor == "sqlite":
        path = root / "db.sqlite3"
        instance = Instance(root, f"sqlite:///{path}", str(path))
        yield instance
        for database in instance.opened:
            database.close()
        return
    source = connection.settings_dict
    name = f"test_scaleup_restore_{os.getpid()}"
    admin = psycopg.connect(
        dbname="postgres",
        user=source["USER"] or None,
        password=source["PASSWORD"] or None,
        host=source["HOST"] or None,
        port=source["PORT"] or None,
        autocommit=True,
    )
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    instance = Instance(root, _postgres_url(source, name), name)
    try:
        yield instance
    finally:
        for database in instance.opened:
            database.close()
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()


def back_up(path: Path) -> Path:
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def rewrite(archive: Path, renamed: dict[str, str], replaced: dict[str, bytes]) -> Path:
    """A copy of the archive (plain tar) with some members renamed, or their content replaced."""
    copy = archive.with_name(f"changed-{archive.name}")
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            data = replaced.get(member.name, data)
            member.name, member.size = renamed.get(member.name, member.name), len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


# --- The round trip ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows
def test_restore_rebuilds_an_identical_instance(
    settings: LazySettings, tmp_path: Path, empty_instance: Instance
):
    call_command("load_demo", stdout=io.StringIO())
    write_files(Path(settings.MEDIA_ROOT), MEDIA_FILES)
    write_files(Path(settings.PRIVATE_ROOT), PRIVATE_FILES)
    archive = back_up(tmp_path / "instance.tar.gz")

    result = empty_instance.restore(archive)

    assert result.returncode == 0, result.stderr
    assert str(archive) in result.stdout  # the summary line
    source = database_contents(connection)
    restored = database_contents(empty_instance.database())
    assert sum(len(rows) for rows in source.values()) > 1000  # the demo story is there
    assert sorted(restored) == sorted(source)
    assert [table for table in source if restored[table] != source[table]] == []
    media = digests(Path(settings.MEDIA_ROOT))
    assert set(MEDIA_FILES) < set(media)  # and the demo's meeting photos
    assert digests(empty_instance.media) == media
    assert digests(empty_instance.private) == digests(Path(settings.PRIVATE_ROOT))


# --- Refusals: nothing changes -------------------------------------------------------------


def _flip_a_byte_of_a_media_file(archive: Path) -> None:
    with tarfile.open(archive) as tar:
        member = next(m for m in tar if m.name.startswith("media/") and m.size > 0)
    data = bytearray(archive.read_bytes())
    data[member.offset_data] ^= 0xFF
    archive.write_bytes(bytes(data))


def _flip_a_byte_in_the_middle(archive: Path) -> None:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


@BACKS_UP
@pytest.mark.parametrize(
    ("name", "damage", "refusal"),
    [
        ("backup.tar", _flip_a_byte_of_a_media_file, "damaged: media/.* do not match"),
        # Garbage from the decompressor: unreadable, a tar that ends before its manifest, or
        # (where the flipped byte still decodes) a file whose checksum no longer matches, or a
        # member whose name the flip hit ("edia/empty.txt", seen in CI).
        (
            "backup.tar.gz",
            _flip_a_byte_in_the_middle,
            "Cannot read|no manifest.json|damaged: .* do not match|is not part of a scaleup backup",
        ),
    ],
    ids=["tar", "tar.gz"],
)
def test_a_damaged_archive_is_refused_and_changes_nothing(
    settings: LazySettings, tmp_path: Path, name: str, damage: Any, refusal: str
):
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)
    write_files(media, MEDIA_FILES)
    write_files(private, PRIVATE_FILES)
    archive = back_up(tmp_path / name)
    damage(archive)
    (media / "added-after-the-backup.txt").write_text("new")
    OrganisationFactory()
    before = (digests(media), digests(private), sorted(tmp_path.iterdir()))

    with pytest.raises(CommandError, match=refusal):
        call_command("restore", str(archive), "--force")  # past the check for data

    assert (digests(media), digests(private), sorted(tmp_path.iterdir())) == before
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "refusal"),
    [
        ("media/../escaped.txt", "outside its folder"),
        ("{tmp_path}/escaped.txt", "outside its folder"),
        ("media/link", "link"),
    ],
    ids=["dot-dot", "absolute", "symlink"],
)
def test_a_member_that_would_land_outside_its_folder_is_refused(
    settings: LazySettings, tmp_path: Path, member: str, refusal: str
):
    member = member.format(tmp_path=tmp_path)
    archive = tmp_path / "crafted.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo(member)
        if member.endswith("link"):
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
        else:
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    before = sorted(tmp_path.rglob("*"))

    with pytest.raises(CommandError, match=refusal):
        call_command("restore", str(archive))

    assert sorted(tmp_path.rglob("*")) == before


@BACKS_UP
def test_a_database_that_holds_data_is_replaced_only_with_force(tmp_path: Path):
    OrganisationFactory(name="Kept")
    archive = back_up(tmp_path / "backup.tar")

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))

    assert Organisation.objects.get().name == "Kept"


@BACKS_UP
def test_an_archive_of_the_other_database_vendor_is_refused(tmp_path: Path):
    ours = connection.vendor
    other = "postgresql" if ours == "sqlite" else "sqlite"
    archive = back_up(tmp_path / "backup.tar")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    dump, foreign_dump = backup_module.DUMPS[ours], backup_module.DUMPS[other]
    manifest["vendor"], manifest["database"] = other, foreign_dump
    for entry in manifest["files"]:
        if entry["path"] == dump:
            entry["path"] = foreign_dump
    foreign = rewrite(
        archive, {dump: foreign_dump}, {"manifest.json": json.dumps(manifest).encode()}
    )

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(foreign))

    names = backup_module.VENDOR_NAMES
    assert f"holds a {names[other]} database, but this instance uses {names[ours]}" in str(
        refused.value
    )


# --- A failed backup -----------------------------------------------------------------------


@BACKS_UP
def test_a_backup_that_fails_halfway_leaves_no_file(
    settings: LazySettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    write_files(Path(settings.MEDIA_ROOT), MEDIA_FILES)
    archives = tmp_path / "archives"
    archives.mkdir()
    added = backup_module._add_file

    def add_then_fail(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
        if name.startswith("media/"):
            raise OSError(28, "No space left on device")
        return added(archive, path, name)

    monkeypatch.setattr(backup_module, "_add_file", add_then_fail)

    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", str(archives / "backup.tar.gz"))

    assert list(archives.iterdir()) == []


@BACKS_UP
def test_the_archive_is_readable_by_its_owner_only(tmp_path: Path):
    archive = back_up(tmp_path / "backup.tar.gz")

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
