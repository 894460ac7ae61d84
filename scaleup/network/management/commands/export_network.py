"""`scaleup export-network FILE --group SLUG [--format csv|gexf]`: every organisation of
the group's latest network analysis with all its scores and community (CSV), or the whole
graph for Gephi (GEXF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.network.exports import write_csv, write_gexf
from scaleup.network.management.commands._group import group_named
from scaleup.network.selectors import latest_snapshot

FORMATS = ("csv", "gexf")


class Command(BaseCommand):
    help = "Export the group's analysed cooperation network as CSV or GEXF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--group", required=True, help="the stakeholder group's slug")
        parser.add_argument(
            "--format", choices=FORMATS, help="csv or gexf (default: from the file's extension)"
        )

    def handle(
        self, *args: Any, file: Path, group: str, format: str | None, **options: Any
    ) -> None:
        chosen = format or file.suffix.lower().lstrip(".")
        if chosen not in FORMATS:
            raise CommandError(
                _("Choose --format csv or gexf (the file's extension %(suffix)r says neither).")
                % {"suffix": file.suffix}
            )
        target = group_named(group)
        snapshot = latest_snapshot(target)
        if snapshot is None:
            raise CommandError(
                _("The network of %(group)s has not been analysed yet; run analyse-network.")
                % {"group": target.slug}
            )
        try:
            with file.open("w", encoding="utf-8", newline="") as stream:
                if chosen == "csv":
                    write_csv(snapshot, stream)
                else:
                    write_gexf(snapshot, stream)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s")
                % {"file": file, "reason": exc.strerror or exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(file)s: %(nodes)d organisations, %(edges)d ties.")
                % {"file": file, "nodes": snapshot.nodes, "edges": snapshot.edges}
            )
        )
