"""Back office for the cooperation network: ties are edited here (audited); snapshots,
scores and analysis states are read-only (the analysis writes them)."""

from __future__ import annotations

from django.contrib import admin

from scaleup.core.admin_audit import AuditedModelAdmin, ReadOnlyModelAdmin
from scaleup.network.models import AnalysisState, NetworkSnapshot, NodeScore, Tie


@admin.register(Tie)
class TieAdmin(AuditedModelAdmin[Tie]):
    list_display = ("source", "target", "kind", "weight", "group", "valid_from", "valid_to")
    list_filter = ("kind", "group")
    search_fields = ("source__name", "target__name", "source_name")
    list_select_related = ("source", "target", "group")
    autocomplete_fields = ("source", "target")
    raw_id_fields = ("created_by",)


@admin.register(NetworkSnapshot)
class NetworkSnapshotAdmin(ReadOnlyModelAdmin):
    list_display = ("group", "computed_at", "nodes", "edges", "communities", "duration_ms")
    list_filter = ("group",)
    search_fields = ("group__name_pl", "group__slug")
    exclude = ("graph",)


@admin.register(NodeScore)
class NodeScoreAdmin(ReadOnlyModelAdmin):
    list_display = ("organisation", "snapshot", "degree", "brokerage", "community", "is_gap")
    list_filter = ("is_gap",)
    search_fields = ("organisation__name",)
    list_select_related = ("organisation", "snapshot__group")


@admin.register(AnalysisState)
class AnalysisStateAdmin(ReadOnlyModelAdmin):
    list_display = ("group", "pending", "running", "started_at", "finished_at", "runs")
    list_filter = ("pending", "running")
    search_fields = ("group__name_pl", "group__slug")
