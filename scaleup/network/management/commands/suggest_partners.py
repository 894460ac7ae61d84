"""`scaleup suggest-partners ORG --group SLUG [--top N]`: whom to introduce an organisation
to, from the group's latest network analysis, each suggestion with its reason."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from scaleup.network.management.commands._group import group_named
from scaleup.network.selectors import explain, latest_snapshot, suggested_partners
from scaleup.stakeholders.models import Organisation


def organisation_named(text: str) -> Organisation:
    """By id, PIC or exact name (case-insensitive)."""
    query = Q(name__iexact=text)
    if text.isdigit():
        query |= Q(pk=int(text)) | Q(pic=text)
    found = list(Organisation.objects.filter(query)[:2])
    if len(found) != 1:
        raise CommandError(
            _("No organisation is called %(name)s.") % {"name": text}
            if not found
            else _("%(name)s names more than one organisation; use its id.") % {"name": text}
        )
    return found[0]


class Command(BaseCommand):
    help = "Suggest cooperation partners for an organisation (its id, PIC or name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="id, PIC or name")
        parser.add_argument("--group", required=True, help="the stakeholder group's slug")
        parser.add_argument("--top", type=int, default=10)

    def handle(self, *args: Any, organisation: str, group: str, top: int, **options: Any) -> None:
        if top < 1:
            raise CommandError(_("--top must be at least 1."))
        target = group_named(group)
        found = organisation_named(organisation)
        snapshot = latest_snapshot(target)
        if snapshot is None:
            raise CommandError(
                _("The network of %(group)s has not been analysed yet; run analyse-network.")
                % {"group": target.slug}
            )
        suggestions = suggested_partners(snapshot, found, top=top)
        if not suggestions:
            self.stdout.write(
                _("No suggestions for %(name)s: it has no partners of partners in this network.")
                % {"name": found.name}
            )
            return
        for rank, suggestion in enumerate(suggestions, start=1):
            self.stdout.write(
                f"{rank:>3}. {suggestion.organisation.name} ({suggestion.score:.3f}): "
                f"{explain(suggestion)}"
            )
