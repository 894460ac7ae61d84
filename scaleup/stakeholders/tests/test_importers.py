from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from scaleup.core.models import AuditEntry
from scaleup.stakeholders.importers import (
    COLUMNS,
    POLISH_KIND_LABELS,
    FileFormatError,
    ImportFailed,
    RowError,
    export_organisations,
    import_organisations,
    read_rows,
)
from scaleup.stakeholders.models import Membership, Organisation, OrganisationKind
from scaleup.stakeholders.tests.factories import OrganisationFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

HEADER = ["name", "kind", "city", "country", "website", "email", "description"]
GOOD_ROWS = [
    [
        "Lubelski Klaster Ekoenergetyczny",
        "cluster",
        "Lublin",
        "PL",
        "https://lke.example.org",
        "biuro@lke.example.org",
        "Energia odnawialna",
    ],
    ["Urząd Marszałkowski", "regional_authority", "Lublin", "", "", "", ""],
    [
        "Politechnika Lubelska",
        "university",
        "Lublin",
        "pl",
        "pollub.example.org",
        "",
        "Uczelnia techniczna",
    ],
]


@pytest.fixture
def english() -> Iterator[None]:
    """Message texts are asserted in their English source form."""
    with translation.override("en"):
        yield


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], *, delimiter: str = ",", bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def run_import(path: Path) -> int:
    return import_organisations(rows=read_rows(path), actor=None, filename=path.name)


def failure_of(path: Path) -> list[RowError]:
    with pytest.raises(ImportFailed) as caught:
        run_import(path)
    return caught.value.errors


def positions(errors: Sequence[RowError]) -> list[tuple[int, str]]:
    return [(error.row, error.column) for error in errors]


def test_good_csv_imports_every_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [HEADER, *GOOD_ROWS])

    assert run_import(path) == 3

    cluster = Organisation.objects.get(name="Lubelski Klaster Ekoenergetyczny")
    assert cluster.kind == OrganisationKind.CLUSTER
    assert cluster.email == "biuro@lke.example.org"
    assert cluster.website == "https://lke.example.org"
    assert Organisation.objects.get(name="Urząd Marszałkowski").country == "PL"
    assert Organisation.objects.get(name="Politechnika Lubelska").country == "PL"


def test_good_xlsx_imports_every_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "orgs.xlsx", [HEADER, *GOOD_ROWS])

    assert run_import(path) == 3

    assert sorted(Organisation.objects.values_list("name", flat=True)) == sorted(
        row[0] for row in GOOD_ROWS
    )


def test_semicolon_separated_csv_is_read(tmp_path: Path) -> None:
    rows = [HEADER, ["Fundacja Rozwoju, Lublin", "ngo", "Lublin", "PL", "", "", "a, b; c"]]
    path = write_csv(tmp_path / "orgs.csv", rows, delimiter=";")

    assert run_import(path) == 1

    organisation = Organisation.objects.get()
    assert organisation.name == "Fundacja Rozwoju, Lublin"
    assert organisation.description == "a, b; c"


def test_csv_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [HEADER, *GOOD_ROWS], bom=True)

    assert run_import(path) == 3


@pytest.mark.parametrize(("kind", "label"), list(POLISH_KIND_LABELS.items()))
def test_polish_kind_label_is_accepted(tmp_path: Path, kind: str, label: str) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "kind"], ["Firma", label.upper()]])

    run_import(path)

    assert Organisation.objects.get().kind == kind


@pytest.mark.parametrize(
    "spelling", ["large_enterprise", "Large Enterprise", "  large  enterprise"]
)
def test_kind_code_and_english_label_are_accepted(tmp_path: Path, spelling: str) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "kind"], ["Firma", spelling]])

    run_import(path)

    assert Organisation.objects.get().kind == OrganisationKind.LARGE_ENTERPRISE


@pytest.mark.usefixtures("english")
def test_bad_rows_are_each_reported_and_nothing_is_saved(tmp_path: Path) -> None:
    rows = [
        HEADER,
        GOOD_ROWS[0],  # row 2
        ["Firma A", "spaceship", "", "", "", "", ""],  # row 3: kind
        GOOD_ROWS[1],  # row 4
        ["Firma B", "sme", "", "", "", "not-an-email", ""],  # row 5: email
        ["", "sme", "Lublin", "", "", "", ""],  # row 6: name
        GOOD_ROWS[2],  # row 7
    ]
    path = write_csv(tmp_path / "orgs.csv", rows)

    errors = failure_of(path)

    assert positions(errors) == [(3, "kind"), (5, "email"), (6, "name")]
    assert "spaceship is not one of the available choices" in errors[0].message
    assert errors[1].message == "Enter a valid email address."
    assert errors[2].message == "This field is required."
    assert not Organisation.objects.exists()


def test_every_error_of_one_row_is_reported(tmp_path: Path) -> None:
    rows = [HEADER, ["", "", "", "POL", "not a url", "nope", ""]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    errors = failure_of(path)

    assert positions(errors) == [
        (2, "name"),
        (2, "kind"),
        (2, "country"),
        (2, "website"),
        (2, "email"),
    ]


@pytest.mark.usefixtures("english")
def test_duplicate_name_within_file_is_reported(tmp_path: Path) -> None:
    rows = [HEADER, GOOD_ROWS[0], GOOD_ROWS[1], ["LUBELSKI klaster ekoenergetyczny", "sme"]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    errors = failure_of(path)

    assert positions(errors) == [(4, "name")]
    assert "row 2" in errors[0].message
    assert not Organisation.objects.exists()


@pytest.mark.usefixtures("english")
def test_name_already_in_database_is_reported(tmp_path: Path) -> None:
    OrganisationFactory.create(name="Politechnika Lubelska")
    path = write_csv(
        tmp_path / "orgs.csv", [HEADER, GOOD_ROWS[0], ["POLITECHNIKA lubelska", "sme"]]
    )

    errors = failure_of(path)

    assert positions(errors) == [(3, "name")]
    assert "already exists" in errors[0].message
    assert Organisation.objects.count() == 1


def test_missing_required_column_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "city"], ["Firma", "Lublin"]])

    with pytest.raises(ImportFailed) as caught:
        read_rows(path)

    assert positions(caught.value.errors) == [(1, "kind")]


@pytest.mark.usefixtures("english")
def test_unknown_column_is_reported_by_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "kind", "citty"], ["Firma", "sme", "Lublin"]])

    with pytest.raises(ImportFailed) as caught:
        read_rows(path)

    assert positions(caught.value.errors) == [(1, "citty")]
    assert "citty" in caught.value.errors[0].message


def test_header_names_ignore_case_and_spaces(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [[" Name ", "KIND"], ["Firma", "sme"]])

    assert run_import(path) == 1


def test_empty_trailing_rows_are_ignored(tmp_path: Path) -> None:
    rows = [HEADER, *GOOD_ROWS, [""] * len(HEADER), [], ["", " "]]
    path = write_xlsx(tmp_path / "orgs.xlsx", rows)

    assert run_import(path) == 3


def test_row_numbers_count_skipped_empty_rows(tmp_path: Path) -> None:
    rows = [HEADER, GOOD_ROWS[0], [], ["Firma", "spaceship"]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    assert positions(failure_of(path)) == [(4, "kind")]


def test_value_under_a_column_without_header_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [["name", "kind"], ["Firma", "sme", "stray"]])

    with pytest.raises(ImportFailed) as caught:
        read_rows(path)

    assert positions(caught.value.errors) == [(2, "")]


def test_group_column_makes_organisation_a_member_from_today(tmp_path: Path) -> None:
    group = StakeholderGroupFactory.create(slug="rsg-lubelskie")
    path = write_csv(
        tmp_path / "orgs.csv", [["name", "kind", "group"], ["Firma", "sme", "rsg-lubelskie"]]
    )

    run_import(path)

    membership = Membership.objects.get()
    assert membership.group == group
    assert membership.organisation.name == "Firma"
    assert membership.joined_on == timezone.localdate()


def test_joined_on_column_sets_membership_date(tmp_path: Path) -> None:
    StakeholderGroupFactory.create(slug="rsg-lubelskie")
    rows = [["name", "kind", "group", "joined_on"], ["Firma", "sme", "rsg-lubelskie", "2019-11-28"]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    run_import(path)

    assert Membership.objects.get().joined_on == dt.date(2019, 11, 28)


def test_xlsx_date_cell_is_read_as_joined_on(tmp_path: Path) -> None:
    StakeholderGroupFactory.create(slug="rsg-lubelskie")
    rows: list[list[object]] = [
        ["name", "kind", "group", "joined_on"],
        ["Firma", "sme", "rsg-lubelskie", dt.date(2020, 1, 15)],
    ]
    path = write_xlsx(tmp_path / "orgs.xlsx", rows)

    run_import(path)

    assert Membership.objects.get().joined_on == dt.date(2020, 1, 15)


def test_unknown_group_is_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "orgs.csv", [["name", "kind", "group"], ["Firma", "sme", "no-such-group"]]
    )

    assert positions(failure_of(path)) == [(2, "group")]
    assert not Membership.objects.exists()


def test_joined_on_without_group_is_reported(tmp_path: Path) -> None:
    rows = [["name", "kind", "joined_on"], ["Firma", "sme", "2019-11-28"]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    assert positions(failure_of(path)) == [(2, "joined_on")]


def test_joined_on_must_be_an_iso_date(tmp_path: Path) -> None:
    StakeholderGroupFactory.create(slug="rsg-lubelskie")
    rows = [["name", "kind", "group", "joined_on"], ["Firma", "sme", "rsg-lubelskie", "28.11.2019"]]
    path = write_csv(tmp_path / "orgs.csv", rows)

    assert positions(failure_of(path)) == [(2, "joined_on")]


def test_import_writes_one_audit_entry(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [HEADER, *GOOD_ROWS])

    run_import(path)

    entry = AuditEntry.objects.get()
    assert entry.action == "stakeholders.organisations.imported"
    assert entry.data == {"count": 3, "file": "orgs.csv"}


def test_failed_import_writes_no_audit_entry(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", [HEADER, ["Firma", "spaceship"]])

    failure_of(path)

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trips_into_empty_database(tmp_path: Path, suffix: str) -> None:
    OrganisationFactory.create(
        name="Łódzka Fundacja „Razem”",
        kind=OrganisationKind.NGO,
        city="Łódź",
        country="PL",
        website="https://razem.example.org",
        email="razem@example.org",
        description="Wiersz pierwszy\nwiersz drugi; z przecinkiem, też",
    )
    OrganisationFactory.create(name="=HYPERLINK(1)", kind=OrganisationKind.SME, country="DE")
    OrganisationFactory.create(name="-minus", kind=OrganisationKind.CLUSTER, city="")
    fields = ["name", "kind", "city", "country", "website", "email", "description"]
    before = list(Organisation.objects.order_by("name").values_list(*fields))
    path = tmp_path / f"export{suffix}"

    assert export_organisations(path) == 3
    Organisation.objects.all().delete()
    assert run_import(path) == 3

    assert list(Organisation.objects.order_by("name").values_list(*fields)) == before


def test_export_writes_kind_as_code_in_import_columns(tmp_path: Path) -> None:
    OrganisationFactory.create(name="Firma", kind=OrganisationKind.LARGE_ENTERPRISE)
    path = tmp_path / "export.csv"

    export_organisations(path)

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) <= set(COLUMNS)
    assert rows[0]["kind"] == "large_enterprise"


def test_xlsx_export_keeps_formula_like_names_as_text(tmp_path: Path) -> None:
    OrganisationFactory.create(name="=1+1")
    path = tmp_path / "export.xlsx"

    export_organisations(path)

    sheet = load_workbook(path).worksheets[0]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orgs.txt"
    path.write_text("name,kind\nFirma,sme\n")

    with pytest.raises(FileFormatError):
        read_rows(path)


def test_csv_not_in_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes("name,kind\nŁódź,sme\n".encode("cp1250"))

    with pytest.raises(FileFormatError):
        read_rows(path)
