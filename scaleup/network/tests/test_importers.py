"""`scaleup import-ties`: all or nothing, every problem with its row and column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.models import OrganisationKind, StakeholderGroup
from scaleup.stakeholders.tests.factories import OrganisationFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

HEADER = "organisation,partner,kind,weight,valid_from,valid_to,source,evidence\n"


@pytest.fixture
def group() -> StakeholderGroup:
    OrganisationFactory.create(name="Klaster Dolina", kind=OrganisationKind.CLUSTER)
    OrganisationFactory.create(name="AgroSmak", kind=OrganisationKind.SME, pic="999888777")
    OrganisationFactory.create(name="Politechnika", kind=OrganisationKind.UNIVERSITY)
    return StakeholderGroupFactory.create(slug="lubelskie")


def _run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ties", str(path), "--group", "lubelskie", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "ties.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_valid_file_creates_every_tie(group: StakeholderGroup, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "AgroSmak,Klaster Dolina,członkostwo w klastrze,,2020-01-01,,ankieta,\n"
        "999888777,Politechnika,R&D cooperation,2.5,,,,bony na innowacje\n",
    )
    out, _ = _run(path)
    assert "2 new, 0 updated" in out
    membership = Tie.objects.get(kind=TieKind.CLUSTER_MEMBERSHIP)
    assert (membership.source.name, membership.target.name) == ("AgroSmak", "Klaster Dolina")
    assert Tie.objects.get(kind=TieKind.RD_COOPERATION).weight == 2.5


def test_importing_again_updates_instead_of_duplicating(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    _run(_csv(tmp_path, "AgroSmak,Politechnika,informal,1,,,,\n"))
    out, _ = _run(_csv(tmp_path, "AgroSmak,Politechnika,informal,4,,,,\n"))
    assert "0 new, 1 updated" in out
    assert Tie.objects.get().weight == 4


def test_bad_rows_are_all_reported_and_nothing_is_saved(
    group: StakeholderGroup, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "AgroSmak,Politechnika,informal,1,,,,\n"
        "AgroSmak,AgroSmak,informal,1,,,,\n"
        "Nieznana Firma,Politechnika,informal,1,,,,\n"
        "AgroSmak,Politechnika,friendship,-1,2024-13-01,,,\n"
        "Politechnika,AgroSmak,informal,1,,,,\n"
        "AgroSmak,Politechnika,cluster membership,1,,,,\n",
    )
    with pytest.raises(CommandError, match="errors found; nothing was imported"):
        _run(path)
    assert not Tie.objects.exists()


def test_error_lines_name_row_and_column(group: StakeholderGroup, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "AgroSmak,AgroSmak,informal,1,,,,\n"
        "Nieznana Firma,Politechnika,informal,abc,,,,\n"
        "AgroSmak,Politechnika,friendship,1,2024-13-01,,,\n"
        "AgroSmak,Politechnika,informal,1,,,,\n"
        "Politechnika,AgroSmak,informal,2,,,,\n"
        "AgroSmak,Politechnika,cluster membership,1,,,,\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ties", str(path), "--group", "lubelskie", stderr=err)
    lines = err.getvalue().splitlines()
    assert "row 2, column partner: An organisation cannot have a tie to itself." in lines
    assert any(line.startswith("row 3, column organisation: No organisation") for line in lines)
    assert any(line.startswith("row 3, column weight:") for line in lines)
    assert any(
        line.startswith("row 4, column kind: Unknown kind of tie friendship") for line in lines
    )
    assert "row 4, column valid_from: Write the date as YYYY-MM-DD." in lines
    assert "row 6, column partner: The same tie is already on row 5 of this file." in lines
    assert any(line.startswith("row 7, column partner: Cluster membership") for line in lines)


def test_unknown_column_is_refused(group: StakeholderGroup, tmp_path: Path) -> None:
    path = tmp_path / "ties.csv"
    path.write_text("organisation,partner,kind,colour\nAgroSmak,Politechnika,informal,red\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ties", str(path), "--group", "lubelskie", stderr=err)
    assert "row 1, column colour: Unknown column colour" in err.getvalue()


def test_xlsx_file_is_read(group: StakeholderGroup, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["organisation", "partner", "kind", "weight"])
    sheet.append(["AgroSmak", "Politechnika", "wspólny projekt", 3])
    path = tmp_path / "ties.xlsx"
    workbook.save(path)
    _run(path)
    assert Tie.objects.get().kind == TieKind.JOINT_PROJECT


def test_dry_run_saves_nothing(group: StakeholderGroup, tmp_path: Path) -> None:
    out, _ = _run(_csv(tmp_path, "AgroSmak,Politechnika,informal,1,,,,\n"), "--dry-run")
    assert "1 tie would be imported" in out
    assert not Tie.objects.exists()


def test_unknown_group_is_named(group: StakeholderGroup, tmp_path: Path) -> None:
    path = _csv(tmp_path, "AgroSmak,Politechnika,informal,1,,,,\n")
    with pytest.raises(CommandError, match="No stakeholder group attica; the groups are"):
        call_command("import_ties", str(path), "--group", "attica")


def test_an_overlong_source_is_an_error(group: StakeholderGroup, tmp_path: Path) -> None:
    path = _csv(tmp_path, "AgroSmak,Politechnika,informal,1,,," + "x" * 201 + ",\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ties", str(path), "--group", "lubelskie", stderr=err)
    assert "row 2, column source: At most 200 characters, not 201." in err.getvalue()
    assert not Tie.objects.exists()
