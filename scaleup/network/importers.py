"""Import of ties from a spreadsheet (`scaleup import-ties FILE --group SLUG`).

All or nothing, like the organisation import: every row is checked first and every problem
is reported with its spreadsheet row and column. A row naming a tie that is already on
record updates it (weight, dates, source, evidence), so a corrected file can be imported
again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scaleup.core.audit import record
from scaleup.network import services
from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.importers import ImportFailed, RowError, SheetRow
from scaleup.stakeholders.models import Organisation, StakeholderGroup

COLUMNS = (
    "organisation",
    "partner",
    "kind",
    "weight",
    "valid_from",
    "valid_to",
    "source",
    "evidence",
)
REQUIRED_COLUMNS = ("organisation", "partner", "kind")
SOURCE_MAX_LENGTH = Tie._meta.get_field("source_name").max_length or 200

# Polish labels people type, spelled out so they work where the catalogue is not compiled.
POLISH_KIND_LABELS: Mapping[str, str] = {
    TieKind.CLUSTER_MEMBERSHIP: "członkostwo w klastrze",
    TieKind.JOINT_PROJECT: "wspólny projekt",
    TieKind.RD_COOPERATION: "współpraca B+R",
    TieKind.SUPPLY_CHAIN: "łańcuch dostaw",
    TieKind.INFORMAL: "współpraca nieformalna",
}


@dataclass(frozen=True)
class TieRow:
    number: int
    source: Organisation
    target: Organisation
    kind: str
    weight: float
    valid_from: dt.date | None
    valid_to: dt.date | None
    source_name: str
    evidence: str


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int


def kind_lookup() -> dict[str, str]:
    """Every way a kind may be written (value, English and Polish label) -> value."""
    lookup: dict[str, str] = {}
    for value, label in TieKind.choices:
        lookup[value.casefold()] = value
        lookup[value.replace("_", " ").casefold()] = value
        with translation.override("en"):
            lookup[str(label).casefold()] = value
        with translation.override("pl"):
            lookup[str(label).casefold()] = value
        lookup[POLISH_KIND_LABELS[value].casefold()] = value
    return lookup


def _organisations() -> tuple[dict[str, Organisation], dict[str, Organisation]]:
    """By case-folded name and by PIC. Compared in Python: SQLite's lower() folds ASCII only."""
    by_name: dict[str, Organisation] = {}
    by_pic: dict[str, Organisation] = {}
    for organisation in Organisation.objects.only("id", "name", "kind", "pic"):
        by_name[organisation.name.casefold()] = organisation
        if organisation.pic:
            by_pic[organisation.pic] = organisation
    return by_name, by_pic


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value.strip())


def _parse_row(
    row: SheetRow,
    *,
    by_name: Mapping[str, Organisation],
    by_pic: Mapping[str, Organisation],
    kinds: Mapping[str, str],
) -> tuple[TieRow | None, list[RowError]]:
    values = {column: row.values.get(column, "").strip() for column in COLUMNS}
    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(row.number, column, message))

    if len(values["source"]) > SOURCE_MAX_LENGTH:
        error(
            "source",
            _("At most %(limit)d characters, not %(length)d.")
            % {"limit": SOURCE_MAX_LENGTH, "length": len(values["source"])},
        )
    ends: dict[str, Organisation | None] = {}
    for column in ("organisation", "partner"):
        text = values[column]
        found = by_pic.get(text) if text.isdigit() else None
        found = found or by_name.get(text.casefold())
        if not text:
            error(column, _("Enter an organisation's name or PIC."))
        elif found is None:
            error(
                column,
                _("No organisation is called %(name)s; import it first.") % {"name": text},
            )
        ends[column] = found
    kind = kinds.get(values["kind"].casefold(), "")
    if not values["kind"]:
        error("kind", _("Enter the kind of tie."))
    elif not kind:
        error(
            "kind",
            _("Unknown kind of tie %(kind)s; use one of: %(kinds)s.")
            % {"kind": values["kind"], "kinds": ", ".join(TieKind.values)},
        )
    weight: float | None = 1.0
    if values["weight"]:
        try:
            weight = float(values["weight"].replace(",", "."))
        except ValueError:
            weight = None
    dates: dict[str, dt.date | None] = {}
    for column in ("valid_from", "valid_to"):
        try:
            dates[column] = _date(values[column]) if values[column] else None
        except ValueError:
            error(column, _("Write the date as YYYY-MM-DD."))
            dates[column] = None
    for field, message in services.tie_problems(
        source=ends["organisation"],
        target=ends["partner"],
        kind=kind or TieKind.INFORMAL,  # an unknown kind is reported above
        weight=weight,
        valid_from=dates["valid_from"],
        valid_to=dates["valid_to"],
    ).items():
        error({"target": "partner", "source": "organisation"}.get(field, field), message)
    source, target = ends["organisation"], ends["partner"]
    if errors or source is None or target is None or weight is None or not kind:
        return None, errors
    source, target = services.ordered(source, target, kind)
    return (
        TieRow(
            number=row.number,
            source=source,
            target=target,
            kind=kind,
            weight=weight,
            valid_from=dates["valid_from"],
            valid_to=dates["valid_to"],
            source_name=values["source"],
            evidence=values["evidence"],
        ),
        [],
    )


def validate_rows(rows: Iterable[SheetRow]) -> list[TieRow]:
    """Check every row, so one run reports every problem; raise ImportFailed if any."""
    by_name, by_pic = _organisations()
    kinds = kind_lookup()
    valid: list[TieRow] = []
    errors: list[RowError] = []
    first_row_of: dict[tuple[int, int, str, dt.date | None], int] = {}
    for row in rows:
        parsed, row_errors = _parse_row(row, by_name=by_name, by_pic=by_pic, kinds=kinds)
        if parsed is not None:
            key = (parsed.source.pk, parsed.target.pk, parsed.kind, parsed.valid_from)
            if key in first_row_of:
                row_errors.append(
                    RowError(
                        row.number,
                        "partner",
                        _("The same tie is already on row %(row)d of this file.")
                        % {"row": first_row_of[key]},
                    )
                )
            else:
                first_row_of[key] = row.number
                valid.append(parsed)
        errors.extend(row_errors)
    if errors:
        raise ImportFailed(errors, columns=COLUMNS)
    return valid


def import_ties(
    *, group: StakeholderGroup, rows: Iterable[SheetRow], actor: Any, filename: str = ""
) -> ImportCounts:
    """Create or update every tie of a valid file, or none of them."""
    with transaction.atomic():
        valid = validate_rows(rows)
        # Only the ties among the file's organisations: the group may hold a million.
        named = {row.source.pk for row in valid} | {row.target.pk for row in valid}
        existing = {
            (tie.source_id, tie.target_id, tie.kind, tie.valid_from): tie
            for tie in Tie.objects.filter(
                group=group, source_id__in=named, target_id__in=named
            ).order_by()
        }
        created: list[Tie] = []
        updated: list[Tie] = []
        now = timezone.now()
        for row in valid:
            tie = existing.get((row.source.pk, row.target.pk, row.kind, row.valid_from))
            if tie is None:
                tie = Tie(group=group, source=row.source, target=row.target, kind=row.kind)
                created.append(tie)
            else:
                tie.updated_at = now
                updated.append(tie)
            tie.weight, tie.valid_from, tie.valid_to = row.weight, row.valid_from, row.valid_to
            tie.source_name = (row.source_name or filename)[:SOURCE_MAX_LENGTH]
            tie.evidence = row.evidence
        Tie.objects.bulk_create(created, batch_size=2000)
        Tie.objects.bulk_update(
            updated,
            ["weight", "valid_from", "valid_to", "source_name", "evidence", "updated_at"],
            batch_size=2000,
        )
        record(
            actor=actor,
            action="network.ties.imported",
            target=group,
            created=len(created),
            updated=len(updated),
            file=filename,
        )
        services.request_analysis(group.pk)
    return ImportCounts(created=len(created), updated=len(updated))
