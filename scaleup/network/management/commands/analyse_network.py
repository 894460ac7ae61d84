"""`scaleup analyse-network [--group SLUG]`: analyse groups' networks now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scaleup.network.management.commands._group import group_named
from scaleup.network.models import AnalysisState, Tie
from scaleup.network.services import run_analysis
from scaleup.stakeholders.models import StakeholderGroup


class Command(BaseCommand):
    help = "Analyse the cooperation network of a group (or of every group with ties)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", help="the stakeholder group's slug (default: all)")

    def handle(self, *args: Any, group: str | None, **options: Any) -> None:
        if group:
            groups = [group_named(group)]
        else:
            with_ties = Tie.objects.values("group_id").distinct()
            groups = list(StakeholderGroup.objects.filter(pk__in=with_ties))
        for target in groups:
            snapshot = run_analysis(target.pk)
            if snapshot is None:
                state = AnalysisState.objects.get(group=target)
                if state.last_error:
                    raise CommandError(
                        _("The analysis of %(group)s failed: %(error)s")
                        % {"group": target.slug, "error": state.last_error}
                    )
                self.stdout.write(
                    _("%(group)s: an analysis is already running; it will include the latest ties.")
                    % {"group": target.slug}
                )
                continue
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "%(group)s: %(nodes)d organisations, %(edges)d ties, %(communities)d "
                        "communities (modularity %(modularity).3f), in %(ms)d ms."
                    )
                    % {
                        "group": target.slug,
                        "nodes": snapshot.nodes,
                        "edges": snapshot.edges,
                        "communities": snapshot.communities,
                        "modularity": snapshot.modularity,
                        "ms": snapshot.duration_ms,
                    }
                )
            )
