"""Bulk import and export of organisations, for the `scaleup` console script.

Partners keep their stakeholder lists in spreadsheets. The import is all or nothing:
every row is checked first and every problem is reported at once with its spreadsheet
row and column, because a half-imported list is harder to fix than a rejected file.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from scaleup.core.audit import record
from scaleup.core.spreadsheets import FORMULA_ESCAPE, FORMULA_TRIGGERS, defuse_formula
from scaleup.stakeholders.models import (
    Membership,
    Organisation,
    OrganisationKind,
    StakeholderGroup,
)
from scaleup.stakeholders.selectors import organisations_for_export

ORGANISATION_COLUMNS = ("name", "kind", "city", "country", "website", "email", "description")
MEMBERSHIP_COLUMNS = ("group", "joined_on")
COLUMNS = ORGANISATION_COLUMNS + MEMBERSHIP_COLUMNS
REQUIRED_COLUMNS = ("name", "kind")
SUPPORTED_SUFFIXES = (".csv", ".xlsx")
HEADER_ROW = 1

# The import must understand the Polish labels people type even where the Polish
# message catalogue is not compiled, so they are spelled out here as well.
POLISH_KIND_LABELS: Mapping[str, str] = {
    OrganisationKind.CLUSTER: "organizacja klastrowa",
    OrganisationKind.LOCAL_GOVERNMENT: "jednostka samorządu terytorialnego",
    OrganisationKind.REGIONAL_AUTHORITY: "władza regionalna",
    OrganisationKind.UNIVERSITY: "uczelnia lub instytut badawczy",
    OrganisationKind.BUSINESS_SUPPORT: "instytucja otoczenia biznesu",
    OrganisationKind.SME: "MŚP",
    OrganisationKind.LARGE_ENTERPRISE: "duże przedsiębiorstwo",
    OrganisationKind.NGO: "organizacja pozarządowa",
    OrganisationKind.ENTERPRISE: "przedsiębiorstwo (wielkość nieznana)",
    OrganisationKind.PUBLIC_BODY: "inny podmiot publiczny",
    OrganisationKind.OTHER: "inna organizacja",
}


class RowError(NamedTuple):
    """One problem in the file; `row` is the spreadsheet row, the header being row 1."""

    row: int
    column: str
    message: str


class SheetRow(NamedTuple):
    """A non-empty data row keyed by column name, with its spreadsheet row number."""

    number: int
    values: dict[str, str]


class ImportFailed(Exception):  # noqa: N818 - the name the callers were promised
    """The file has problems; carries all of them so they can be fixed in one go."""

    def __init__(self, errors: Sequence[RowError], *, columns: Sequence[str] = ()) -> None:
        order = functools.partial(_error_order, columns=tuple(columns) or COLUMNS)
        self.errors = sorted(errors, key=order)
        super().__init__(_("The file has errors; nothing was imported."))


class FileFormatError(ValueError):
    """The file cannot be read at all: wrong extension, wrong encoding or corrupt."""


@dataclass(frozen=True)
class OrganisationRow:
    """A row that passed validation, ready to become an organisation."""

    number: int
    name: str
    kind: str
    city: str
    country: str
    website: str
    email: str
    description: str
    group: StakeholderGroup | None
    joined_on: dt.date | None

    def organisation(self) -> Organisation:
        return Organisation(
            name=self.name,
            kind=self.kind,
            city=self.city,
            country=self.country,
            website=self.website,
            email=self.email,
            description=self.description,
        )


def _error_order(error: RowError, *, columns: tuple[str, ...]) -> tuple[int, int, str]:
    position = columns.index(error.column) if error.column in columns else len(columns)
    return (error.row, position, error.column)


def format_error(error: RowError) -> str:
    """The one-line form the console shows, e.g. `row 3, column kind: …`."""
    if error.column:
        return _("row %(row)d, column %(column)s: %(message)s") % {
            "row": error.row,
            "column": error.column,
            "message": error.message,
        }
    return _("row %(row)d: %(message)s") % {"row": error.row, "message": error.message}


# --- reading ---------------------------------------------------------------------------


def check_suffix(path: Path) -> str:
    """Import and export both pick the format by extension; refuse anything else early."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileFormatError(
            _("Unsupported file type %(suffix)s; use a .csv or .xlsx file.")
            % {"suffix": path.suffix or _("(no extension)")}
        )
    return suffix


def read_rows(
    path: Path,
    *,
    columns: Sequence[str] = COLUMNS,
    required: Sequence[str] = REQUIRED_COLUMNS,
) -> list[SheetRow]:
    """Read a CSV or XLSX file into rows keyed by column; header problems fail at once.
    `columns` and `required` describe the file (organisations unless told otherwise)."""
    suffix = check_suffix(path)
    table = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    return _rows_from_table(table, columns=tuple(columns), required=tuple(required))


def _read_csv(path: Path) -> list[list[str]]:
    try:
        # utf-8-sig drops the byte-order mark that Excel writes in front of "CSV UTF-8".
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            _("%(file)s is not UTF-8 text; save it as “CSV UTF-8” and try again.")
            % {"file": path.name}
        ) from exc
    header_line = text.split("\n", 1)[0]
    # Polish spreadsheet programs separate CSV cells with semicolons. The header holds only
    # column names, so counting separators there is a safer guess than sniffing data rows.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    return list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))


def _read_xlsx(path: Path) -> list[list[str]]:
    unreadable = FileFormatError(
        _("%(file)s is not a readable XLSX workbook.") % {"file": path.name}
    )
    try:
        # data_only gives the values a formula last showed, not the formula text.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged file
        raise unreadable from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # a damaged sheet fails only while it is read
        raise unreadable from exc
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """Spreadsheet cells hold numbers and dates; the form validates text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_table(
    table: list[list[str]], *, columns: tuple[str, ...], required: tuple[str, ...]
) -> list[SheetRow]:
    if not table:
        table = [[]]
    header = [cell.strip().lower() for cell in table[0]]
    _check_header(header, columns=columns, required=required)
    named = [(position, column) for position, column in enumerate(header) if column]
    named_positions = {position for position, _column in named}
    rows: list[SheetRow] = []
    errors: list[RowError] = []
    for number, cells in enumerate(table[1:], start=HEADER_ROW + 1):
        if not any(cell.strip() for cell in cells):
            continue
        if any(
            cell.strip() for position, cell in enumerate(cells) if position not in named_positions
        ):
            errors.append(
                RowError(number, "", _("This row has a value in a column without a header."))
            )
        values = {
            column: _unescape(cells[position]) if position < len(cells) else ""
            for position, column in named
        }
        rows.append(SheetRow(number, values))
    if errors:
        raise ImportFailed(errors, columns=columns)
    return rows


def _check_header(
    header: list[str], *, columns: tuple[str, ...], required: tuple[str, ...]
) -> None:
    errors: list[RowError] = []
    seen: set[str] = set()
    for column in header:
        if not column:
            continue
        if column in seen:
            errors.append(
                RowError(
                    HEADER_ROW,
                    column,
                    _("The column %(column)s appears more than once.") % {"column": column},
                )
            )
        elif column not in columns:
            errors.append(
                RowError(
                    HEADER_ROW,
                    column,
                    _("Unknown column %(column)s; the known columns are: %(columns)s.")
                    % {"column": column, "columns": ", ".join(columns)},
                )
            )
        seen.add(column)
    errors.extend(
        RowError(
            HEADER_ROW,
            column,
            _("The required column %(column)s is missing.") % {"column": column},
        )
        for column in required
        if column not in seen
    )
    if errors:
        raise ImportFailed(errors, columns=columns)


def _unescape(value: str) -> str:
    if value.startswith(FORMULA_ESCAPE) and value[1:2] and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


# --- validation ------------------------------------------------------------------------


def _max_length(field_name: str) -> int | None:
    """Limits come from the model so the form cannot drift from the database."""
    field = Organisation._meta.get_field(field_name)
    return field.max_length if isinstance(field, models.Field) else None


@functools.cache
def kind_lookup() -> dict[str, str]:
    """Every spelling of a kind people may type: the code, the English and Polish labels."""
    lookup: dict[str, str] = {}
    for value, label in OrganisationKind.choices:
        lookup[value.casefold()] = value
        lookup[POLISH_KIND_LABELS[value].casefold()] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


class KindField(forms.ChoiceField):
    """Spreadsheets carry the label people read, not the code; accept both."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=OrganisationKind.choices, **kwargs)

    def to_python(self, value: Any) -> str:
        text = " ".join(str(super().to_python(value)).split())
        return kind_lookup().get(text.casefold(), text)


class OrganisationRowForm(forms.Form):
    """The rules for one row; a Form so that messages are Django's translated ones."""

    name = forms.CharField(max_length=_max_length("name"))
    kind = KindField()
    city = forms.CharField(max_length=_max_length("city"), required=False)
    country = forms.CharField(required=False)
    website = forms.URLField(
        max_length=_max_length("website"), required=False, assume_scheme="https"
    )
    email = forms.EmailField(max_length=_max_length("email"), required=False)
    description = forms.CharField(required=False)
    group = forms.ChoiceField(required=False)
    joined_on = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, data: Mapping[str, str], *, groups: Mapping[str, StakeholderGroup]) -> None:
        super().__init__(data)
        self.groups = groups
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [("", "")] + [(slug, slug) for slug in groups]

    def clean_country(self) -> str:
        country = str(self.cleaned_data["country"]).upper() or "PL"
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise ValidationError(_("Enter a two-letter country code, such as PL."), code="invalid")
        return country

    def clean_group(self) -> StakeholderGroup | None:
        slug = self.cleaned_data["group"]
        return self.groups[slug] if slug else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("joined_on") and "group" in cleaned and cleaned["group"] is None:
            self.add_error("joined_on", _("A joining date needs a group in the group column."))
        return cleaned


def validate_rows(rows: Iterable[SheetRow]) -> list[OrganisationRow]:
    """Check every row, so one run reports every problem; raise ImportFailed if any."""
    groups = {group.slug: group for group in StakeholderGroup.objects.all()}
    # Loaded whole and compared in Python: SQLite's lower() folds only ASCII, and Polish
    # names must clash the way PostgreSQL's Lower(name) constraint makes them clash.
    existing = {name.lower(): name for name in Organisation.objects.values_list("name", flat=True)}
    first_row_of: dict[str, int] = {}
    valid: list[OrganisationRow] = []
    errors: list[RowError] = []
    for row in rows:
        form = OrganisationRowForm(
            {column: row.values.get(column, "") for column in COLUMNS}, groups=groups
        )
        row_errors = [
            RowError(row.number, column if column in COLUMNS else "", str(message))
            for column, messages in form.errors.items()
            for message in messages
        ]
        name = str(form.cleaned_data.get("name", ""))
        if name:
            key = name.lower()
            if key in existing:
                row_errors.append(
                    RowError(
                        row.number,
                        "name",
                        _("An organisation named %(name)s already exists.")
                        % {"name": existing[key]},
                    )
                )
            elif key in first_row_of:
                row_errors.append(
                    RowError(
                        row.number,
                        "name",
                        _("The name %(name)s is already used on row %(row)d of this file.")
                        % {"name": name, "row": first_row_of[key]},
                    )
                )
            else:
                first_row_of[key] = row.number
        if row_errors:
            errors.extend(row_errors)
            continue
        data = form.cleaned_data
        valid.append(
            OrganisationRow(
                number=row.number,
                name=data["name"],
                kind=data["kind"],
                city=data["city"],
                country=data["country"],
                website=data["website"],
                email=data["email"],
                description=data["description"],
                group=data["group"],
                joined_on=data["joined_on"],
            )
        )
    if errors:
        raise ImportFailed(errors)
    return valid


# --- writing ---------------------------------------------------------------------------


def import_organisations(*, rows: Iterable[SheetRow], actor: Any, filename: str = "") -> int:
    """Create every organisation (and membership) of a valid file, or none of them."""
    with transaction.atomic():
        # Validating inside the transaction keeps the name check and the inserts together.
        valid = validate_rows(rows)
        organisations = Organisation.objects.bulk_create(row.organisation() for row in valid)
        today = timezone.localdate()
        Membership.objects.bulk_create(
            Membership(group=row.group, organisation=organisation, joined_on=row.joined_on or today)
            for row, organisation in zip(valid, organisations, strict=True)
            if row.group is not None
        )
        record(
            actor=actor,
            action="stakeholders.organisations.imported",
            target=None,
            count=len(organisations),
            file=filename,
        )
    return len(organisations)


def export_organisations(path: Path) -> int:
    """Write every organisation in the import's format, so a file can move between sites.

    Group columns are left out: the target site may not have the same groups, and an
    organisation can belong to several groups while a row names one.
    """
    suffix = check_suffix(path)
    table = [
        [str(getattr(organisation, column)) for column in ORGANISATION_COLUMNS]
        for organisation in organisations_for_export()
    ]
    if suffix == ".xlsx":
        _write_xlsx(path, table)
    else:
        _write_csv(path, table)
    return len(table)


def _write_csv(path: Path, table: list[list[str]]) -> None:
    # The byte-order mark makes Excel open the file as UTF-8, keeping Polish letters intact.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ORGANISATION_COLUMNS)
        writer.writerows([defuse_formula(value) for value in row] for row in table)


def _write_xlsx(path: Path, table: list[list[str]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("organisations"))
    sheet.append(list(ORGANISATION_COLUMNS))
    for row in table:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            # openpyxl turns text starting with "=" into a formula; keep every cell text.
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
