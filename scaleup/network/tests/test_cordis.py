"""`scaleup import-cordis`: the official CORDIS files and the cleaned H2020 table become
organisations and joint-project ties weighted by shared projects; bad data saves nothing."""

from __future__ import annotations

import gzip
import io
import itertools
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scaleup.core.models import AuditEntry
from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup
from scaleup.stakeholders.tests.factories import OrganisationFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

COOPERATION_DATA = Path(
    os.environ.get(
        "SCALEUP_COOPERATION_DATA",
        Path(__file__).resolve().parents[4] / "shared" / "data" / "cooperation",
    )
)
OFFICIAL_HEADER = "projectID;organisationID;name;SME;activityType;city;country;nutsCode"


@pytest.fixture
def group() -> StakeholderGroup:
    return StakeholderGroupFactory.create(slug="lubelskie")


def _official(tmp_path: Path, rows: list[str], projects: str = "id\n1\n2\n3\n") -> Path:
    folder = tmp_path / "cordis"
    folder.mkdir(parents=True)
    (folder / "organization.csv").write_text(OFFICIAL_HEADER + "\n" + "\n".join(rows) + "\n")
    (folder / "project.csv").write_text(projects)
    return folder


def _import(folder: Path) -> str:
    out = io.StringIO()
    call_command(
        "import_cordis", str(folder), "--group", "lubelskie", stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


OFFICIAL_ROWS = [
    "1;111111111;Lubelski Klaster Ekoenergetyczny;False;OTH;Lublin;PL;PL814",
    "1;222222222;Uniwersytet Przykładowy;False;HES;Lublin;PL;PL814",
    "1;333333333;Firma Mała;True;PRC;Puławy;PL;PL815",
    "2;222222222;Uniwersytet Przykładowy;False;HES;Lublin;PL;PL814",
    "2;333333333;Firma Mała;True;PRC;Puławy;PL;PL815",
    "3;444444444;Koncern Duży;False;PRC;Berlin;DE;DE300",
]


def test_official_files_become_organisations_and_weighted_ties(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    out = _import(_official(tmp_path, OFFICIAL_ROWS))
    assert "3 projects, 4 new and 0 known organisations, 3 new" in out
    kinds = dict(Organisation.objects.values_list("pic", "kind"))
    assert kinds == {
        "111111111": OrganisationKind.CLUSTER,
        "222222222": OrganisationKind.UNIVERSITY,
        "333333333": OrganisationKind.SME,
        "444444444": OrganisationKind.LARGE_ENTERPRISE,
    }
    assert Organisation.objects.get(pic="333333333").nuts_code == "PL815"
    weights = {
        (tie.source.pic, tie.target.pic): tie.weight
        for tie in Tie.objects.select_related("source", "target")
    }
    assert weights[("222222222", "333333333")] == 2  # two shared projects
    assert weights[("111111111", "222222222")] == 1
    assert len(weights) == 3
    assert set(Tie.objects.values_list("kind", flat=True)) == {TieKind.JOINT_PROJECT}


def test_known_organisations_are_matched_by_pic_then_name(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    by_pic = OrganisationFactory.create(name="UP w Lublinie", pic="222222222")
    by_name = OrganisationFactory.create(name="Firma Mała", kind=OrganisationKind.SME)
    out = _import(_official(tmp_path, OFFICIAL_ROWS))
    assert "2 new and 2 known organisations" in out
    by_name.refresh_from_db()
    assert by_name.pic == "333333333"
    assert Tie.objects.filter(source=by_pic, target=by_name).get().weight == 2


def test_importing_again_changes_nothing(group: StakeholderGroup, tmp_path: Path) -> None:
    folder = _official(tmp_path, OFFICIAL_ROWS)
    _import(folder)
    out = _import(folder)
    assert "0 new and 4 known organisations, 0 new and 0 updated ties" in out
    assert Tie.objects.count() == 3


def test_importing_more_projects_updates_the_weights(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    _import(_official(tmp_path / "first", OFFICIAL_ROWS))
    more = [*OFFICIAL_ROWS, "4;111111111;x;False;OTH;Lublin;PL;", "4;222222222;y;False;HES;;PL;"]
    out = _import(_official(tmp_path / "second", more, projects="id\n1\n2\n3\n4\n"))
    assert "0 new and 1 updated ties" in out
    assert Tie.objects.get(source__pic="111111111", target__pic="222222222").weight == 2


def test_bad_rows_are_reported_with_file_row_and_column(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    folder = _official(
        tmp_path,
        [
            *OFFICIAL_ROWS,
            "9;555555555;Spoza Projektów;False;PRC;Lublin;PL;PL814",
            "2;ABC;Zły PIC;False;PRC;Lublin;PL;PL814",
            "2;666666666;Zły Typ;False;XYZ;Lublin;PL;PL814",
            "2;777777777;Zła Flaga;maybe;PRC;Lublin;PL;PL814",
        ],
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 problems found; nothing was imported"):
        call_command("import_cordis", str(folder), "--group", "lubelskie", stderr=err)
    lines = err.getvalue().splitlines()
    assert "organization.csv, row 8, column projectID: project 9 is not in project.csv." in lines
    assert any(line.startswith("organization.csv, row 9, column organisationID:") for line in lines)
    assert any(line.startswith("organization.csv, row 10, column activityType:") for line in lines)
    assert any(line.startswith("organization.csv, row 11, column SME:") for line in lines)
    assert not Organisation.objects.exists()
    assert not Tie.objects.exists()


def test_a_folder_without_cordis_files_is_refused(group: StakeholderGroup, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("import_cordis", str(tmp_path), "--group", "lubelskie", stderr=io.StringIO())


def test_missing_column_is_reported(group: StakeholderGroup, tmp_path: Path) -> None:
    folder = tmp_path / "cordis"
    folder.mkdir()
    (folder / "organization.csv").write_text("projectID;organisationID\n1;111111111\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cordis", str(folder), "--group", "lubelskie", stderr=err)
    assert "organization.csv, row 1, column activityType: the required column is missing." in (
        err.getvalue()
    )


def test_cleaned_h2020_table_is_enriched_from_the_organisation_sample(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    folder = tmp_path / "h2020"
    folder.mkdir()
    table = (
        "rcn,role,pic,type,country\n"
        "10,coordinator,111,HES,PL\n10,participant,222,PRC,PL\n10,participant,333,PRC,DE\n"
        "11,coordinator,222,PRC,PL\n11,participant,111,HES,PL\n"
    )
    (folder / "h2020.csv.gz").write_bytes(gzip.compress(table.encode()))
    (folder / "h2020_organizations_2023-06-12.csv").write_text(
        '"projectID","organisationID","name","SME","city","nutsCode"\n'
        '"900","222","Mała Spółka","True","Lublin",""\n'
    )
    _import(folder)
    small = Organisation.objects.get(pic="222")
    assert (small.name, small.kind, small.city) == ("Mała Spółka", OrganisationKind.SME, "Lublin")
    unknown = Organisation.objects.get(pic="333")
    assert (unknown.name, unknown.kind) == ("PIC 333", OrganisationKind.ENTERPRISE)
    assert Tie.objects.get(source__pic="111", target__pic="222").weight == 2
    assert AuditEntry.objects.filter(action="network.cordis.imported").count() == 1


SAMPLE = COOPERATION_DATA / "cordis-h2020" / "organisations-sample-2023"


@pytest.mark.skipif(
    not SAMPLE.exists(),
    reason=f"the real CORDIS sample is not at {SAMPLE} (set SCALEUP_COOPERATION_DATA)",
)
def test_real_cordis_organisation_file_imports_completely(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    """A real CORDIS organization.csv (the 2023-06-12 sample, comma-separated): every
    organisation is imported and every pair sharing a project gets a tie."""
    import csv

    folder = tmp_path / "real"
    folder.mkdir()
    source = SAMPLE / "h2020_organizations_2023-06-12.csv"
    shutil.copy(source, folder / "organization.csv")
    with source.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    members: dict[str, set[str]] = {}
    for row in rows:
        members.setdefault(row["projectID"], set()).add(row["organisationID"])
    expected = Counter(
        pair for pics in members.values() for pair in itertools.combinations(sorted(pics), 2)
    )
    _import(folder)
    assert Organisation.objects.count() == len({row["organisationID"] for row in rows})
    assert Tie.objects.count() == len(expected)
    assert sum(Tie.objects.values_list("weight", flat=True)) == sum(expected.values())


def _foreign_keys_of_ties() -> list[tuple[str, str, bool]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = 'network_tie'::regclass AND contype = 'f' ORDER BY conname"
        )
        return list(cursor.fetchall())


@pytest.fixture(params=["row by row", "in bulk"])
def foreign_key_checks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways PostgreSQL checks the ties' foreign keys (SQLite has only the first)."""
    from scaleup.network import cordis

    if request.param == "in bulk":
        monkeypatch.setattr(cordis, "BULK_CHECK_ROWS", 1)
    return str(request.param)


@pytest.mark.django_db(transaction=True)
def test_a_tie_to_an_organisation_gone_meanwhile_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, foreign_key_checks: str
) -> None:
    """Transactional, so that foreign keys checked at commit are checked here too."""
    from scaleup.network import cordis

    StakeholderGroupFactory.create(slug="lubelskie")
    real = cordis._organisations

    def one_of_them_deleted(*args: object, **kwargs: object) -> tuple[dict[str, int], int, int]:
        ids, created, matched = real(*args, **kwargs)  # type: ignore[arg-type]
        ids["333333333"] = max(ids.values()) + 1000
        return ids, created, matched

    monkeypatch.setattr(cordis, "_organisations", one_of_them_deleted)
    with pytest.raises(CommandError) as refused:
        _import(_official(tmp_path, OFFICIAL_ROWS))
    assert isinstance(refused.value.__cause__, cordis.CordisError)
    assert "database refused the ties" in refused.value.__cause__.problems[0]
    assert not Organisation.objects.exists()
    assert not Tie.objects.exists()
    assert not AuditEntry.objects.filter(action="network.cordis.imported").exists()


@pytest.mark.django_db(transaction=True)
def test_a_tie_the_table_forbids_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, foreign_key_checks: str
) -> None:
    import numpy as np

    from scaleup.network import analysis

    StakeholderGroupFactory.create(slug="lubelskie")
    real = analysis.project_coparticipation

    def zero_weight(*args: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sources, targets, weights = real(*args)  # type: ignore[arg-type]
        weights[0] = 0
        return sources, targets, weights

    monkeypatch.setattr(analysis, "project_coparticipation", zero_weight)
    with pytest.raises(CommandError):
        _import(_official(tmp_path, OFFICIAL_ROWS))
    assert not Organisation.objects.exists()
    assert not Tie.objects.exists()


def test_a_bulk_import_leaves_the_foreign_keys_as_they_were(
    group: StakeholderGroup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from scaleup.network import cordis

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL imports in bulk")
    before = _foreign_keys_of_ties()
    monkeypatch.setattr(cordis, "BULK_CHECK_ROWS", 1)
    _import(_official(tmp_path, OFFICIAL_ROWS))
    assert Tie.objects.count() == 3
    assert len(before) == 4  # group, source, target, entered by
    assert _foreign_keys_of_ties() == before  # the same names, definitions, all validated
