"""`scaleup export-action-plan PARTNER FILE [--format docx|pdf] [--lang pl|en]
[--instrument CODE]`: the partner's action plan as a document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from scaleup.actionplans import exports, selectors
from scaleup.actionplans.models import ActionPlan


class Command(BaseCommand):
    help = "Write a partner's Interreg action plan to FILE as DOCX or PDF, in Polish or English."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partner", help="the partner's short name (as in the admin) or id")
        parser.add_argument("file", type=Path, help="where to write the document")
        parser.add_argument("--format", choices=exports.FORMATS, default=None)
        parser.add_argument("--lang", choices=exports.LANGUAGES, default="pl")
        parser.add_argument("--instrument", help="the instrument's short name, if several")

    def handle(self, *args: Any, partner: str, file: Path, **options: Any) -> None:
        file_format = options["format"] or file.suffix.lstrip(".").lower() or "docx"
        if file_format not in exports.FORMATS:
            raise CommandError(
                f"Unknown format {file_format!r}: give --format docx or --format pdf."
            )
        match = Q(partner__short_name__iexact=partner)
        if partner.isdigit():
            match |= Q(partner_id=int(partner))
        plans = ActionPlan.objects.filter(match)
        if options["instrument"]:
            plans = plans.filter(instrument__code__iexact=options["instrument"])
        found = list(plans.select_related("instrument"))
        if not found:
            raise CommandError(f"No action plan of partner {partner!r}.")
        if len(found) > 1:
            codes = ", ".join(plan.instrument.code for plan in found)
            raise CommandError(
                f"Partner {partner!r} has several plans ({codes}): add --instrument."
            )
        plan = selectors.plan_page(found[0].pk)
        content = exports.export(plan, file_format=file_format, language=options["lang"])
        try:
            file.write_bytes(content)
        except OSError as failure:
            raise CommandError(f"Cannot write {file}: {failure.strerror}.") from failure
        self.stdout.write(
            self.style.SUCCESS(
                f"Action plan {plan} written to {file} ({file_format}, {options['lang']}, "
                f"{plan.actions.count()} actions, {len(content):,} bytes)."
            )
        )
