"""Import of CORDIS participation data (`scaleup import-cordis DIR --group SLUG`).

Two layouts are read:

- the official CORDIS download: `organization.csv` (one row per organisation and project,
  with name, SME flag, activity type, country and NUTS code; semicolon-separated) and,
  when present, `project.csv` (whose ids the participations must name);
- the cleaned Horizon 2020 table of github.com/zambujo/eunets: `h2020.csv.gz` (project
  `rcn`, organisation `pic`, activity `type`, `country`; no names, no SME flag), enriched
  with names, SME flags and cities from any `h2020_organizations_*.csv` beside it
  (matched on organisationID = pic).

Organisations are found by PIC, then by name; new ones are created (named "PIC …" when
the data has no name). Every pair of organisations that took part in the same project gets
one joint-project tie in the group's network, weighted by the number of projects they
shared. All or nothing: every problem is reported as file, row and column, and nothing is
saved while any remains.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.core.audit import record
from scaleup.network import services
from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup

SOURCE_NAME = "CORDIS"
PIC_PATTERN = re.compile(r"[0-9]{1,12}")
BATCH = 5000

#: CORDIS activityType -> organisation kind; PRC depends on the SME flag.
KIND_OF_ACTIVITY = {
    "HES": OrganisationKind.UNIVERSITY,
    "REC": OrganisationKind.UNIVERSITY,
    "PUB": OrganisationKind.PUBLIC_BODY,
    "OTH": OrganisationKind.OTHER,
}
ACTIVITY_TYPES = ("PRC", *KIND_OF_ACTIVITY)
CLUSTER_WORDS = ("cluster", "klaster", "clúster", "cluster-", "pôle de compétitivité")
TRUE_WORDS = {"true", "1", "yes", "y", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "f"}

Progress = Callable[[str, int, int], None]


class CordisError(Exception):
    """The folder cannot be imported; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(_("The CORDIS data has errors; nothing was imported."))


@dataclass
class OrganisationData:
    pic: str
    activity: str
    sme: bool | None = None
    name: str = ""
    city: str = ""
    country: str = ""
    nuts: str = ""

    def kind(self) -> str:
        if any(word in self.name.casefold() for word in CLUSTER_WORDS):
            return OrganisationKind.CLUSTER
        if self.activity == "PRC":
            if self.sme is None:
                return OrganisationKind.ENTERPRISE
            return OrganisationKind.SME if self.sme else OrganisationKind.LARGE_ENTERPRISE
        return KIND_OF_ACTIVITY[self.activity]


@dataclass
class Participations:
    """What a folder holds: organisations by PIC, and (project, PIC) pairs."""

    organisations: dict[str, OrganisationData] = field(default_factory=dict)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportCounts:
    organisations_created: int
    organisations_matched: int
    projects: int
    ties_created: int
    ties_updated: int


def _problem(file: Path, row: int, column: str, message: str) -> str:
    return _("%(file)s, row %(row)d, column %(column)s: %(message)s") % {
        "file": file.name,
        "row": row,
        "column": column,
        "message": message,
    }


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows keyed by column, numbered as a spreadsheet shows them (header = row 1)."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CordisError([_("%(file)s is not UTF-8 text.") % {"file": path.name}]) from exc
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    for number, row in enumerate(reader, start=2):
        yield number, {key.strip(): (value or "").strip() for key, value in row.items() if key}


def _require(path: Path, columns: tuple[str, ...]) -> list[str]:
    header = _header(path)
    return [
        _problem(path, 1, column, _("the required column is missing."))
        for column in columns
        if column not in header
    ]


def _header(path: Path) -> list[str]:
    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as stream:
        raw = stream.read(65536)
    line = raw.decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    delimiter = ";" if line.count(";") > line.count(",") else ","
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]


def _sme(value: str) -> bool | str | None:
    lowered = value.casefold()
    if not lowered:
        return None
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return value  # not a flag: reported by the caller


def _add_organisation(found: Participations, data: OrganisationData) -> None:
    known = found.organisations.get(data.pic)
    if known is None:
        found.organisations[data.pic] = data
        return
    # The first non-empty value wins; a later row may fill what an earlier one lacked.
    for name in ("name", "city", "country", "nuts"):
        if not getattr(known, name) and getattr(data, name):
            setattr(known, name, getattr(data, name))
    if known.sme is None:
        known.sme = data.sme


def _read_official(directory: Path, found: Participations) -> None:
    organisation_file = directory / "organization.csv"
    columns = ("projectID", "organisationID", "name", "SME", "activityType", "country")
    found.files.append(organisation_file.name)
    found.problems.extend(_require(organisation_file, columns))
    if found.problems:
        return
    projects: set[str] | None = None
    project_file = directory / "project.csv"
    if project_file.exists():
        found.files.append(project_file.name)
        found.problems.extend(_require(project_file, ("id",)))
        projects = {row["id"] for _, row in _rows(project_file)}
    for number, row in _rows(organisation_file):
        _read_participation(
            found,
            organisation_file,
            number,
            project=row.get("projectID", ""),
            pic=row.get("organisationID", ""),
            activity=row.get("activityType", ""),
            sme=row.get("SME", ""),
            name=row.get("name", ""),
            city=row.get("city", ""),
            country=row.get("country", ""),
            nuts=row.get("nutsCode", ""),
            projects=projects,
            project_column="projectID",
            pic_column="organisationID",
            activity_column="activityType",
        )


def _read_participation(
    found: Participations,
    path: Path,
    number: int,
    *,
    project: str,
    pic: str,
    activity: str,
    sme: str,
    name: str,
    city: str,
    country: str,
    nuts: str,
    projects: set[str] | None,
    project_column: str,
    pic_column: str,
    activity_column: str,
) -> None:
    problems = []
    if not project:
        problems.append(_problem(path, number, project_column, _("the project is missing.")))
    elif projects is not None and project not in projects:
        problems.append(
            _problem(
                path,
                number,
                project_column,
                _("project %(id)s is not in project.csv.") % {"id": project},
            )
        )
    if not PIC_PATTERN.fullmatch(pic):
        problems.append(
            _problem(
                path,
                number,
                pic_column,
                _("the PIC must be 1 to 12 digits, not %(value)r.") % {"value": pic},
            )
        )
    if activity not in ACTIVITY_TYPES:
        problems.append(
            _problem(
                path,
                number,
                activity_column,
                _("unknown activity type %(value)r; expected one of %(types)s.")
                % {"value": activity, "types": ", ".join(ACTIVITY_TYPES)},
            )
        )
    flag = _sme(sme)
    if isinstance(flag, str):
        problems.append(
            _problem(
                path, number, "SME", _("expected True or False, not %(value)r.") % {"value": flag}
            )
        )
    if len(country) > 2:
        problems.append(_problem(path, number, "country", _("expected a two-letter country code.")))
    if problems:
        found.problems.extend(problems)
        return
    found.pairs.add((project, pic))
    _add_organisation(
        found,
        OrganisationData(
            pic=pic,
            activity=activity,
            sme=flag if isinstance(flag, bool) else None,
            name=name[:200],
            city=city[:100],
            country=country.upper(),
            nuts=nuts[:5].upper(),
        ),
    )


def _read_eunets(table: Path, samples: list[Path], found: Participations) -> None:
    found.files.append(table.name)
    found.problems.extend(_require(table, ("rcn", "pic", "type", "country")))
    if found.problems:
        return
    for number, row in _rows(table):
        _read_participation(
            found,
            table,
            number,
            project=row.get("rcn", ""),
            pic=row.get("pic", ""),
            activity=row.get("type", ""),
            sme="",
            name="",
            city="",
            country=row.get("country", ""),
            nuts="",
            projects=None,
            project_column="rcn",
            pic_column="pic",
            activity_column="type",
        )
    for sample in samples:
        found.files.append(sample.name)
        problems = _require(sample, ("organisationID", "name", "SME"))
        if problems:
            found.problems.extend(problems)
            continue
        for number, row in _rows(sample):
            known = found.organisations.get(row.get("organisationID", ""))
            if known is None:
                continue  # an organisation of a later project: not in the table
            flag = _sme(row.get("SME", ""))
            if isinstance(flag, str):
                found.problems.append(
                    _problem(
                        sample,
                        number,
                        "SME",
                        _("expected True or False, not %(value)r.") % {"value": flag},
                    )
                )
                continue
            _add_organisation(
                found,
                OrganisationData(
                    pic=known.pic,
                    activity=known.activity,
                    sme=flag,
                    name=row.get("name", "")[:200],
                    city=row.get("city", "")[:100],
                    nuts=row.get("nutsCode", "")[:5].upper(),
                ),
            )


def read_folder(directory: Path) -> Participations:
    """Find and read the CORDIS files in `directory` (searched recursively)."""
    found = Participations()
    if not directory.is_dir():
        raise CordisError([_("%(dir)s is not a folder.") % {"dir": directory}])
    official = sorted(directory.rglob("organization.csv"))
    eunets = sorted(directory.rglob("h2020.csv.gz")) + sorted(directory.rglob("h2020.csv"))
    if official:
        _read_official(official[0].parent, found)
    elif eunets:
        _read_eunets(eunets[0], sorted(directory.rglob("h2020_organizations_*.csv")), found)
    else:
        raise CordisError(
            [
                _(
                    "%(dir)s holds neither CORDIS's organization.csv nor an h2020.csv.gz "
                    "participation table."
                )
                % {"dir": directory}
            ]
        )
    if found.problems:
        raise CordisError(found.problems)
    if not found.pairs:
        raise CordisError([_("The CORDIS files hold no participations.")])
    return found


def _organisations(found: Participations, progress: Progress) -> tuple[dict[str, int], int, int]:
    """Organisation id per PIC: matched by PIC, then by name, else created."""
    by_pic = dict(Organisation.objects.exclude(pic="").values_list("pic", "id"))
    by_name = {
        name.casefold(): (pk, pic)
        for pk, name, pic in Organisation.objects.values_list("id", "name", "pic")
    }
    ids: dict[str, int] = {}
    new: list[Organisation] = []
    attach: list[tuple[int, str]] = []  # (organisation id, PIC) for names found without one
    for data in found.organisations.values():
        if data.pic in by_pic:
            ids[data.pic] = by_pic[data.pic]
            continue
        name = data.name or f"PIC {data.pic}"
        same_name = by_name.get(name.casefold())
        if same_name is not None and not same_name[1]:
            ids[data.pic] = same_name[0]
            attach.append((same_name[0], data.pic))
            by_name[name.casefold()] = (same_name[0], data.pic)
            continue
        if same_name is not None:
            name = f"{name[:180]} (PIC {data.pic})"
        by_name[name.casefold()] = (0, data.pic)
        new.append(
            Organisation(
                name=name,
                kind=data.kind(),
                pic=data.pic,
                city=data.city,
                country=data.country or "",
                nuts_code=data.nuts,
            )
        )
    for pk, pic in attach:
        Organisation.objects.filter(pk=pk).update(pic=pic, updated_at=timezone.now())
    for start in range(0, len(new), BATCH):
        batch = Organisation.objects.bulk_create(new[start : start + BATCH])
        for organisation in batch:
            ids[organisation.pic] = organisation.pk
        progress(_("organisations"), min(start + BATCH, len(new)), len(new))
    if not new:
        progress(_("organisations"), 1, 1)
    return ids, len(new), len(ids) - len(new)


TIE_COLUMNS = (
    "created_at",
    "updated_at",
    "group_id",
    "source_id",
    "target_id",
    "kind",
    "weight",
    "source_name",
    "evidence",
)


#: Rows per INSERT: below SQLite's 32,766 and PostgreSQL's 65,535 parameters a statement.
INSERT_ROWS = 30_000 // len(TIE_COLUMNS)

#: From this many new ties on, PostgreSQL checks the ties' foreign keys once, over the whole
#: table, instead of once a row at commit: for CORDIS's 800,000 ties, 1 s instead of 20 s.
BULK_CHECK_ROWS = 50_000


@contextmanager
def _foreign_keys_checked_once(table: str) -> Iterator[None]:
    """Drop the table's foreign keys for the block, then add them back, which checks every
    row in one query. Inside the import's transaction: a failure restores them, and other
    sessions wait for the table until the import commits (a large import is an admin's job)."""
    if not connection.in_atomic_block:
        raise RuntimeError("foreign keys may be dropped only inside a transaction")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Checks still pending in the transaction (rows just written to the tables the keys
        # point to) would forbid the ALTER TABLEs: run them now, then defer again after.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        keys = cursor.fetchall()
        for name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _insert_ties(
    *,
    group_id: int,
    stamp: Any,
    ties: list[tuple[int, int, float]],
    progress: Callable[[int], None],
) -> None:
    """(source id, target id, weight) joint-project ties. Not through Tie objects: for
    800,000 ties, making them costs more than the database's own work; the table's
    constraints still check every row."""
    if not ties:
        return
    quote = connection.ops.quote_name
    table = Tie._meta.db_table
    columns = ", ".join(quote(column) for column in TIE_COLUMNS)
    if connection.vendor == "postgresql":
        # COPY of ready-made text lines: the fastest way in, several times faster than
        # INSERTs, and twice as fast as handing psycopg one row at a time. Every value is a
        # number, a fixed word or a timestamp, none needs COPY's escaping.
        fixed_before = f"{stamp.isoformat()}\t{stamp.isoformat()}\t{int(group_id)}\t"
        fixed_after = f"\t{SOURCE_NAME}\t\n"
        kind = TieKind.JOINT_PROJECT.value
        checks = (
            _foreign_keys_checked_once(table) if len(ties) >= BULK_CHECK_ROWS else nullcontext()
        )
        with (
            checks,
            connection.wrap_database_errors,  # psycopg's own cursor: IntegrityError as Django's
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy,
        ):
            for start in range(0, len(ties), BATCH):
                copy.write(
                    "".join(
                        f"{fixed_before}{int(source)}\t{int(target)}\t{kind}\t"
                        f"{float(weight)!r}{fixed_after}"
                        for source, target, weight in ties[start : start + BATCH]
                    )
                )
                progress(min(start + BATCH, len(ties)))
        return
    value = connection.ops.adapt_datetimefield_value(stamp)
    head = f"INSERT INTO {quote(table)} ({columns}) VALUES "  # noqa: S608 - names from the model
    row_marks = "(" + ", ".join(["%s"] * len(TIE_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(ties), INSERT_ROWS):
            chunk = ties[start : start + INSERT_ROWS]
            cursor.execute(
                head + ", ".join([row_marks] * len(chunk)),
                [
                    column
                    for source, target, weight in chunk
                    for column in (
                        value,
                        value,
                        group_id,
                        source,
                        target,
                        TieKind.JOINT_PROJECT,
                        weight,
                        SOURCE_NAME,
                        "",
                    )
                ],
            )
            progress(start + len(chunk))


def _update_weights(rows: Iterable[tuple[Any, ...]]) -> None:
    """(weight, updated_at, id) rows; plain UPDATEs for the reason `_insert_ties` gives."""
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608 - model names
        quote(Tie._meta.db_table), quote("weight"), quote("updated_at"), quote("id")
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def _save(
    *, found: Participations, group: StakeholderGroup, actor: Any, report: Progress
) -> ImportCounts:
    import numpy as np

    from scaleup.network.analysis import project_coparticipation

    ids, created, matched = _organisations(found, report)
    project_keys = {key: i for i, key in enumerate(sorted({p for p, _ in found.pairs}))}
    pics = sorted(found.organisations)
    position = {pic: i for i, pic in enumerate(pics)}
    pairs = sorted(found.pairs)
    sources, targets, weights = project_coparticipation(
        np.array([project_keys[p] for p, _ in pairs], dtype=np.int64),
        np.array([position[pic] for _, pic in pairs], dtype=np.int64),
        len(pics),
    )
    org_ids = np.array([ids[pic] for pic in pics], dtype=np.int64)
    ends = np.sort(np.stack([org_ids[sources], org_ids[targets]], axis=1), axis=1)
    existing = {
        (s, t): (pk, weight)
        for pk, s, t, weight in Tie.objects.filter(
            group=group, kind=TieKind.JOINT_PROJECT, valid_from__isnull=True
        ).values_list("pk", "source_id", "target_id", "weight")
    }
    now = timezone.now()
    found_ties = list(zip(ends[:, 0].tolist(), ends[:, 1].tolist(), weights.tolist(), strict=True))
    fresh = [tie for tie in found_ties if (tie[0], tie[1]) not in existing]
    # A re-import changes only the ties whose number of shared projects changed.
    changed = [
        (existing[(source, target)][0], weight)
        for source, target, weight in found_ties
        if (source, target) in existing and existing[(source, target)][1] != weight
    ]
    total = len(fresh) + len(changed)
    stamp = connection.ops.adapt_datetimefield_value(now)
    _insert_ties(
        group_id=group.pk,
        stamp=now,
        ties=fresh,
        progress=lambda inserted: report(_("ties"), inserted, total),
    )
    done = len(fresh)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        _update_weights((weight, stamp, pk) for pk, weight in batch)
        done += len(batch)
        report(_("ties"), done, total)
    if not total:
        report(_("ties"), 1, 1)
    counts = ImportCounts(
        organisations_created=created,
        organisations_matched=matched,
        projects=len(project_keys),
        ties_created=len(fresh),
        ties_updated=len(changed),
    )
    record(
        actor=actor,
        action="network.cordis.imported",
        target=group,
        files=found.files,
        **counts.__dict__,
    )
    services.request_analysis(group.pk)
    return counts


def import_cordis(
    *,
    group: StakeholderGroup,
    directory: Path,
    actor: Any,
    progress: Progress | None = None,
) -> ImportCounts:
    """Read, check, then save everything in one transaction (or nothing)."""
    report = progress or (lambda stage, done, total: None)
    found = read_folder(directory)
    report(_("reading"), 1, 1)
    try:
        with transaction.atomic():
            return _save(found=found, group=group, actor=actor, report=report)
    except IntegrityError as refused:
        # Only a change made meanwhile gets here (say, an organisation deleted while the
        # import ran): the data itself was checked before anything was written.
        raise CordisError(
            [
                _(
                    "The database refused the ties (%(reason)s). Were organisations changed "
                    "during the import? Run it again."
                )
                % {"reason": str(refused).strip().splitlines()[0]}
            ]
        ) from refused
